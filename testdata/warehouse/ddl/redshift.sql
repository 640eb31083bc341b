-- Redshift DDL of the elearn warehouse (database elearn).

CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS crm;

-- one row per learner account; loaded nightly from the product database
CREATE TABLE IF NOT EXISTS raw.users (
    user_id              BIGINT NOT NULL,
    email                VARCHAR(256) NOT NULL,
    first_name           VARCHAR(100),
    last_name            VARCHAR(100),
    ip_address           VARCHAR(45),
    country              CHAR(2),
    signup_at            TIMESTAMP
)
DISTKEY (user_id) SORTKEY (signup_at);

-- instructors and their contractual revenue share
CREATE TABLE IF NOT EXISTS raw.instructors (
    instructor_id        INTEGER NOT NULL,
    user_id              BIGINT NOT NULL,
    display_name         VARCHAR(200),
    revenue_share        DECIMAL(5,4),
    joined_at            TIMESTAMP
)
DISTSTYLE ALL;

-- the course catalogue
CREATE TABLE IF NOT EXISTS raw.courses (
    course_id            INTEGER NOT NULL,
    instructor_id        INTEGER NOT NULL,
    title                VARCHAR(300),
    category             VARCHAR(50),
    list_price           DECIMAL(10,2),
    published_at         TIMESTAMP
)
DISTSTYLE ALL;

-- a learner buying a course; price is what was paid after coupons
CREATE TABLE IF NOT EXISTS raw.enrollments (
    enrollment_id        BIGINT NOT NULL,
    user_id              BIGINT NOT NULL,
    course_id            INTEGER NOT NULL,
    enrolled_at          TIMESTAMP NOT NULL,
    price                DECIMAL(10,2) NOT NULL,
    currency             CHAR(3),
    coupon_code          VARCHAR(50)
)
DISTKEY (user_id) SORTKEY (enrolled_at);

-- refunds of enrollments
CREATE TABLE IF NOT EXISTS raw.refunds (
    refund_id            BIGINT NOT NULL,
    enrollment_id        BIGINT NOT NULL,
    refunded_at          TIMESTAMP NOT NULL,
    amount               DECIMAL(10,2) NOT NULL,
    reason               VARCHAR(200)
)
SORTKEY (refunded_at);

-- seconds of lecture video watched, one row per learner, lecture and viewing
CREATE TABLE IF NOT EXISTS raw.course_consumption (
    user_id              BIGINT NOT NULL,
    course_id            INTEGER NOT NULL,
    lecture_id           INTEGER NOT NULL,
    consumed_at          TIMESTAMP NOT NULL,
    seconds_watched      INTEGER NOT NULL
)
DISTKEY (user_id) SORTKEY (consumed_at);

-- revenue mart: gross enrollment revenue minus refunds, per day
CREATE TABLE IF NOT EXISTS analytics.daily_revenue (
    day                  DATE NOT NULL,
    gross_revenue        DECIMAL(14,2),
    refunds              DECIMAL(14,2),
    revenue              DECIMAL(14,2),
    enrollments          INTEGER
)
SORTKEY (day);

-- learners who watched anything, per day and country
CREATE TABLE IF NOT EXISTS analytics.active_students (
    day                  DATE NOT NULL,
    country              CHAR(2),
    active_students      INTEGER
)
SORTKEY (day);

-- monthly payouts: the instructor's share of minutes watched times net revenue times the revenue share
CREATE TABLE IF NOT EXISTS analytics.instructor_payouts (
    month                DATE NOT NULL,
    instructor_id        INTEGER NOT NULL,
    minutes_consumed     DECIMAL(18,2),
    share_of_minutes     DECIMAL(9,6),
    payout_amount        DECIMAL(14,2)
)
SORTKEY (month);

-- learners without direct identifiers: the e-mail is replaced by its SHA-256
CREATE TABLE IF NOT EXISTS analytics.users_pseudonymised (
    user_key             CHAR(64) NOT NULL,
    country              CHAR(2),
    signup_date          DATE
)
DISTSTYLE EVEN;

-- marketing's newsletter list, rebuilt by hand before a campaign
CREATE TABLE IF NOT EXISTS crm.newsletter_audience (
    email                VARCHAR(256),
    first_name           VARCHAR(100),
    country              CHAR(2),
    last_course_category VARCHAR(50)
)
DISTSTYLE EVEN;


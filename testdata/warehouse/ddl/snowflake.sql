-- Snowflake DDL of the elearn warehouse (database ELEARN).

CREATE SCHEMA IF NOT EXISTS elearn.raw;
CREATE SCHEMA IF NOT EXISTS elearn.analytics;
CREATE SCHEMA IF NOT EXISTS elearn.crm;

CREATE STAGE IF NOT EXISTS elearn.crm.marketing_export_stage
  URL = 's3://learnly-marketing-exports/'
  STORAGE_INTEGRATION = marketing_s3;

-- one row per learner account; loaded nightly from the product database
CREATE TABLE IF NOT EXISTS elearn.raw.users (
    user_id              NUMBER(19,0) NOT NULL,
    email                VARCHAR(256) NOT NULL,
    first_name           VARCHAR(100),
    last_name            VARCHAR(100),
    ip_address           VARCHAR(45),
    country              VARCHAR(2),
    signup_at            TIMESTAMP_NTZ
);

-- instructors and their contractual revenue share
CREATE TABLE IF NOT EXISTS elearn.raw.instructors (
    instructor_id        NUMBER(10,0) NOT NULL,
    user_id              NUMBER(19,0) NOT NULL,
    display_name         VARCHAR(200),
    revenue_share        NUMBER(5,4),
    joined_at            TIMESTAMP_NTZ
);

-- the course catalogue
CREATE TABLE IF NOT EXISTS elearn.raw.courses (
    course_id            NUMBER(10,0) NOT NULL,
    instructor_id        NUMBER(10,0) NOT NULL,
    title                VARCHAR(300),
    category             VARCHAR(50),
    list_price           NUMBER(10,2),
    published_at         TIMESTAMP_NTZ
);

-- a learner buying a course; price is what was paid after coupons
CREATE TABLE IF NOT EXISTS elearn.raw.enrollments (
    enrollment_id        NUMBER(19,0) NOT NULL,
    user_id              NUMBER(19,0) NOT NULL,
    course_id            NUMBER(10,0) NOT NULL,
    enrolled_at          TIMESTAMP_NTZ NOT NULL,
    price                NUMBER(10,2) NOT NULL,
    currency             VARCHAR(3),
    coupon_code          VARCHAR(50)
);

-- refunds of enrollments
CREATE TABLE IF NOT EXISTS elearn.raw.refunds (
    refund_id            NUMBER(19,0) NOT NULL,
    enrollment_id        NUMBER(19,0) NOT NULL,
    refunded_at          TIMESTAMP_NTZ NOT NULL,
    amount               NUMBER(10,2) NOT NULL,
    reason               VARCHAR(200)
);

-- seconds of lecture video watched, one row per learner, lecture and viewing
CREATE TABLE IF NOT EXISTS elearn.raw.course_consumption (
    user_id              NUMBER(19,0) NOT NULL,
    course_id            NUMBER(10,0) NOT NULL,
    lecture_id           NUMBER(10,0) NOT NULL,
    consumed_at          TIMESTAMP_NTZ NOT NULL,
    seconds_watched      NUMBER(10,0) NOT NULL
);

-- revenue mart: gross enrollment revenue minus refunds, per day
CREATE TABLE IF NOT EXISTS elearn.analytics.daily_revenue (
    day                  DATE NOT NULL,
    gross_revenue        NUMBER(14,2),
    refunds              NUMBER(14,2),
    revenue              NUMBER(14,2),
    enrollments          NUMBER(10,0)
);

-- learners who watched anything, per day and country
CREATE TABLE IF NOT EXISTS elearn.analytics.active_students (
    day                  DATE NOT NULL,
    country              VARCHAR(2),
    active_students      NUMBER(10,0)
);

-- monthly payouts: the instructor's share of minutes watched times net revenue times the revenue share
CREATE TABLE IF NOT EXISTS elearn.analytics.instructor_payouts (
    month                DATE NOT NULL,
    instructor_id        NUMBER(10,0) NOT NULL,
    minutes_consumed     NUMBER(18,2),
    share_of_minutes     NUMBER(9,6),
    payout_amount        NUMBER(14,2)
);

-- learners without direct identifiers: the e-mail is replaced by its SHA-256
CREATE TABLE IF NOT EXISTS elearn.analytics.users_pseudonymised (
    user_key             VARCHAR(64) NOT NULL,
    country              VARCHAR(2),
    signup_date          DATE
);

-- marketing's newsletter list, rebuilt by hand before a campaign
CREATE TABLE IF NOT EXISTS elearn.crm.newsletter_audience (
    email                VARCHAR(256),
    first_name           VARCHAR(100),
    country              VARCHAR(2),
    last_course_category VARCHAR(50)
);


package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// column is one column with its Redshift and Snowflake types.
type column struct {
	name, rs, sf string
}

// table is one table of the warehouse; name is schema.table in the
// elearn database.
type table struct {
	name    string
	comment string
	rsTail  string // Redshift distribution and sort keys
	cols    []column
}

func col(name, rs, sf string) column { return column{name: name, rs: rs, sf: sf} }

// tables is the warehouse: raw tables loaded from the product database,
// the marts the nightly ETL builds, and the CRM table marketing fills.
var tables = []table{
	{name: "raw.users", comment: "one row per learner account; loaded nightly from the product database", rsTail: "DISTKEY (user_id) SORTKEY (signup_at)", cols: []column{
		col("user_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("email", "VARCHAR(256) NOT NULL", "VARCHAR(256) NOT NULL"),
		col("first_name", "VARCHAR(100)", "VARCHAR(100)"),
		col("last_name", "VARCHAR(100)", "VARCHAR(100)"),
		col("ip_address", "VARCHAR(45)", "VARCHAR(45)"),
		col("country", "CHAR(2)", "VARCHAR(2)"),
		col("signup_at", "TIMESTAMP", "TIMESTAMP_NTZ"),
	}},
	{name: "raw.instructors", comment: "instructors and their contractual revenue share", rsTail: "DISTSTYLE ALL", cols: []column{
		col("instructor_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("user_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("display_name", "VARCHAR(200)", "VARCHAR(200)"),
		col("revenue_share", "DECIMAL(5,4)", "NUMBER(5,4)"),
		col("joined_at", "TIMESTAMP", "TIMESTAMP_NTZ"),
	}},
	{name: "raw.courses", comment: "the course catalogue", rsTail: "DISTSTYLE ALL", cols: []column{
		col("course_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("instructor_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("title", "VARCHAR(300)", "VARCHAR(300)"),
		col("category", "VARCHAR(50)", "VARCHAR(50)"),
		col("list_price", "DECIMAL(10,2)", "NUMBER(10,2)"),
		col("published_at", "TIMESTAMP", "TIMESTAMP_NTZ"),
	}},
	{name: "raw.enrollments", comment: "a learner buying a course; price is what was paid after coupons", rsTail: "DISTKEY (user_id) SORTKEY (enrolled_at)", cols: []column{
		col("enrollment_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("user_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("course_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("enrolled_at", "TIMESTAMP NOT NULL", "TIMESTAMP_NTZ NOT NULL"),
		col("price", "DECIMAL(10,2) NOT NULL", "NUMBER(10,2) NOT NULL"),
		col("currency", "CHAR(3)", "VARCHAR(3)"),
		col("coupon_code", "VARCHAR(50)", "VARCHAR(50)"),
	}},
	{name: "raw.refunds", comment: "refunds of enrollments", rsTail: "SORTKEY (refunded_at)", cols: []column{
		col("refund_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("enrollment_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("refunded_at", "TIMESTAMP NOT NULL", "TIMESTAMP_NTZ NOT NULL"),
		col("amount", "DECIMAL(10,2) NOT NULL", "NUMBER(10,2) NOT NULL"),
		col("reason", "VARCHAR(200)", "VARCHAR(200)"),
	}},
	{name: "raw.course_consumption", comment: "seconds of lecture video watched, one row per learner, lecture and viewing", rsTail: "DISTKEY (user_id) SORTKEY (consumed_at)", cols: []column{
		col("user_id", "BIGINT NOT NULL", "NUMBER(19,0) NOT NULL"),
		col("course_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("lecture_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("consumed_at", "TIMESTAMP NOT NULL", "TIMESTAMP_NTZ NOT NULL"),
		col("seconds_watched", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
	}},
	{name: "analytics.daily_revenue", comment: "revenue mart: gross enrollment revenue minus refunds, per day", rsTail: "SORTKEY (day)", cols: []column{
		col("day", "DATE NOT NULL", "DATE NOT NULL"),
		col("gross_revenue", "DECIMAL(14,2)", "NUMBER(14,2)"),
		col("refunds", "DECIMAL(14,2)", "NUMBER(14,2)"),
		col("revenue", "DECIMAL(14,2)", "NUMBER(14,2)"),
		col("enrollments", "INTEGER", "NUMBER(10,0)"),
	}},
	{name: "analytics.active_students", comment: "learners who watched anything, per day and country", rsTail: "SORTKEY (day)", cols: []column{
		col("day", "DATE NOT NULL", "DATE NOT NULL"),
		col("country", "CHAR(2)", "VARCHAR(2)"),
		col("active_students", "INTEGER", "NUMBER(10,0)"),
	}},
	{name: "analytics.instructor_payouts", comment: "monthly payouts: the instructor's share of minutes watched times net revenue times the revenue share", rsTail: "SORTKEY (month)", cols: []column{
		col("month", "DATE NOT NULL", "DATE NOT NULL"),
		col("instructor_id", "INTEGER NOT NULL", "NUMBER(10,0) NOT NULL"),
		col("minutes_consumed", "DECIMAL(18,2)", "NUMBER(18,2)"),
		col("share_of_minutes", "DECIMAL(9,6)", "NUMBER(9,6)"),
		col("payout_amount", "DECIMAL(14,2)", "NUMBER(14,2)"),
	}},
	{name: "analytics.users_pseudonymised", comment: "learners without direct identifiers: the e-mail is replaced by its SHA-256", rsTail: "DISTSTYLE EVEN", cols: []column{
		col("user_key", "CHAR(64) NOT NULL", "VARCHAR(64) NOT NULL"),
		col("country", "CHAR(2)", "VARCHAR(2)"),
		col("signup_date", "DATE", "DATE"),
	}},
	{name: "crm.newsletter_audience", comment: "marketing's newsletter list, rebuilt by hand before a campaign", rsTail: "DISTSTYLE EVEN", cols: []column{
		col("email", "VARCHAR(256)", "VARCHAR(256)"),
		col("first_name", "VARCHAR(100)", "VARCHAR(100)"),
		col("country", "CHAR(2)", "VARCHAR(2)"),
		col("last_course_category", "VARCHAR(50)", "VARCHAR(50)"),
	}},
}

// schemaJSON renders the tables in the schema-file shape (table -> column
// -> type), keeping their order.
func schemaJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteString("{\n")
	for i, t := range tables {
		name, _ := json.Marshal("elearn." + t.name)
		fmt.Fprintf(&b, "  %s: {\n", name)
		for j, c := range t.cols {
			cn, _ := json.Marshal(c.name)
			typ, _ := json.Marshal(strings.ToLower(strings.TrimSuffix(c.rs, " NOT NULL")))
			sep := ","
			if j == len(t.cols)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "    %s: %s%s\n", cn, typ, sep)
		}
		sep := ","
		if i == len(tables)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "  }%s\n", sep)
	}
	b.WriteString("}\n")
	var check map[string]map[string]string
	if err := json.Unmarshal([]byte(b.String()), &check); err != nil {
		return nil, fmt.Errorf("schema.json: %w", err)
	}
	return []byte(b.String()), nil
}

// ddl renders CREATE statements for one platform.
func ddl(snowflake bool) string {
	var b strings.Builder
	if snowflake {
		b.WriteString("-- Snowflake DDL of the elearn warehouse (database ELEARN).\n\n")
		b.WriteString("CREATE SCHEMA IF NOT EXISTS elearn.raw;\nCREATE SCHEMA IF NOT EXISTS elearn.analytics;\nCREATE SCHEMA IF NOT EXISTS elearn.crm;\n\n")
		b.WriteString("CREATE STAGE IF NOT EXISTS elearn.crm.marketing_export_stage\n  URL = 's3://learnly-marketing-exports/'\n  STORAGE_INTEGRATION = marketing_s3;\n\n")
	} else {
		b.WriteString("-- Redshift DDL of the elearn warehouse (database elearn).\n\n")
		b.WriteString("CREATE SCHEMA IF NOT EXISTS raw;\nCREATE SCHEMA IF NOT EXISTS analytics;\nCREATE SCHEMA IF NOT EXISTS crm;\n\n")
	}
	for _, t := range tables {
		fmt.Fprintf(&b, "-- %s\n", t.comment)
		name := t.name
		if snowflake {
			name = "elearn." + name
		}
		fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", name)
		for i, c := range t.cols {
			typ := c.rs
			if snowflake {
				typ = c.sf
			}
			sep := ","
			if i == len(t.cols)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "    %-20s %s%s\n", c.name, typ, sep)
		}
		b.WriteString(")")
		if !snowflake && t.rsTail != "" {
			b.WriteString("\n" + t.rsTail)
		}
		b.WriteString(";\n\n")
	}
	return b.String()
}

package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// user is a database user and the role it works under in Snowflake.
type user struct {
	name     string // Redshift user name; Snowflake's is its upper case
	id       int    // Redshift usesysid
	sfRole   string
	sfSchema string // the Snowflake session's default schema
}

var (
	etlLoader       = user{"etl_loader", 100, "TRANSFORMER", "ANALYTICS"}
	biService       = user{"bi_service", 101, "REPORTER", "ANALYTICS"}
	analystMaria    = user{"analyst_maria", 102, "ANALYST", "ANALYTICS"}
	analystTom      = user{"analyst_tom", 103, "ANALYST", "RAW"}
	growthMarketing = user{"growth_marketing", 104, "MARKETING", "CRM"}
	users           = []user{etlLoader, biService, analystMaria, analystTom, growthMarketing}
)

// event is one statement as both warehouses logged it. An empty rs or sf
// means the statement does not appear in that warehouse's log.
type event struct {
	at      time.Time
	user    user
	session int // logical session: one Redshift pid, one Snowflake session id
	rs, sf  string
	// rsAborted: cancelled on Redshift (STL_QUERY.aborted = 1);
	// sfError: failed on Snowflake with this error.
	rsAborted bool
	sfError   string
}

// activity builds the week of activity, in time order.
type activity struct {
	rnd      *rand.Rand
	events   []event
	sessions int
}

func (a *activity) session() int { a.sessions++; return a.sessions }

// add logs a statement: one text when both warehouses spell it alike, or
// the Redshift and the Snowflake text (empty when it is not logged there).
func (a *activity) add(at time.Time, u user, session int, texts ...string) *event {
	rs, sf := texts[0], texts[0]
	if len(texts) > 1 {
		sf = texts[1]
	}
	a.events = append(a.events, event{at: at, user: u, session: session, rs: rs, sf: sf})
	return &a.events[len(a.events)-1]
}

// jitter returns t plus up to max, with microseconds, as logs have them.
func (a *activity) jitter(t time.Time, max time.Duration) time.Time {
	return t.Add(time.Duration(a.rnd.Int64N(int64(max))))
}

const day = 24 * time.Hour

func date(t time.Time) string { return t.Format("2006-01-02") }

// week generates the activity of the days [from, from+days).
func week(seed uint64, from time.Time, days int) []event {
	a := &activity{rnd: rand.New(rand.NewPCG(seed, seed^0x5eed))}
	for d := range days {
		today := from.Add(time.Duration(d) * day)
		a.nightlyETL(today)
		if today.Day() == 1 {
			a.monthlyPayouts(today)
		}
		a.dashboards(today)
		if wd := today.Weekday(); wd != time.Saturday && wd != time.Sunday {
			a.analysts(today)
		}
		if d == days-4 {
			a.newsletterExport(today)
		}
	}
	slices.SortStableFunc(a.events, func(x, y event) int { return x.at.Compare(y.at) })
	return a.events
}

// nightlyETL loads yesterday into the marts, at 02:00 in one session.
func (a *activity) nightlyETL(today time.Time) {
	s := a.session()
	t := a.jitter(today.Add(2*time.Hour), 5*time.Minute)
	step := func() time.Time { t = a.jitter(t.Add(2*time.Second), 40*time.Second); return t }
	yday, d := date(today.Add(-day)), date(today)

	// Refunds of the day go through a temporary table.
	stage := `SELECT r.enrollment_id,
       r.refunded_at::date AS day,
       r.amount
FROM raw.refunds r
WHERE r.refunded_at >= '%s'
  AND r.refunded_at < '%s'`
	stage = fmt.Sprintf(stage, yday, d)
	a.add(step(), etlLoader, s, "CREATE TEMP TABLE stage_refunds AS\n"+stage, "CREATE TEMPORARY TABLE stage_refunds AS\n"+stage)
	a.add(step(), etlLoader, s, (fmt.Sprintf("DELETE FROM analytics.daily_revenue WHERE day = '%s'", yday)))
	a.add(step(), etlLoader, s, (fmt.Sprintf(`INSERT INTO analytics.daily_revenue (day, gross_revenue, refunds, revenue, enrollments)
SELECT g.day,
       g.gross_revenue,
       COALESCE(r.refunds, 0) AS refunds,
       g.gross_revenue - COALESCE(r.refunds, 0) AS revenue,
       g.enrollments
FROM (
    SELECT e.enrolled_at::date AS day,
           SUM(e.price) AS gross_revenue,
           COUNT(*) AS enrollments
    FROM raw.enrollments e
    WHERE e.enrolled_at >= '%s'
      AND e.enrolled_at < '%s'
    GROUP BY e.enrolled_at::date
) g
LEFT JOIN (
    SELECT day, SUM(amount) AS refunds
    FROM stage_refunds
    GROUP BY day
) r ON r.day = g.day`, yday, d)))
	// DROP TABLE is DDL: Redshift logs it in STL_DDLTEXT, not STL_QUERYTEXT.
	a.add(step(), etlLoader, s, "", "DROP TABLE stage_refunds")

	a.add(step(), etlLoader, s, (fmt.Sprintf("DELETE FROM analytics.active_students WHERE day = '%s'", yday)))
	a.add(step(), etlLoader, s, (fmt.Sprintf(`INSERT INTO analytics.active_students (day, country, active_students)
SELECT cc.consumed_at::date AS day,
       u.country,
       COUNT(DISTINCT cc.user_id) AS active_students
FROM raw.course_consumption cc
JOIN raw.users u ON u.user_id = cc.user_id
WHERE cc.consumed_at >= '%s'
  AND cc.consumed_at < '%s'
GROUP BY cc.consumed_at::date, u.country`, yday, d)))

	a.add(step(), etlLoader, s, ("DELETE FROM analytics.users_pseudonymised"))
	a.add(step(), etlLoader, s, (`INSERT INTO analytics.users_pseudonymised (user_key, country, signup_date)
SELECT SHA2(LOWER(TRIM(u.email)), 256) AS user_key,
       u.country,
       u.signup_at::date AS signup_date
FROM raw.users u`))
}

// monthlyPayouts computes last month's instructor payouts from
// consumption, after the nightly load, in its own session.
func (a *activity) monthlyPayouts(today time.Time) {
	s := a.session()
	t := a.jitter(today.Add(3*time.Hour), 5*time.Minute)
	step := func() time.Time { t = a.jitter(t.Add(3*time.Second), time.Minute); return t }
	from, to := date(today.AddDate(0, -1, 0)), date(today)
	minutes := fmt.Sprintf(`SELECT co.instructor_id,
       SUM(cc.seconds_watched) / 60.0 AS minutes
FROM raw.course_consumption cc
JOIN raw.courses co ON co.course_id = cc.course_id
WHERE cc.consumed_at >= '%s'
  AND cc.consumed_at < '%s'
GROUP BY co.instructor_id`, from, to)
	a.add(step(), etlLoader, s, "CREATE TEMP TABLE instructor_minutes AS\n"+minutes, "CREATE TEMPORARY TABLE instructor_minutes AS\n"+minutes)
	a.add(step(), etlLoader, s, (fmt.Sprintf("DELETE FROM analytics.instructor_payouts WHERE month = '%s'", from)))
	a.add(step(), etlLoader, s, (fmt.Sprintf(`INSERT INTO analytics.instructor_payouts (month, instructor_id, minutes_consumed, share_of_minutes, payout_amount)
SELECT '%[1]s'::date AS month,
       m.instructor_id,
       m.minutes AS minutes_consumed,
       m.minutes / t.total_minutes AS share_of_minutes,
       ROUND(i.revenue_share * r.net_revenue * m.minutes / t.total_minutes, 2) AS payout_amount
FROM instructor_minutes m
JOIN raw.instructors i ON i.instructor_id = m.instructor_id
CROSS JOIN (SELECT SUM(minutes) AS total_minutes FROM instructor_minutes) t
CROSS JOIN (
    SELECT SUM(revenue) AS net_revenue
    FROM analytics.daily_revenue
    WHERE day >= '%[1]s'
      AND day < '%[2]s'
) r`, from, to)))
	a.add(step(), etlLoader, s, "", "DROP TABLE instructor_minutes")
}

var (
	firstNames = []string{"anna", "ben", "chloe", "david", "elena", "farid", "greta", "hiro", "ines", "jonas", "kemal", "lucia", "mateo", "nora", "oskar", "priya"}
	lastNames  = []string{"schmidt", "garcia", "rossi", "dubois", "kowalski", "tanaka", "silva", "jensen", "novak", "murphy"}
	domains    = []string{"gmail.com", "outlook.com", "web.de", "yahoo.fr", "proton.me"}
)

func (a *activity) email() string {
	return fmt.Sprintf("%s.%s%d@%s", firstNames[a.rnd.IntN(len(firstNames))], lastNames[a.rnd.IntN(len(lastNames))], 10+a.rnd.IntN(90), domains[a.rnd.IntN(len(domains))])
}

// dashboards are the BI tool's queries, run by bi_service from a pool of
// connections during office hours. On Snowflake the tool names tables with
// three parts.
func (a *activity) dashboards(today time.Time) {
	pool := []int{a.session(), a.session(), a.session()}
	at := func() time.Time { return a.jitter(today.Add(7*time.Hour), 12*time.Hour) }
	conn := func() int { return pool[a.rnd.IntN(len(pool))] }
	yday := today.Add(-day)
	sf := func(sql string) string {
		for _, t := range tables {
			sql = strings.ReplaceAll(sql, " "+t.name+" ", " elearn."+t.name+" ")
			sql = strings.ReplaceAll(sql, " "+t.name+"\n", " elearn."+t.name+"\n")
		}
		return sql
	}
	bi := func(sql string) { a.add(at(), biService, conn(), sql, sf(sql)) }

	for range 8 + a.rnd.IntN(7) {
		span := []int{7, 14, 30, 90}[a.rnd.IntN(4)]
		bi(fmt.Sprintf(`/* dashboard: Revenue overview, chart: Daily revenue */
SELECT day,
       gross_revenue,
       refunds,
       revenue
FROM analytics.daily_revenue
WHERE day BETWEEN '%s' AND '%s'
ORDER BY day`, date(yday.AddDate(0, 0, -span)), date(yday)))
	}
	for range 4 + a.rnd.IntN(5) {
		bi(fmt.Sprintf(`/* dashboard: Revenue overview, chart: KPIs */
SELECT SUM(revenue) AS revenue_30d,
       SUM(refunds) / NULLIF(SUM(gross_revenue), 0) AS refund_rate,
       SUM(enrollments) AS enrollments_30d
FROM analytics.daily_revenue
WHERE day > DATEADD(day, -30, '%s'::date)`, date(yday)))
	}
	for range 3 + a.rnd.IntN(4) {
		bi(fmt.Sprintf(`/* dashboard: Engagement, chart: Active students by country */
SELECT country,
       AVG(active_students) AS avg_daily_active
FROM analytics.active_students
WHERE day >= '%s'
GROUP BY country
ORDER BY avg_daily_active DESC
LIMIT %d`, date(yday.AddDate(0, 0, -7)), []int{10, 20}[a.rnd.IntN(2)]))
	}
	for range 1 + a.rnd.IntN(3) {
		bi(fmt.Sprintf(`/* dashboard: Instructor payouts */
SELECT i.display_name,
       p.minutes_consumed,
       p.share_of_minutes,
       p.payout_amount
FROM analytics.instructor_payouts p
JOIN raw.instructors i ON i.instructor_id = p.instructor_id
WHERE p.month = '%s'
ORDER BY p.payout_amount DESC
LIMIT 50`, date(time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, time.UTC))))
	}
	// The support team's customer lookup reads e-mail addresses directly.
	for range 2 + a.rnd.IntN(4) {
		bi(fmt.Sprintf(`/* dashboard: Customer support, chart: Learner lookup */
SELECT u.user_id,
       u.email,
       u.first_name,
       u.last_name,
       u.country,
       e.course_id,
       c.title,
       e.price,
       e.enrolled_at,
       r.amount AS refunded_amount
FROM raw.users u
JOIN raw.enrollments e ON e.user_id = u.user_id
JOIN raw.courses c ON c.course_id = e.course_id
LEFT JOIN raw.refunds r ON r.enrollment_id = e.enrollment_id
WHERE u.email = '%s'
ORDER BY e.enrolled_at DESC`, a.email()))
	}
	for range 1 + a.rnd.IntN(3) {
		bi(fmt.Sprintf(`/* dashboard: Catalogue, chart: Revenue by category */
SELECT c.category,
       SUM(e.price) AS revenue,
       COUNT(*) AS enrollments
FROM raw.enrollments e
JOIN raw.courses c ON c.course_id = e.course_id
WHERE e.enrolled_at >= '%s'
GROUP BY c.category
ORDER BY revenue DESC`, date(yday.AddDate(0, 0, -28))))
	}
}

// analysts work on weekdays, each in a session of their own.
func (a *activity) analysts(today time.Time) {
	m := a.session()
	t := a.jitter(today.Add(9*time.Hour), 2*time.Hour)
	next := func() time.Time { t = a.jitter(t.Add(time.Minute), 20*time.Minute); return t }
	a.add(next(), analystMaria, m, (`SELECT country,
       COUNT(*) AS learners
FROM analytics.users_pseudonymised
GROUP BY country
ORDER BY learners DESC`))
	a.add(next(), analystMaria, m, (fmt.Sprintf(`WITH first_enrollment AS (
    SELECT user_id, MIN(enrolled_at) AS first_at
    FROM raw.enrollments
    GROUP BY user_id
)
SELECT DATE_TRUNC('week', f.first_at) AS cohort_week,
       COUNT(DISTINCT f.user_id) AS learners,
       SUM(e.price) AS revenue
FROM first_enrollment f
JOIN raw.enrollments e ON e.user_id = f.user_id
WHERE f.first_at >= '%s'
GROUP BY 1
ORDER BY 1`, date(today.AddDate(0, -3, 0)))))
	if today.Weekday() == time.Wednesday {
		// Course titles in the catalogue's languages: multibyte text that
		// the 200-byte chunks of STL_QUERYTEXT split.
		a.add(next(), analystMaria, m, (`SELECT course_id,
       title,
       category,
       list_price
FROM raw.courses
WHERE title ILIKE '%Programación%'
   OR title ILIKE '%Ingénierie de la donnée%'
   OR title ILIKE '%日本語%'
   OR title ILIKE '%データ分析%'
   OR category IN ('Música', 'Fotografía', 'Développement personnel')
ORDER BY list_price DESC`))
	}

	tom := a.session()
	t = a.jitter(today.Add(10*time.Hour), 4*time.Hour)
	// On Snowflake Tom works in the RAW schema and leaves names unqualified.
	a.add(next(), analystTom, tom,
		fmt.Sprintf("SELECT email, first_name, last_name, country, signup_at\nFROM raw.users\nWHERE signup_at >= '%s'\nORDER BY signup_at DESC\nLIMIT 200", date(today.Add(-day))),
		fmt.Sprintf("SELECT email, first_name, last_name, country, signup_at\nFROM users\nWHERE signup_at >= '%s'\nORDER BY signup_at DESC\nLIMIT 200", date(today.Add(-day))))
	if today.Weekday() == time.Tuesday {
		// A typo: Snowflake logs the failed query; Redshift rejects it
		// while parsing and logs nothing in STL_QUERYTEXT.
		e := a.add(next(), analystTom, tom, "", "SELECT emial, country\nFROM users\nLIMIT 10")
		e.sfError = "SQL compilation error: error line 1 at position 7\ninvalid identifier 'EMIAL'"
		// A heavy query Tom cancels on Redshift; Snowflake finishes it.
		e = a.add(next(), analystTom, tom, (`SELECT u.ip_address,
       COUNT(*) AS views
FROM raw.course_consumption cc
JOIN raw.users u ON u.user_id = cc.user_id
GROUP BY u.ip_address
ORDER BY views DESC`))
		e.rsAborted = true
	}
}

// newsletterExport is the compliance finding: marketing copies raw e-mail
// addresses into a CRM table and unloads them to a bucket.
func (a *activity) newsletterExport(today time.Time) {
	s := a.session()
	t := a.jitter(today.Add(15*time.Hour), time.Hour)
	next := func() time.Time { t = a.jitter(t.Add(30*time.Second), 3*time.Minute); return t }
	a.add(next(), growthMarketing, s, ("DELETE FROM crm.newsletter_audience"))
	a.add(next(), growthMarketing, s, (fmt.Sprintf(`INSERT INTO crm.newsletter_audience (email, first_name, country, last_course_category)
SELECT u.email,
       u.first_name,
       u.country,
       MAX(c.category) AS last_course_category
FROM raw.users u
JOIN raw.enrollments e ON e.user_id = u.user_id
JOIN raw.courses c ON c.course_id = e.course_id
WHERE e.enrolled_at >= '%s'
GROUP BY u.email, u.first_name, u.country`, date(today.AddDate(0, -1, 0)))))
	a.add(next(), growthMarketing, s,
		`UNLOAD ('SELECT email, first_name, country, last_course_category FROM crm.newsletter_audience WHERE country IN (''DE'', ''AT'', ''CH'')')
TO 's3://learnly-marketing-exports/newsletter/dach_audience_'
IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-marketing-unload'
CSV HEADER
PARALLEL OFF
ALLOWOVERWRITE`,
		`COPY INTO @crm.marketing_export_stage/newsletter/dach_audience_
FROM (
    SELECT email, first_name, country, last_course_category
    FROM crm.newsletter_audience
    WHERE country IN ('DE', 'AT', 'CH')
)
FILE_FORMAT = (TYPE = CSV COMPRESSION = NONE)
HEADER = TRUE
OVERWRITE = TRUE`)
}

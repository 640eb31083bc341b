// Package querylog reads the query logs warehouses keep and turns each
// logged statement into a lineage.Statement with the context it ran in
// (database, schema, user, role, time, query id, session).
//
// Every reader takes an io.Reader (or an fs.FS of .sql files), returns a
// *Reader, which is a lineage.Source, and streams: it holds one record at a
// time, except the Redshift reader's bounded reassembly window described at
// NewRedshift. A record (a CSV row, a JSON line) may be at most
// WithMaxStatementBytes plus 64 KiB long: a longer JSON line is a
// *lineage.InputError, a longer CSV record (most often a quote that never
// closes) ends the stream with ErrRecordTooLong, after the statements
// already complete. The main call:
//
//	users, _ := querylog.ReadPGUsers(pgUserFile)
//	src := querylog.NewRedshift(exportFile, querylog.WithUsers(users), querylog.WithOrigin("stl_querytext.csv"))
//	for {
//		st, err := src.Next(ctx)
//		if errors.Is(err, io.EOF) {
//			break
//		}
//		var bad *lineage.InputError
//		if errors.As(err, &bad) {
//			log.Print(bad) // one bad record: go on
//			continue
//		}
//		if err != nil {
//			return err
//		}
//		use(st)
//	}
//	fmt.Printf("%+v\n", src.Stats())
//
// Records the log keeps but that hold no statement to analyse (failed
// queries, connection lines) are skipped and counted in Stats by reason.
// Records that cannot be read (a truncated CSV row, a line that is not
// JSON, a timestamp that is not one) come back from Next as a
// *lineage.InputError with the record's line (or array index) and the
// reason; the stream goes on. Failed queries can be kept with WithFailed.
//
// # Redshift (provisioned): STL_QUERYTEXT, SVL_STATEMENTTEXT
//
// STL_QUERYTEXT holds the text of queries (SELECT, INSERT, UPDATE, DELETE,
// CREATE TABLE AS, UNLOAD, ...) and SVL_STATEMENTTEXT that of every
// statement, DDL and utility commands included; both split the text into
// 200-byte chunks (column text, CHAR(200)) numbered by sequence. The system
// tables keep a few days: export them regularly. They are leader-node
// tables, and PG_USER is a catalog table, so export with a client rather
// than UNLOAD, and export the users apart (ReadPGUsers, WithUsers):
//
//	\copy (SELECT q.userid, q.xid, q.pid, q.query, q.starttime, TRIM(q.database) AS database, q.aborted, t.sequence, t.text FROM stl_query q JOIN stl_querytext t ON t.query = q.query WHERE q.starttime >= DATEADD(day, -1, GETDATE()) ORDER BY q.query, t.sequence) TO 'stl_querytext.csv' WITH CSV HEADER
//	\copy (SELECT userid, xid, pid, starttime, type, sequence, text FROM svl_statementtext WHERE starttime >= DATEADD(day, -1, GETDATE()) ORDER BY starttime, xid, pid, type, sequence) TO 'svl_statementtext.csv' WITH CSV HEADER
//	\copy (SELECT usesysid, usename FROM pg_user) TO 'pg_user.csv' WITH CSV HEADER
//
// The bare STL_QUERYTEXT columns (userid, xid, pid, query, sequence, text)
// are enough; the join with STL_QUERY adds the time, database and abort
// flag. SVL_STATEMENTTEXT has no query id: its chunks are keyed by (xid,
// pid, starttime, type). Session is the process id (pid), which Redshift
// reuses over time, so a session key is unique only together with the
// time. NewRedshift documents the reassembly and padding rules.
//
// # Redshift Serverless: SYS_QUERY_TEXT, SYS_QUERY_HISTORY
//
// SYS_QUERY_TEXT chunks the text in 4000-byte pieces; SYS_QUERY_HISTORY
// has the status and database, and a query_text truncated to 4000
// characters (read without sequence, one row per query, when that is
// enough):
//
//	\copy (SELECT t.user_id, t.query_id, t.transaction_id, t.session_id, h.database_name, h.status, t.start_time, t.sequence, t.text FROM sys_query_text t JOIN sys_query_history h ON h.query_id = t.query_id WHERE h.start_time >= DATEADD(day, -1, GETDATE()) ORDER BY t.query_id, t.sequence) TO 'sys_query_text.csv' WITH CSV HEADER
//
// # Snowflake: ACCOUNT_USAGE.QUERY_HISTORY
//
// As CSV (SnowSQL with -o output_format=csv -o header=true -o
// timing=false -o friendly=false) or JSON (one object per line, as COPY
// INTO @stage with TYPE = JSON writes, or an array):
//
//	SELECT query_id, query_text, database_name, schema_name, user_name, role_name, start_time, session_id, execution_status
//	FROM snowflake.account_usage.query_history
//	WHERE start_time >= DATEADD(day, -1, CURRENT_TIMESTAMP())
//	ORDER BY start_time;
//
//	COPY INTO @lineage_stage/query_history/ FROM (
//	  SELECT OBJECT_CONSTRUCT('QUERY_ID', query_id, 'QUERY_TEXT', query_text, 'DATABASE_NAME', database_name, 'SCHEMA_NAME', schema_name, 'USER_NAME', user_name, 'ROLE_NAME', role_name, 'START_TIME', start_time, 'SESSION_ID', session_id, 'EXECUTION_STATUS', execution_status)
//	  FROM snowflake.account_usage.query_history WHERE start_time >= DATEADD(day, -1, CURRENT_TIMESTAMP()) ORDER BY start_time)
//	FILE_FORMAT = (TYPE = JSON) SINGLE = TRUE MAX_FILE_SIZE = 5000000000;
//
// # BigQuery: INFORMATION_SCHEMA.JOBS
//
// As JSON lines (EXPORT DATA, format JSON) or a JSON array (bq query
// --format=json):
//
//	EXPORT DATA OPTIONS (uri = 'gs://my-bucket/lineage/jobs-*.json', format = 'JSON', overwrite = true) AS
//	SELECT job_id, query, user_email, creation_time, statement_type, project_id, job_type, state, error_result, session_info, destination_table, referenced_tables
//	FROM `region-us`.INFORMATION_SCHEMA.JOBS
//	WHERE creation_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)
//	ORDER BY creation_time;
//
// # PostgreSQL: csvlog
//
// The server's own CSV log (PostgreSQL 13 to 16 column layout; 12's reads
// too), no export query needed:
//
//	-- postgresql.conf, or ALTER SYSTEM SET ...; then SELECT pg_reload_conf();
//	logging_collector = on
//	log_destination = 'csvlog'
//	log_statement = 'all'        -- or 'mod' for writes only
//
// The files are $PGDATA/log/*.csv (see NewPostgres).
//
// # Generic: any CSV or JSON log, and folders of .sql files
//
// NewGeneric reads a CSV (with a header) or JSON-lines file whose columns
// are named by Columns, for logs of other engines (Trino's query
// completed events, Hive hooks, a proxy's audit log). NewSQLFiles reads a
// folder of .sql files, several statements per file, Origin the file's
// path and line.
package querylog

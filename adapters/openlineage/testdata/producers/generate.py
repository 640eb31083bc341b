"""Writes events.jsonl: OpenLineage RunEvents as real producers make them.

Column lineage and datasets come from openlineage-sql (OpenLineage's own SQL
parser, the one its Airflow and dbt integrations use); events are built and
serialised by openlineage-python's client classes. Run ids and times are
fixed, so running it again writes the same file:

    python generate.py > events.jsonl

(adapters/openlineage's TestProducerEventsAreCurrent runs it and compares.)
"""

import uuid

import openlineage_sql
from openlineage.client import serde
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset as cl
from openlineage.client.facet_v2 import schema_dataset, sql_job

RUNS = uuid.UUID("6f1c2a52-8a3e-4f0e-9a57-2b1f3c4d5e60")


def run_id(name):
    return str(uuid.uuid5(RUNS, name))


def table_name(t, database):
    """A DbTableMeta's OpenLineage name: database.schema.table."""
    parts = [t.database or database, t.schema, t.name]
    return ".".join(p for p in parts if p)


def from_sql(sql, dialect, namespace, database, schema):
    """Inputs and outputs, with a column-lineage facet, as openlineage-sql sees the statement."""
    meta = openlineage_sql.parse([sql], dialect=dialect, default_schema=schema)
    fields = {}
    for c in meta.column_lineage:
        fields[c.descendant.name] = cl.Fields(
            inputFields=[
                cl.InputField(namespace=namespace, name=table_name(l.origin, database), field=l.name)
                for l in c.lineage
                if l.origin is not None
            ]
        )
    inputs = [InputDataset(namespace=namespace, name=table_name(t, database)) for t in meta.in_tables]
    outputs = []
    for t in meta.out_tables:
        facets = {}
        if fields:
            facets["columnLineage"] = cl.ColumnLineageDatasetFacet(fields=fields)
            facets["schema"] = schema_dataset.SchemaDatasetFacet(
                fields=[schema_dataset.SchemaDatasetFacetFields(name=n) for n in fields]
            )
        outputs.append(OutputDataset(namespace=namespace, name=table_name(t, database), facets=facets))
    return inputs, outputs


def event(state, time, job, run, inputs, outputs, sql=None, dialect=None):
    job_facets = {}
    if sql is not None:
        job_facets["sql"] = sql_job.SQLJobFacet(query=sql, dialect=dialect)
    return RunEvent(
        eventType=state,
        eventTime=time,
        run=Run(runId=run_id(run)),
        job=Job(namespace="airflow", name=job, facets=job_facets),
        inputs=inputs,
        outputs=outputs,
    )


def main():
    events = []

    # 1. Postgres: an Airflow SQL task, START then COMPLETE of one run. The
    # literal 'DE' is in the producer's SQL facet.
    pg_sql = (
        "INSERT INTO mart.revenue (day, revenue) "
        "SELECT o.day AS day, SUM(o.amount) AS revenue FROM raw.orders o "
        "JOIN raw.users u ON o.user_id = u.id WHERE u.country = 'DE' GROUP BY o.day"
    )
    ins, outs = from_sql(pg_sql, "postgres", "postgres://pg.internal:5432", "shop", "public")
    events.append(event(RunState.START, "2026-11-02T01:00:00Z", "etl.revenue", "pg-1", ins, [OutputDataset(namespace=o.namespace, name=o.name) for o in outs], pg_sql, "postgres"))
    events.append(event(RunState.COMPLETE, "2026-11-02T01:00:05Z", "etl.revenue", "pg-1", ins, outs, pg_sql, "postgres"))

    # 2. Snowflake: a CTAS that hashes e-mail addresses.
    sf_sql = "CREATE TABLE analytics.public.customer_keys AS SELECT id, SHA2(email) AS email_hash, country FROM analytics.public.customers"
    ins, outs = from_sql(sf_sql, "snowflake", "snowflake://myorg-acct1", "analytics", "public")
    events.append(event(RunState.COMPLETE, "2026-11-02T02:00:00Z", "etl.customer_keys", "sf-1", ins, outs, sf_sql, "snowflake"))

    # 3. Redshift: a task that reports only its SQL (no column lineage).
    rs_sql = "INSERT INTO analytics.daily_events (day, events, users) SELECT event_day, COUNT(*), COUNT(DISTINCT user_id) FROM raw.events WHERE kind <> 'bot' GROUP BY event_day"
    events.append(event(RunState.COMPLETE, "2026-11-02T03:00:00Z", "etl.daily_events", "rs-1", [], [], rs_sql, "redshift"))

    # 4. A Spark-style job: files in S3 and a Kafka topic into a Hive table,
    # with typed transformations and dataset-level (INDIRECT) lineage.
    s3 = "s3://learnly-lake"
    spark_lineage = cl.ColumnLineageDatasetFacet(
        fields={
            "user_id": cl.Fields(inputFields=[cl.InputField(namespace=s3, name="events/2026/11", field="user_id",
                                                            transformations=[cl.Transformation(type="DIRECT", subtype="IDENTITY")])]),
            "user_hash": cl.Fields(inputFields=[cl.InputField(namespace=s3, name="events/2026/11", field="email",
                                                              transformations=[cl.Transformation(type="DIRECT", subtype="TRANSFORMATION", masking=True)])]),
            "clicks": cl.Fields(inputFields=[cl.InputField(namespace="kafka://broker:9092", name="clicks", field="click_id",
                                                           transformations=[cl.Transformation(type="DIRECT", subtype="AGGREGATION")])]),
        },
        dataset=[cl.InputField(namespace=s3, name="events/2026/11", field="kind",
                               transformations=[cl.Transformation(type="INDIRECT", subtype="FILTER")])],
    )
    events.append(event(
        RunState.COMPLETE, "2026-11-02T04:00:00Z", "spark.user_clicks", "spark-1",
        [InputDataset(namespace=s3, name="events/2026/11"), InputDataset(namespace="kafka://broker:9092", name="clicks")],
        [OutputDataset(namespace="hive://metastore:9083", name="lake.User_Clicks", facets={"columnLineage": spark_lineage})],
    ))

    # 5. A failed run: it wrote nothing.
    ins, outs = from_sql(pg_sql, "postgres", "postgres://pg.internal:5432", "shop", "public")
    events.append(event(RunState.FAIL, "2026-11-02T05:00:00Z", "etl.revenue", "pg-2", ins, outs, pg_sql, "postgres"))

    for e in events:
        print(serde.Serde.to_json(e))


if __name__ == "__main__":
    main()

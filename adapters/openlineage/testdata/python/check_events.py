"""Load OpenLineage RunEvents with the openlineage-python client's classes, strictly.

Usage: python check_events.py EVENTS.jsonl

Every line must build the client's RunEvent and facet objects with no field
left over (an unknown field is a TypeError of the attrs constructors), the
client's validators must pass (UUID run id, ISO-8601 times), every facet must
carry _producer and _schemaURL, a facet the client knows must name the same
schema URL as the client's class, and serialising the objects again must give
back the event as read. Prints a JSON summary; exits 1 at the first failure,
naming its line.
"""

import json
import sys
from urllib.parse import urlparse

from openlineage.client import serde
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    dataset_type_dataset,
    job_type_job,
    nominal_time_run,
    schema_dataset,
    sql_job,
)

BASE = ("_producer", "_schemaURL")


def schema_facet(d):
    return schema_dataset.SchemaDatasetFacet(
        fields=[schema_dataset.SchemaDatasetFacetFields(**f) for f in d.pop("fields")], **d
    )


def input_field(d):
    d = dict(d)
    trs = [column_lineage_dataset.Transformation(**t) for t in d.pop("transformations", [])]
    return column_lineage_dataset.InputField(transformations=trs, **d)


def column_lineage_facet(d):
    fields = {}
    for name, f in d.pop("fields").items():
        f = dict(f)
        ins = [input_field(i) for i in f.pop("inputFields")]
        fields[name] = column_lineage_dataset.Fields(inputFields=ins, **f)
    dataset = [input_field(i) for i in d.pop("dataset", [])]
    return column_lineage_dataset.ColumnLineageDatasetFacet(fields=fields, dataset=dataset, **d)


# The facets the client knows, by the key events carry them under.
KNOWN = {
    "schema": (schema_dataset.SchemaDatasetFacet, schema_facet),
    "columnLineage": (column_lineage_dataset.ColumnLineageDatasetFacet, column_lineage_facet),
    "datasetType": (dataset_type_dataset.DatasetTypeDatasetFacet, lambda d: dataset_type_dataset.DatasetTypeDatasetFacet(**d)),
    "sql": (sql_job.SQLJobFacet, lambda d: sql_job.SQLJobFacet(**d)),
    "jobType": (job_type_job.JobTypeJobFacet, lambda d: job_type_job.JobTypeJobFacet(**d)),
    "nominalTime": (nominal_time_run.NominalTimeRunFacet, lambda d: nominal_time_run.NominalTimeRunFacet(**d)),
}


class Bad(Exception):
    pass


def is_url(s):
    u = urlparse(s)
    return bool(u.scheme) and bool(u.netloc)


def facets(raw, where, counts, custom):
    """Builds the facets of one facets object; custom facets are checked and set aside."""
    out = {}
    for key, f in (raw or {}).items():
        if not isinstance(f, dict):
            raise Bad(f"{where}.{key}: not an object")
        for b in BASE:
            if not isinstance(f.get(b), str) or not is_url(f[b]):
                raise Bad(f"{where}.{key}: {b} missing or not a URL")
        counts[key] = counts.get(key, 0) + 1
        if key not in KNOWN:
            custom.append((where, key))
            continue
        cls, build = KNOWN[key]
        if f["_schemaURL"] != cls._get_schema():
            raise Bad(f"{where}.{key}: _schemaURL {f['_schemaURL']} is not the client's {cls._get_schema()}")
        body = {k: v for k, v in f.items() if k not in BASE}
        obj = build(dict(body))
        obj._producer = f["_producer"]
        out[key] = obj
    return out


def strip_custom(ev, custom):
    """The event without its custom facets, for comparing with the client's output."""
    ev = json.loads(json.dumps(ev))
    for where, key in custom:
        node = ev
        for part in where.replace("]", "").replace("[", ".").split("."):
            node = node[int(part)] if part.isdigit() else node[part]
        del node[key]
    return ev


def drop_empty(obj):
    """obj without empty lists and objects: the client writes its defaults ([] and {}) where an event leaves a field out."""
    if isinstance(obj, dict):
        return {k: drop_empty(v) for k, v in obj.items() if v not in ([], {}, None)}
    if isinstance(obj, list):
        return [drop_empty(v) for v in obj]
    return obj


def check(ev):
    counts, custom = {}, []
    extra = set(ev) - {"eventType", "eventTime", "run", "job", "inputs", "outputs", "producer", "schemaURL"}
    if extra:
        raise Bad(f"unknown fields {sorted(extra)}")
    if not is_url(ev.get("producer", "")):
        raise Bad("producer missing or not a URL")
    run = Run(runId=ev["run"]["runId"], facets=facets(ev["run"].get("facets"), "run.facets", counts, custom))
    job = Job(namespace=ev["job"]["namespace"], name=ev["job"]["name"],
              facets=facets(ev["job"].get("facets"), "job.facets", counts, custom))

    def datasets(side, cls):
        out = []
        for i, d in enumerate(ev.get(side) or []):
            d = dict(d)
            kw = {}
            for fk in ("facets", "inputFacets", "outputFacets"):
                if fk in d:
                    kw[fk] = facets(d.pop(fk), f"{side}[{i}].{fk}", counts, custom)
            out.append(cls(namespace=d.pop("namespace"), name=d.pop("name"), **kw))
            if d:
                raise Bad(f"{side}[{i}]: unknown fields {sorted(d)}")
        return out

    obj = RunEvent(
        eventType=RunState(ev["eventType"]),
        eventTime=ev["eventTime"],
        run=run,
        job=job,
        inputs=datasets("inputs", InputDataset),
        outputs=datasets("outputs", OutputDataset),
        producer=ev["producer"],
    )
    if obj.schemaURL != ev.get("schemaURL"):
        raise Bad(f"schemaURL {ev.get('schemaURL')} is not the client's {obj.schemaURL}")
    again = drop_empty(serde.Serde.to_dict(obj))
    want = drop_empty(strip_custom(ev, custom))
    if again != want:
        raise Bad("the client's objects do not serialise back to the event:\n"
                  f"  read:  {json.dumps(want, sort_keys=True)}\n  wrote: {json.dumps(again, sort_keys=True)}")
    return counts


def main():
    events, totals = 0, {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                counts = check(json.loads(line))
            except Exception as e:  # noqa: BLE001 - every failure is reported with its line
                print(json.dumps({"line": line_no, "error": f"{type(e).__name__}: {e}"}))
                sys.exit(1)
            events += 1
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
    print(json.dumps({"events": events, "facets": totals}, sort_keys=True))


if __name__ == "__main__":
    main()

"""Run one peer lineage tool over corpus-format cases (peerbench's harness).

    python peers.py --tool sqlglot --out sqlglot.jsonl CASES.jsonl [...]

Tools: sqlglot, sqllineage, datahub (its sqlglot-based parser only),
openlineage (openlineage-sql, the Rust parser). For every case it writes
one JSON line: {"tool", "file", "id", "ok", "error", "seconds", "reported"},
where "reported" is what the tool states, in corpus terms (dotted tables,
`table.column` targets and sources), and "seconds" is the engine call alone,
in CPU time of this process (time.process_time):
the case's schema is handed to the tool before the clock starts, and the
call is made once untimed first (warm), as for colineage. The Go side
(examples/conformance -peers) scores the lines by the corpus rule.
"""

import argparse
import json
import os
import signal
import sys
import time


class Timeout(BaseException):
    """A case ran out of time (a BaseException, so that a peer's own
    `except Exception` does not swallow it)."""


def _alarm(signum, frame):
    raise Timeout()


def dotted(*parts):
    return ".".join(p for p in parts if p)


def schema_columns(case):
    """The case's schema as {table: {column: type}} (types default to TEXT)."""
    out = {}
    for table, cols in (case.get("schema") or {}).items():
        out[table] = {c: (t or "TEXT") for c, t in (cols or {}).items()}
    return out


# --- sqlglot -----------------------------------------------------------

SQLGLOT_DIALECTS = {"ansi": None, "sparksql": "spark", "postgresql": "postgres"}


def make_sqlglot():
    import sqlglot
    from sqlglot import exp
    from sqlglot.lineage import lineage

    def prepare(case):
        d = case["dialect"].lower()
        d = SQLGLOT_DIALECTS.get(d, d)
        schema = {}
        for table, cols in schema_columns(case).items():
            node = schema
            parts = table.split(".")
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node[parts[-1]] = cols
        return d, schema

    def run(case, prepared):
        d, schema = prepared
        rep = {"target_tables": [], "source_tables": [], "columns": []}
        for stmt in sqlglot.parse(case["sql"], read=d):
            if stmt is None:
                continue
            query, target, names = stmt, None, None
            if isinstance(stmt, (exp.Insert, exp.Create)):
                query = stmt.expression
                target = stmt.this
                # WITH c AS (..) INSERT INTO t SELECT .. FROM c: the CTEs
                # sit on the INSERT, and the query needs them
                ctes = stmt.args.get("with_") or stmt.args.get("with")
                if ctes is not None and isinstance(query, exp.Query) and not query.ctes:
                    query = query.copy()
                    query.set("with_" if "with_" in query.arg_types else "with", ctes.copy())
                if isinstance(target, exp.Schema):
                    names = [c.name for c in target.expressions]
                    target = target.this
            if not isinstance(query, exp.Query):
                continue
            ctes = {c.alias_or_name for c in query.find_all(exp.CTE)}
            for t in query.find_all(exp.Table):
                if t.name not in ctes:
                    name = dotted(t.catalog, t.db, t.name)
                    if name not in rep["source_tables"]:
                        rep["source_tables"].append(name)
            tname = None
            if isinstance(target, exp.Table):
                tname = dotted(target.catalog, target.db, target.name)
                rep["target_tables"].append(tname)
            if names:
                # INSERT INTO t (a, b) SELECT f(x), y: the i-th select item
                # writes the i-th listed column, named or not (named_selects
                # skips an unnamed item, which would shift the names)
                for i, sel in enumerate(query.selects):
                    if i < len(names) and sel.alias_or_name != names[i]:
                        sel.replace(exp.alias_(sel.unalias(), names[i]))
            for i, col in enumerate(query.named_selects):
                node = lineage(col, query, schema=schema or None, dialect=d)
                sources = set()
                for n in node.walk():
                    if n.downstream:
                        continue
                    if isinstance(n.source, exp.Table):
                        src = n.source
                        sources.add(dotted(src.catalog, src.db, src.name, n.name.split(".")[-1]))
                out = names[i] if names and i < len(names) else col
                rep["columns"].append({"target": dotted(tname, out), "sources": sorted(sources)})
        return rep

    return prepare, run


# --- SQLLineage --------------------------------------------------------


def make_sqllineage():
    from sqllineage.core.metadata.dummy import DummyMetaDataProvider
    from sqllineage.runner import LineageRunner

    def prepare(case):
        meta = {}
        for table, cols in schema_columns(case).items():
            key = table if "." in table else (case.get("default_schema") or "<default>") + "." + table
            meta[key] = list(cols)
        return DummyMetaDataProvider(meta)

    def run(case, provider):
        lr = LineageRunner(case["sql"], dialect=case["dialect"].lower(), metadata_provider=provider, silent_mode=True)
        rep = {
            "target_tables": [str(t) for t in lr.target_tables],
            "source_tables": [str(t) for t in lr.source_tables],
            "columns": [],
        }
        by_target = {}
        for path in lr.get_column_lineage(exclude_path_ending_in_subquery=True):
            by_target.setdefault(str(path[-1]), set()).add(str(path[0]))
        rep["columns"] = [{"target": t, "sources": sorted(s)} for t, s in by_target.items()]
        return rep

    return prepare, run


# --- DataHub -----------------------------------------------------------

DATAHUB_PLATFORMS = {"ansi": "postgres", "sparksql": "databricks", "tsql": "mssql"}


def urn_name(urn):
    # urn:li:dataset:(urn:li:dataPlatform:postgres,db.tab,PROD)
    inner = urn[urn.index("(") + 1 : urn.rindex(")")]
    return inner.split(",")[1]


def make_datahub():
    from datahub.emitter.mce_builder import make_dataset_urn
    from datahub.sql_parsing.schema_resolver import SchemaResolver
    # The public sqlglot_lineage answers a repeated (sql, schema) from an
    # LRU cache: the warm call would time the cache, not the parser.
    from datahub.sql_parsing.sqlglot_lineage import _sqlglot_lineage_nocache as sqlglot_lineage

    def prepare(case):
        d = case["dialect"].lower()
        platform = DATAHUB_PLATFORMS.get(d, d)
        resolver = SchemaResolver(platform=platform, env="PROD")
        for table, cols in schema_columns(case).items():
            resolver.add_raw_schema_info(make_dataset_urn(platform, table.lower(), "PROD"), cols)
        return resolver

    def run(case, resolver):
        res = sqlglot_lineage(
            sql=case["sql"],
            schema_resolver=resolver,
            default_db=case.get("default_database"),
            default_schema=case.get("default_schema"),
        )
        if res.debug_info.table_error:
            raise RuntimeError(str(res.debug_info.table_error))
        rep = {
            "target_tables": [urn_name(u) for u in res.out_tables],
            "source_tables": [urn_name(u) for u in res.in_tables],
            "columns": [],
        }
        for cl in res.column_lineage or []:
            t = cl.downstream
            target = dotted(urn_name(t.table), t.column) if t.table else t.column
            rep["columns"].append(
                {"target": target, "sources": sorted(dotted(urn_name(u.table), u.column) for u in cl.upstreams)}
            )
        return rep

    return prepare, run


# --- OpenLineage -------------------------------------------------------


def make_openlineage():
    import openlineage_sql as ol

    def table(meta):
        return dotted(meta.database, meta.schema, meta.name)

    def prepare(case):
        return None

    def run(case, _):
        m = ol.parse([case["sql"]], dialect=case["dialect"].lower(), default_schema=case.get("default_schema"))
        if m is None:
            raise RuntimeError("no result")
        outs = [table(t) for t in m.out_tables]
        rep = {"target_tables": outs, "source_tables": [table(t) for t in m.in_tables], "columns": []}
        for cl in m.column_lineage:
            d = cl.descendant
            owner = table(d.origin) if d.origin else (outs[0] if len(outs) == 1 else "")
            rep["columns"].append(
                {
                    "target": dotted(owner, d.name),
                    "sources": sorted(dotted(table(s.origin), s.name) if s.origin else s.name for s in cl.lineage),
                }
            )
        if m.errors and not rep["columns"] and not outs:
            raise RuntimeError("; ".join(str(e) for e in m.errors))
        return rep

    return prepare, run


TOOLS = {"sqlglot": make_sqlglot, "sqllineage": make_sqllineage, "datahub": make_datahub, "openlineage": make_openlineage}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, choices=sorted(TOOLS))
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per case")
    ap.add_argument("--root", default="", help="corpus root: files are named relative to it")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    prepare, run = TOOLS[args.tool]()
    signal.signal(signal.SIGALRM, _alarm)
    with open(args.out, "w") as out:
        for path in args.files:
            name = os.path.basename(path)
            if args.root and os.path.abspath(path).startswith(os.path.abspath(args.root) + os.sep):
                name = os.path.relpath(path, args.root)
            with open(path) as f:
                cases = [json.loads(line) for line in f if line.strip()]
            for case in cases:
                rec = {"tool": args.tool, "file": name, "id": case["id"], "ok": False, "error": "", "seconds": 0.0}
                try:
                    signal.setitimer(signal.ITIMER_REAL, args.timeout)
                    prepared = prepare(case)
                    # CPU time of this process (CLOCK_PROCESS_CPUTIME_ID, the
                    # clock colineage's side reads too): a loaded machine
                    # does not inflate it. The Rust parser of openlineage-sql
                    # runs in this process, so its time counts as well.
                    t0 = time.process_time()
                    run(case, prepared)  # warm
                    t1 = time.process_time()
                    if t1 - t0 < 1.0:
                        t0 = time.process_time()
                        rec["reported"] = run(case, prepared)
                        t1 = time.process_time()
                    else:
                        rec["reported"] = run(case, prepared)
                    rec["seconds"] = t1 - t0
                    rec["ok"] = True
                except Timeout:
                    rec["error"] = "timeout after %gs" % args.timeout
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as e:  # a peer's crash is a failed case, not the end of the run
                    rec["error"] = ("%s: %s" % (type(e).__name__, e)).splitlines()[0][:300]
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                out.write(json.dumps(rec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

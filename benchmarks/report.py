"""The results JSON as Markdown tables (``benchmarks/RESULTS.md``)."""

from __future__ import annotations

from collections.abc import Iterable

Record = dict[str, object]

MEMORY_STEPS = ("parse", "ingest", "ingest-serial", "export", "bulk-load", "extend", "queries", "queries-rdflib",
                "network")


def markdown(results: dict[str, object]) -> str:
    """All tables of one run."""
    records: list[Record] = results["records"]  # type: ignore[assignment]
    sizes = sorted({int(r["size"]) for r in records})  # type: ignore[call-overload]
    parts = ["# Benchmark results", "", _intro(results), "", "## Machine", "", _machine(results), "",
             "## Goals", "", *_goals(records, sizes), "", "## Throughput", "", _throughput(records, sizes, results),
             "", "## Export and networks", "", _export(records, sizes), "", *_cli(records, sizes),
             "## Peak memory (MB)", "",
             _memory(records, sizes), "", *_query_tables(records, sizes)]
    errors = [r for r in records if "error" in r]
    if errors:
        parts += ["## Errors", "", *(f"- {r['size']} digests, {r['step']}: {str(r['error'])[:400]}" for r in errors),
                  ""]
    return "\n".join(parts).rstrip() + "\n"


def _find(records: Iterable[Record], size: int, step: str) -> Record | None:
    return next((r for r in records if r["size"] == size and r["step"] == step and "error" not in r), None)


def _num(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or (isinstance(value, float) and value >= 1000):
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _intro(results: dict[str, object]) -> str:
    cfg: dict = results["config"]  # type: ignore[assignment]
    corpus: dict = results.get("corpus", {})  # type: ignore[assignment]
    sizes = ",".join(str(s) for s in cfg["sizes"])
    text = (f"Run of {results.get('started')} to {results.get('finished', '(unfinished)')}: "
            f"`python -m benchmarks run --sizes {sizes} --jobs {cfg['jobs']} --runs {cfg['runs']} "
            f"--rdflib-max {cfg['rdflib_max']} --serial-max {cfg['serial_max']}`. Synthetic corpus (seed "
            f"{cfg['seed']}): {_num(corpus.get('digests'))} digests of 20 policies, {_num(corpus.get('mb'))} MB, "
            f"generated in {_num(corpus.get('seconds'))} s. How the numbers are taken: `benchmarks/README.md`.")
    notes = cfg.get("notes") or []
    return text + "".join(f"\n\n{note}" for note in notes)


def _machine(results: dict[str, object]) -> str:
    m: dict = results["machine"]  # type: ignore[assignment]
    libs = m["libraries"]
    return _table(["CPU", "cores (usable)", "RAM", "OS", "Python", *libs],
                  [[m["cpu"], f"{m['cores']} ({m['usable_cores']})", f"{m['ram_gb']} GB", m["os"], m["python"],
                    *libs.values()]])


def _goals(records: list[Record], sizes: list[int]) -> list[str]:
    lines = []
    for size in sizes:
        ingest, bulk = _find(records, size, "ingest"), _find(records, size, "bulk-load")
        if not ingest or not bulk:
            continue
        ratio = float(ingest["seconds"]) / float(bulk["seconds"])  # type: ignore[arg-type]
        line = (f"- {size:,} digests: ingest {_num(ingest['seconds'])} s = {ratio:.1f}x raw `bulk_load` "
                f"({_num(bulk['seconds'])} s; goal: at most 10x)")
        if ingest.get("window", 0) >= 50:  # type: ignore[operator]
            line += (f"; last {ingest['window']} digests {_num(ingest['last_ms'])} ms each against "
                     f"{_num(ingest['first_ms'])} ms for the first {ingest['window']} = "
                     f"{float(ingest['last_over_first']):.2f}x (goal: at most 1.2x)")  # type: ignore[arg-type]
        lines.append(line + ".")
    return lines or ["- no ingest and bulk_load pair finished."]


def _throughput(records: list[Record], sizes: list[int], results: dict[str, object]) -> str:
    jobs = results["config"]["jobs"]  # type: ignore[index]
    rows = []
    for size in sizes:
        parse, ingest = _find(records, size, "parse") or {}, _find(records, size, "ingest") or {}
        serial, bulk = _find(records, size, "ingest-serial") or {}, _find(records, size, "bulk-load") or {}
        extend = _find(records, size, "extend") or {}
        ratio = (float(ingest["seconds"]) / float(bulk["seconds"])  # type: ignore[arg-type]
                 if ingest and bulk else None)
        rows.append([f"{size:,}", _num(ingest.get("policies")), _num(ingest.get("quads")),
                     _num(parse.get("digests_per_s")), _num(parse.get("mb_per_s"), 2), _num(ingest.get("seconds")),
                     _num(ingest.get("digests_per_s"), 2), _num(ingest.get("triples_per_s")),
                     _num(serial.get("seconds")), _num(bulk.get("seconds"), 2), _num(extend.get("seconds"), 2),
                     _num(ratio), _num(ingest.get("first_ms")), _num(ingest.get("last_ms")),
                     _num(ingest.get("last_over_first"), 2), _num(ingest.get("rejected")), _load(ingest)])
    return _table(["digests", "policies", "quads", "parse digests/s", "parse MB/s", f"ingest s (jobs={jobs})",
                   "ingest digests/s", "ingest triples/s", "ingest s (jobs=1)", "bulk_load s",
                   "extend s", "ingest / bulk_load", "first ms/digest", "last ms/digest", "last / first",
                   "rejected", "load average during ingest"], rows)


def _load(record: Record) -> str:
    load = record.get("load_average")
    return f"{_num(load['start'], 1)} → {_num(load['end'], 1)}" if isinstance(load, dict) else "–"


def _export(records: list[Record], sizes: list[int]) -> str:
    rows = []
    for size in sizes:
        ex, net = _find(records, size, "export") or {}, _find(records, size, "network") or {}
        nets = [net.get(k) for k in ("agency-sector", "co-issuance", "company-sector")]
        cells = [_num(n["seconds"], 2) + f" ({_num(n['nodes'])} nodes, {_num(n['edges'])} edges)"
                 if isinstance(n, dict) else ("skipped" if "skipped" in net else "–") for n in nets]
        rows.append([f"{size:,}", _seconds_mb(ex, "turtle"), _seconds_mb(ex, "nquads"),
                     _seconds_mb(ex, "pyoxigraph_dump"), *cells])
    return _table(["digests", "Turtle s", "N-Quads s", "pyoxigraph dump (N-Quads) s", "agency-sector network s",
                   "co-issuance network s", "company-sector network s"], rows)


def _cli(records: list[Record], sizes: list[int]) -> list[str]:
    """The cli step's table (goal at 500 digests: headline within 1.5x the trivial lookup, matrix within 3x)."""
    rows = []
    for size in sizes:
        record = _find(records, size, "cli") or {}
        for name in ("trivial", "headline", "matrix"):
            if isinstance(found := record.get(name), dict):
                rows.append([f"{size:,}", f"`{found['command']}`", _num(found["wall_s"], 2), _num(found["cpu_s"], 2),
                             f"{float(found['wall_over_trivial']):.2f}x", f"{float(found['cpu_over_trivial']):.2f}x"])
    if not rows:
        return []
    return ["## Through the command line", "",
            "Each command in a new process, its table printed to a pipe, in turn; median of the rounds. Goal at 500 "
            "digests: the headline within 1.5x the trivial lookup's wall time, the matrix within 3x.", "",
            _table(["digests", "command", "wall s", "CPU s", "wall / trivial", "CPU / trivial"], rows), ""]


def _seconds_mb(record: Record, name: str) -> str:
    if f"{name}_seconds" not in record:
        return "skipped" if "skipped" in record else "–"
    return f"{_num(record[f'{name}_seconds'], 2)} ({_num(record[f'{name}_mb'])} MB)"


def _memory(records: list[Record], sizes: list[int]) -> str:
    steps = [s for s in MEMORY_STEPS if any(r["step"] == s for r in records)]
    rows = []
    for size in sizes:
        cells = []
        for step in steps:
            rss = (_find(records, size, step) or {}).get("peak_rss_mb") or {}
            cells.append(f"{_num(rss.get('process'), 0)} / {_num(rss.get('tree'), 0)}" if rss else "–")
        rows.append([f"{size:,}", *cells])
    return _table(["digests", *(f"{s} (process / tree)" for s in steps)], rows)


def _query_tables(records: list[Record], sizes: list[int]) -> list[str]:
    parts = []
    with_rdflib = [s for s in sizes if _find(records, s, "queries-rdflib")]
    for size in sorted({*sizes[-1:], *with_rdflib[-1:]}):
        found = _find(records, size, "queries")
        if not found:
            continue
        rdf = (_find(records, size, "queries-rdflib") or {}).get("queries", {})
        head = ["query", "rows", "policygraph median / p95", "policygraph, pre-bound", "pyoxigraph median / p95",
                "limit median (x)"]
        head += ["rdflib median / p95"] if rdf else []
        rows = []
        for name, q in found["queries"].items():  # type: ignore[union-attr]
            row = [f"`{name}`", _num(q["rows"]), _ms(q.get("policygraph")), _ms(q.get("policygraph_bound")),
                   _ms(q.get("pyoxigraph")), _limit(q)]
            if rdf:
                row.append(_ms(rdf[name]["rdflib"]) if "rdflib" in rdf.get(name, {}) else
                           ("error" if "error" in rdf.get(name, {}) else "–"))
            rows.append(row)
        parts += [f"## Query latency at {size:,} digests (ms)", "", _table(head, rows), ""]
    return parts


def _limit(query: dict[str, object]) -> str:
    """The limit's median and how many times slower the stored query is; "not the same rows" where it differs."""
    limit: dict[str, object] | None = query.get("limit")  # type: ignore[assignment]
    if not limit:
        return "–"
    if not limit.get("same_rows"):
        return "not the same rows"
    mine = query["policygraph"]["median_ms"]  # type: ignore[index]
    return f"{_num(limit['median_ms'], 2)} ({mine / max(float(limit['median_ms']), 1e-3):.1f}x)"  # type: ignore[arg-type]


def _ms(stats: dict[str, float] | None) -> str:
    return f"{_num(stats['median_ms'], 2)} / {_num(stats['p95_ms'], 2)}" if stats else "–"

"""The benchmark's report: its tables, the targets' ratios and the machine's description, written
into the Markdown file between its markers."""

import datetime
import os
import platform
from pathlib import Path

# The server run.py starts: gunicorn's sync workers (the report states them).
WORKERS = 2


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def table(run: dict) -> str:
    header = ["scenario", "API p50", "API p99", "API req/s", "floor p50", "floor p99", "floor req/s"]
    return markdown(
        [*header, "p50 vs floor", "req/s vs floor"],
        [
            [
                scenario.name,
                f"{api.p50:.1f} ms",
                f"{api.p99:.1f} ms",
                f"{api.throughput:.0f}",
                f"{floor.p50:.1f} ms",
                f"{floor.p99:.1f} ms",
                f"{floor.throughput:.0f}",
                ratio(api.p50, floor.p50),
                ratio(api.throughput, floor.throughput),
            ]
            for scenario, api, floor, _ in run["results"]
        ],
    )


def raw_table(run: dict) -> str:
    """The API (and the floor) against the raw-SQL floor: under gunicorn, then in process."""
    in_process = {scenario.name: (api, floor, raw) for scenario, api, floor, raw in run["in_process"]}
    rows = []
    for scenario, api, floor, raw in run["results"]:
        if raw is None:
            continue
        api_in, floor_in, raw_in = in_process[scenario.name]
        rows.append(
            [
                scenario.name,
                f"{raw.p50:.1f} ms",
                f"{raw.p99:.1f} ms",
                f"{raw.throughput:.0f}",
                ratio(api.p50, raw.p50),
                ratio(api.throughput, raw.throughput),
                ratio(floor.p50, raw.p50),
                f"{api_in:.2f} ms",
                f"{floor_in:.2f} ms",
                f"{raw_in:.2f} ms",
                ratio(api_in, raw_in),
            ]
        )
    header = ["scenario", "raw p50", "raw p99", "raw req/s", "API p50 vs raw", "API req/s vs raw"]
    in_process_header = ["in process: API", "floor", "raw", "API vs raw"]
    return markdown([*header, "floor p50 vs raw", *in_process_header], rows)


def datasette_table(run: dict) -> str:
    header = ["peer", "p50", "p99", "req/s", "API's events first page p50", "API / Datasette (p50)"]
    peer = "Datasette, labelled events page (50 rows)"
    if not run["params"]["database"].startswith("SQLite"):
        return markdown(header, [[peer, "-", "-", "-", "-", "none: Datasette serves SQLite files only"]])
    if run["datasette"] is None:
        return markdown(header, [[peer, "-", "-", "-", "-", "not measured: install the `bench` extra"]])
    peer_figures, first = run["datasette"], run["results"][0][1]
    return markdown(
        header,
        [
            [
                peer,
                f"{peer_figures.p50:.1f} ms",
                f"{peer_figures.p99:.1f} ms",
                f"{peer_figures.throughput:.0f}",
                f"{first.p50:.1f} ms",
                ratio(first.p50, peer_figures.p50),
            ]
        ],
    )


def export_table(run: dict) -> str:
    header = ["export", "rows", "MB", "API rows/s", "API peak RSS", "floor rows/s", "floor peak RSS"]
    return markdown(
        [*header, "rate vs floor"],
        [
            [
                name,
                f"{api.rows:,}",
                f"{api.megabytes:.0f}",
                f"{api.rate:,.0f}",
                f"{api.peak_rss:.0f} MB",
                f"{floor.rate:,.0f}",
                f"{floor.peak_rss:.0f} MB",
                ratio(api.rate, floor.rate),
            ]
            for name, api, floor in run["exports"]
        ],
    )


def targets(run: dict) -> str:
    """The issue's targets, each with its measured ratio and whether it is met."""
    by_name = {scenario.name: (api, floor) for scenario, api, floor, _ in run["results"]}
    first, filtered, deep = (
        by_name["events, first page"],
        by_name["events, conflict and date range"],
        by_name["events, page at 90% depth"],
    )
    q = next(figures for name, figures in by_name.items() if name.startswith("events, q="))
    event, conflict = by_name["event detail"], by_name["conflict detail"]
    not_modified = by_name["events, conditional GET (304)"]
    _, export, export_floor = run["exports"][0]
    in_process = {scenario.name: (api, raw) for scenario, api, _, raw in run["in_process"]}
    api_in, raw_in = in_process["events, first page"]
    checks = [
        ("events list p50 ≤ 1.3x floor", first[0].p50 / first[1].p50, 1.3, "max"),
        ("filtered list p50 ≤ 1.3x floor", filtered[0].p50 / filtered[1].p50, 1.3, "max"),
        ("events list throughput ≥ 0.8x floor", first[0].throughput / first[1].throughput, 0.8, "min"),
        (
            "filtered list throughput ≥ 0.8x floor",
            filtered[0].throughput / filtered[1].throughput,
            0.8,
            "min",
        ),
        ("event detail p50 ≤ 1.5x floor", event[0].p50 / event[1].p50, 1.5, "max"),
        ("conflict detail p50 ≤ 1.5x floor", conflict[0].p50 / conflict[1].p50, 1.5, "max"),
        ("90%-depth page p50 ≤ 1.2x first page", deep[0].p50 / first[0].p50, 1.2, "max"),
        ("q p50 ≤ 3x floor's first page", q[0].p50 / first[1].p50, 3.0, "max"),
        ("export rate ≥ 0.8x the bare loop's", export.rate / export_floor.rate, 0.8, "min"),
        ("export worker peak RSS ≤ 150 MB", export.peak_rss, 150, "max"),
        (
            "304 throughput ≥ 5x floor's first page",
            not_modified[0].throughput / first[1].throughput,
            5.0,
            "min",
        ),
        ("events first page in process ≤ 4x raw floor", api_in / raw_in, 4.0, "max"),
    ]
    rows = []
    for name, value, bound, kind in checks:
        met = value <= bound if kind == "max" else value >= bound
        shown = f"{value:.0f} MB" if name.endswith("MB") else f"{value:.2f}x"
        rows.append([name, shown, "yes" if met else "**no**"])
    name = "events first page p50 < Datasette's labelled page (SQLite)"
    if not run["params"]["database"].startswith("SQLite"):
        rows.append([name, "none on PostgreSQL", "-"])
    elif run["datasette"] is None:
        rows.append([name, "not measured (no Datasette installed)", "-"])
    else:
        value = first[0].p50 / run["datasette"].p50
        rows.append([name, f"{value:.2f}x", "yes" if value < 1 else "**no**"])
    return markdown(["target", "measured", "met"], rows)


def machine(clients: int, duration: float) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = next(
            f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = "unknown"
    import django

    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} of memory, {platform.system()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}; gunicorn with {WORKERS} sync "
        f"workers, DEBUG off; the load generator ({clients} threads, closed loop, a new connection per "
        f"request) runs on the same machine, on loopback; {duration:g} s per scenario and side after a warm-up."
    )


def report(runs: list[tuple[str, dict]], clients: int, duration: float, redis_url: str | None) -> str:
    cache = (
        "Redis on PostgreSQL, and on SQLite the embedded default (the generation in the database file, "
        "the counts in each worker's memory)"
        if redis_url
        else "a table in the database"
    )
    parts = [
        f"Run on {datetime.date.today().isoformat()}: {machine(clients, duration)} The cache (the "
        f"throttle's counts, the ETags' data generation) is {cache}.",
        "",
        "The floor is the same page built by hand (`project/bench/floor.py`: `values()` queries and "
        "orjson, no DRF, no throttle, no ETag), served by the same gunicorn in the same run. Ratios "
        "are API over floor (p50: lower is better; req/s: higher is better). Exports stream the whole "
        "table once each, from a fresh server (peak RSS: the largest VmHWM of its workers); their "
        "floor is a bare loop writing the same rows with orjson.",
        "",
        "The raw floor is stricter (`project/bench/rawfloor.py`): the events list and an event's "
        "detail in hand-written SQL on a DB-API cursor and orjson, through the same middleware. Its "
        "table gives it under gunicorn and in process (Django's WSGI handler called in a loop, one "
        "request at a time, no server: a third of the scenario's time per side). Datasette (on SQLite "
        "only) serves the same file, opened immutable, after the API's server has stopped: its "
        "labelled events page with the four foreign keys expanded, no facets, no count, 50 rows "
        "(in its own order, without the API's actors and citations).",
    ]
    for _, run in runs:
        params = run["params"]
        built = f"; built by `synth` in {params['built_seconds']} s" if params["built_seconds"] else ""
        parts += [
            "",
            f"### {params['database']}, {params['events']:,} events{built}",
            "",
            table(run),
            "",
            raw_table(run),
            "",
            datasette_table(run),
            "",
            export_table(run),
            "",
            targets(run),
        ]
    return "\n".join(parts) + "\n"


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def write(output: Path, text: str) -> None:
    current = output.read_text() if output.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in current:
        current += f"\n{BEGIN}\n{END}\n"
    head, rest = current.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    output.write_text(f"{head}{BEGIN}\n{text}{END}{tail}")

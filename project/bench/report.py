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
            for scenario, api, floor in run["results"]
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
    first, filtered, q, deep, _, _, not_modified = [(api, floor) for _, api, floor in run["results"]]
    _, export, export_floor = run["exports"][0]
    checks = [
        ("events list p50 ≤ 1.5x floor", first[0].p50 / first[1].p50, 1.5, "max"),
        ("filtered list p50 ≤ 1.5x floor", filtered[0].p50 / filtered[1].p50, 1.5, "max"),
        ("events list throughput ≥ 0.8x floor", first[0].throughput / first[1].throughput, 0.8, "min"),
        (
            "filtered list throughput ≥ 0.8x floor",
            filtered[0].throughput / filtered[1].throughput,
            0.8,
            "min",
        ),
        ("90%-depth page p50 ≤ 1.5x first page", deep[0].p50 / first[0].p50, 1.5, "max"),
        ("q p50 ≤ 5x floor's first page", q[0].p50 / first[1].p50, 5.0, "max"),
        (
            "304 throughput ≥ 4x floor's first page",
            not_modified[0].throughput / first[1].throughput,
            4.0,
            "min",
        ),
        ("export rate ≥ 0.7x the bare loop's", export.rate / export_floor.rate, 0.7, "min"),
        ("export worker peak RSS ≤ 200 MB", export.peak_rss, 200, "max"),
    ]
    rows = []
    for name, value, bound, kind in checks:
        met = value <= bound if kind == "max" else value >= bound
        shown = f"{value:.0f} MB" if name.endswith("MB") else f"{value:.2f}x"
        rows.append([name, shown, "yes" if met else "**no**"])
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
    cache = "Redis" if redis_url else "a table in the database"
    parts = [
        f"Run on {datetime.date.today().isoformat()}: {machine(clients, duration)} The cache (the "
        f"throttle's counts, the ETags' data generation) is {cache}.",
        "",
        "The floor is the same page built by hand (`project/bench/floor.py`: `values()` queries and "
        "orjson, no DRF, no throttle, no ETag), served by the same gunicorn in the same run. Ratios "
        "are API over floor (p50: lower is better; req/s: higher is better). Exports stream the whole "
        "table once each, from a fresh server (peak RSS: the largest VmHWM of its workers); their "
        "floor is a bare loop writing the same rows with orjson.",
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

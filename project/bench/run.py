"""The benchmark: the API against its floor, served by gunicorn, driven on loopback.

    python -m project.bench.run --database sqlite:///.bench/100k.sqlite3 --events 100000 \\
        --database postgres://postgres@127.0.0.1:5432/coups_bench --events 1000000 \\
        --duration 15 --output docs/benchmarks.md

For each database (in order): ``project.bench.prepare`` builds it with ``synth`` or reuses it,
gunicorn serves the API with the bench settings (the production settings plus the floor's
views, DEBUG off, 2 sync workers), and a closed-loop load generator (``--clients`` threads, each
sending its next request when the last one is answered, a new connection per request as
gunicorn's sync workers close them) runs every scenario for ``--duration`` seconds against the
API, then against the floor, then against the raw-SQL floor where it has the page (the raw floor
is also timed in process: project.bench.inprocess). On SQLite, Datasette (the ``bench`` extra)
then serves the same file and its labelled events page runs under the same load. It prints one
set of tables per database, the ratios the issue sets as targets with met / not met, and with
``--output`` writes them and the machine's description to a Markdown file.
Exits 1 when any answer is not the expected status. Timings are figures to read, never a pass or
fail: the smoke run in the test suite checks only that the harness works.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from project.bench.report import WORKERS, report, write

ROOT = Path(__file__).resolve().parents[2]
Q_TERM = (
    "event 12"  # synth's summaries and quotes say "(event N)": N = 12, 120-129, 1200-1299, ...: about 1.1%
)


@dataclass
class Scenario:
    name: str
    api: str
    floor: str
    expect: int = 200
    headers: dict = field(default_factory=dict)
    raw: str | None = None  # the stricter floor's path (project/bench/rawfloor.py), where it has one


@dataclass
class Export:
    rows: int
    megabytes: float
    seconds: float
    peak_rss: float  # MB: the highest resident memory of the server's workers (VmHWM)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# The whole events table streamed once from a server of its own, API then bare loop.
EXPORTS = [("events, JSON Lines", "/api/v1/events/export.jsonl", "/bench/floor/events/export.jsonl")]


@dataclass
class Figures:
    p50: float  # ms
    p99: float  # ms
    throughput: float  # requests per second
    requests: int
    unexpected: int


def scenarios(params: dict) -> list[Scenario]:
    conflict = params["conflict"]
    dates = "date_after=1990-01-01&date_before=2030-12-31"
    q = urllib.parse.quote(Q_TERM)
    deep = f"after_date={params['after_date']}&after_slug={params['after_slug']}"
    event = params["after_slug"]  # a published event (the row at 90% depth)
    return [
        Scenario("events, first page", "/api/v1/events/", "/bench/floor/events/", raw="/bench/raw/events/"),
        Scenario(
            "events, conflict and date range",
            f"/api/v1/events/?conflict={conflict}&{dates}",
            f"/bench/floor/events/?conflict={conflict}&{dates}",
            raw=f"/bench/raw/events/?conflict={conflict}&{dates}",
        ),
        Scenario(
            f"events, q={Q_TERM!r} (~1% of rows)", f"/api/v1/events/?q={q}", f"/bench/floor/events/?q={q}"
        ),
        Scenario(
            "events, page at 90% depth",
            f"/api/v1/events/?cursor={params['cursor']}",
            f"/bench/floor/events/?{deep}",
            raw=f"/bench/raw/events/?{deep}",
        ),
        Scenario("reactions, first page", "/api/v1/reactions/", "/bench/floor/reactions/"),
        Scenario(
            "event detail",
            f"/api/v1/events/{event}/",
            f"/bench/floor/events/{event}/",
            raw=f"/bench/raw/events/{event}/",
        ),
        Scenario("conflict detail", f"/api/v1/conflicts/{conflict}/", f"/bench/floor/conflicts/{conflict}/"),
        # The 304's floor is the floor's first page (a 200): the issue's target is 5x its throughput.
        Scenario("events, conditional GET (304)", "/api/v1/events/", "/bench/floor/events/", expect=304),
    ]


# Datasette (a bench-only dependency, the `bench` extra) serves the same SQLite file, opened
# immutable, as the peer a researcher could start in one command: its labelled events page, the
# foreign keys (conflict, place, attributed_to, alleged_in) expanded to their labels, no facets,
# no count, 50 rows as objects. It has no many-to-many (actors, citations): the API nests more.
# The events' search document (a column only `q` reads, events/search.py) is left out, as the
# API leaves it out: Datasette would otherwise send every event's cited quotes again.
DATASETTE_PAGE = (
    "/{db}/events_event.json?_labels=on&_nofacet=1&_nocount=1&_size=50&_shape=objects&_nocol=search_document"
)


def datasette_available() -> bool:
    return (Path(sys.executable).parent / "datasette").exists()


def run_datasette(database_url: str, clients: int, duration: float) -> Figures | None:
    """Datasette's labelled page on this SQLite file under the same load; None when it is not
    installed (``pip install -e '.[bench]'``)."""
    if not datasette_available():
        return None
    # sqlite:////abs/file gives the path "//abs/file", which Datasette's file: URI would misread.
    path = str(Path(urllib.parse.unquote(urllib.parse.urlsplit(database_url).path)).resolve())
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "datasette"), "serve", "--immutable", path]
        + ["--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, server, 60)
        status, _, body = fetch(port, "/-/databases.json", {})
        if status != 200:
            raise SystemExit(f"Datasette answered {status} for its databases")
        name = json.loads(body)[0]["name"]
        return drive(port, DATASETTE_PAGE.format(db=urllib.parse.quote(name)), {}, 200, clients, duration)
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, redis_url: str | None) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "API_THROTTLE_RATE": "100000000/minute",  # the limiter runs (it is on the path) but never refuses
        "LOG_LEVEL": "ERROR",
        "PYTHONWARNINGS": "ignore::UserWarning",  # WhiteNoise's "no directory at STATIC_ROOT"
    }
    if redis_url:
        env["REDIS_URL"] = redis_url  # the throttle's counts and the ETags' generation
    else:
        env.pop("REDIS_URL", None)
    return env


def ensure_database(database_url: str) -> None:
    """Create a PostgreSQL database that does not exist yet (SQLite creates its file itself)."""
    parts = urllib.parse.urlsplit(database_url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict, events: int) -> dict:
    ensure_database(env["DATABASE_URL"])
    return module_json(env, "preparing the database", "prepare", "--events", str(events))


def module_json(env: dict, what: str, module: str, *args: str):
    """Run ``project.bench.<module>`` with ``args`` and return the JSON its last line prints."""
    result = subprocess.run(
        [sys.executable, "-m", f"project.bench.{module}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env: dict, port: int, *options: str, seconds: float = 60) -> subprocess.Popen:
    """gunicorn serving the project on 127.0.0.1:port with 2 workers, once it accepts connections."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "project.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", *options],
        cwd=ROOT,
        env=env,
    )
    wait_for(port, server, seconds)
    return server


def wait_for(port: int, server: subprocess.Popen, seconds: float) -> None:
    """Return once the server accepts connections on the port; kill it if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{server.args[0]} did not start within {seconds:g} s")


def fetch(port: int, path: str, headers: dict) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def drive(port: int, path: str, headers: dict, expect: int, clients: int, duration: float) -> Figures:
    """Closed loop: ``clients`` threads for ``duration`` seconds after one warm-up request each."""
    for _ in range(clients):
        fetch(port, path, headers)
    latencies: list[float] = []
    unexpected = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def client():
        mine, wrong = [], 0
        while (started := time.perf_counter()) < stop:
            status, _, _ = fetch(port, path, headers)
            mine.append(time.perf_counter() - started)
            wrong += status != expect
        with lock:
            latencies.extend(mine)
            unexpected[0] += wrong

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return Figures(
        p50=statistics.median(latencies) * 1000,
        p99=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        throughput=len(latencies) / elapsed,
        requests=len(latencies),
        unexpected=unexpected[0],
    )


def worker_peak_rss(server: subprocess.Popen) -> float:
    """The largest VmHWM (peak resident set) among the gunicorn master's workers, in MB."""
    peak = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != server.pid:  # the parent's pid
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def stream(port: int, path: str) -> tuple[int, int, float]:
    """Read one streamed export to its end: (lines, bytes, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    began = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        lines = size = 0
        while chunk := response.read(1 << 20):
            lines += chunk.count(b"\n")
            size += len(chunk)
    finally:
        connection.close()
    return lines, size, time.perf_counter() - began


def run_export(env: dict, path: str) -> Export:
    """One export from a fresh server, so its workers' peak memory is the export's own."""
    port = free_port()
    server = start_gunicorn(env, port, "--timeout", "3600")
    try:
        lines, size, seconds = stream(port, path)
        return Export(lines, size / 1e6, seconds, worker_peak_rss(server))
    finally:
        server.terminate()
        server.wait(timeout=30)


def redis_for(database_url: str, redis_url: str | None) -> str | None:
    """Redis for PostgreSQL only: SQLite is measured as the embedded default a new user runs."""
    return None if database_url.startswith("sqlite") else redis_url


def run_database(
    database_url: str, events: int, clients: int, duration: float, redis_url: str | None
) -> dict:
    env = server_env(database_url, redis_url)
    params = prepare(env, events)
    port = free_port()
    server = start_gunicorn(env, port, "--timeout", "120")
    results = []
    try:
        for scenario in scenarios(params):
            headers = dict(scenario.headers)
            if scenario.expect == 304:
                status, response_headers, _ = fetch(port, scenario.api, {})
                headers["If-None-Match"] = response_headers["ETag"]
            api = drive(port, scenario.api, headers, scenario.expect, clients, duration)
            floor = drive(port, scenario.floor, {}, 200, clients, duration)
            raw = drive(port, scenario.raw, {}, 200, clients, duration) if scenario.raw else None
            results.append((scenario, api, floor, raw))
            print(
                f"  {scenario.name}: API p50 {api.p50:.1f} ms, floor p50 {floor.p50:.1f} ms"
                + (f", raw floor p50 {raw.p50:.1f} ms" if raw else ""),
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    in_process = measure_in_process(env, [s for s in scenarios(params) if s.raw], duration)
    datasette = None
    if database_url.startswith("sqlite"):
        # After the API's server has stopped: Datasette opens the file immutable (no one writes).
        datasette = run_datasette(database_url, clients, duration)
        if datasette:
            print(f"  Datasette's labelled page: p50 {datasette.p50:.1f} ms", flush=True)
    exports = []
    for name, api_path, floor_path in EXPORTS:
        api, floor = run_export(env, api_path), run_export(env, floor_path)
        exports.append((name, api, floor))
        print(f"  export {name}: API {api.rate:.0f} rows/s, floor {floor.rate:.0f} rows/s", flush=True)
    return {
        "params": params,
        "results": results,
        "exports": exports,
        "in_process": in_process,
        "datasette": datasette,
        "datasette_installed": datasette_available(),
    }


def measure_in_process(env: dict, measured: list[Scenario], duration: float) -> list:
    """The API, the floor and the raw floor called in one process through Django's WSGI handler
    (the whole middleware stack, no server, no socket), one request at a time: see
    project.bench.inprocess. Returns (scenario, API p50, floor p50, raw p50) in ms."""
    seconds = max(duration / 3, 0.5)
    paths = [path for s in measured for path in (s.api, s.floor, s.raw)]
    p50 = module_json(env, "the in-process measurement", "inprocess", "--seconds", str(seconds), *paths)
    return [(s, p50[s.api], p50[s.floor], p50[s.raw]) for s in measured]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", action="append", required=True, help="A database URL (repeat).")
    parser.add_argument("--events", action="append", type=int, required=True, help="Events, per --database.")
    parser.add_argument("--duration", type=float, default=15, help="Seconds per scenario and side.")
    parser.add_argument("--clients", type=int, default=4, help="Concurrent clients (threads).")
    parser.add_argument("--output", type=Path, help="Write the tables into this Markdown file.")
    parser.add_argument(
        "--redis",
        help="REDIS_URL for the server's cache (throttle counts, ETag generation) on PostgreSQL, the "
        "path that scales out; SQLite runs as the embedded default, its cache in the database file "
        "(and the counts in each worker's memory). Default: the database for both.",
    )
    options = parser.parse_args(argv)
    if len(options.database) != len(options.events):
        parser.error("give one --events per --database")
    runs = []
    for database_url, events in zip(options.database, options.events, strict=True):
        print(f"{urllib.parse.urlsplit(database_url).scheme}, {events:,} events:", flush=True)
        runs.append(
            (
                database_url,
                run_database(
                    database_url,
                    events,
                    options.clients,
                    options.duration,
                    redis_for(database_url, options.redis),
                ),
            )
        )
    text = report(runs, options.clients, options.duration, options.redis)
    print(text)
    if options.output:
        write(options.output, text)
    unexpected = sum(
        side.unexpected for _, run in runs for _, *sides in run["results"] for side in sides if side
    )
    unexpected += sum(run["datasette"].unexpected for _, run in runs if run["datasette"])
    if unexpected:
        print(f"{unexpected} answers had an unexpected status", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

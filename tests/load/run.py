"""A bounded load test of the production server: readers and curators at once, nothing lost.

    python -m tests.load.run --duration 60 --postgres postgres://postgres@127.0.0.1:5432

Builds a fresh database (a PostgreSQL database of its own on the given server, dropped afterwards,
or a temporary SQLite file), loads the seed data, starts gunicorn (2 workers) on a loopback
port, and drives it with locust for a fixed time: readers page, filter, export CSV and send
conditional GETs; curators create events (citations by quote) and edit shared events with
If-Match, two curators per event so some writes are refused (412). Afterwards every
acknowledged write is checked against the stored data: each acknowledged edit must have
produced exactly one version (none lost, none merged) and every acknowledged creation must
exist. Prints a table, exits 1 on any 5xx or lost write, and with ``--report`` writes the
figures into docs/reliability.md. Traffic goes to 127.0.0.1 only and stops by itself.
"""

# locust runs on gevent, whose monkey-patching must come before anything imports ssl or sockets.
from gevent import monkey

monkey.patch_all()

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from project.bench.run import free_port, start_gunicorn

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- load-test:begin -->", "<!-- load-test:end -->"


# A database of this run's own, so runs in parallel (two suites on one server) never meet.
DATABASE_NAME = f"coups_loadtest_{os.getpid()}"


def fresh_database(postgres: str | None) -> str:
    if not postgres:
        return f"sqlite:///{tempfile.mkdtemp(prefix='coups-load-')}/load.sqlite3"
    import psycopg

    with psycopg.connect(f"{postgres.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE_NAME}")
    return f"{postgres.rstrip('/')}/{DATABASE_NAME}"


def drop_database(postgres: str | None) -> None:
    if postgres:
        import psycopg

        with psycopg.connect(f"{postgres.rstrip('/')}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


CURATOR = """
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
user = User.objects.create_user("load-curator")
user.user_permissions.set(Permission.objects.filter(codename__in=["add_event", "change_event", "view_event"]))
print(Token.objects.create(user=user).key)
"""


def server_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "API_THROTTLE_RATE": "100000000/minute",  # the test measures the server, not the limiter
        "LOG_LEVEL": "ERROR",  # 412s are expected here; Django logs each as a warning
    }


def start_server(env: dict, port: int) -> subprocess.Popen:
    return start_gunicorn(env, port, seconds=30)


def run_load(host: str, token: str, duration: int, readers: int, curators: int):
    import requests
    from locust.env import Environment

    from tests.load import users

    events_page = requests.get(f"{host}/api/v1/events/?page_size=4", timeout=30).json()["results"]
    citation = events_page[0]["citations"][0]
    users.configure(
        token,
        {event["slug"]: event["version"] for event in events_page},
        {"document": citation["document"]["slug"], "quote": citation["quote"]},
    )
    environment = Environment(user_classes=[users.Reader, users.Curator], host=host, events=None)
    users.Reader.fixed_count, users.Curator.fixed_count = readers, curators
    runner = environment.create_local_runner()
    runner.start(readers + curators, spawn_rate=readers + curators)
    import gevent

    gevent.spawn_later(duration, runner.quit)
    runner.greenlet.join()
    return environment.stats, users.LEDGER


def settled(session, url: str, tries: int = 10) -> tuple[dict, list]:
    """A record and its history read once no write lands between the two reads.

    locust abandons requests in flight when the run stops, and the server still completes them:
    one landing between the two GETs would make the record look older than its history. Read
    until the record's version is the newest in its history, or give up after ``tries`` and
    return the last reads (a lasting mismatch is a real finding).
    """
    for _ in range(tries):
        stored = session.get(url, timeout=30).json()
        history = session.get(f"{url}history/", timeout=30).json()
        if stored["version"] == max(entry["version"] for entry in history):
            break
        time.sleep(0.5)
    return stored, history


def verify(host: str, token: str, ledger) -> list[str]:
    """Every acknowledged write is in the stored data, exactly once.

    An edit acknowledged as version *v* with summary *s* must be version *v* in the record's
    history, with *s* as its new summary; no two acknowledgements may share a version (that
    would be a merge). The stored record is the newest version. A write still in flight when
    the run stopped may be stored without an acknowledgement: that is not a loss.
    """
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    problems = []
    for slug in ledger.created:
        if session.get(f"{host}/api/v1/events/{slug}/", timeout=30).status_code != 200:
            problems.append(f"created event {slug} is missing")
    for slug, acks in ledger.edits.items():
        stored, history = settled(session, f"{host}/api/v1/events/{slug}/")
        summaries = {
            entry["version"]: change["new"]
            for entry in history
            for change in entry["changes"]
            if change["field"] == "summary"
        }
        versions = [version for version, _ in acks]
        if len(set(versions)) != len(versions):
            problems.append(f"{slug}: two acknowledged edits produced the same version (a merge)")
        for version, summary in acks:
            if summaries.get(version) != summary:
                problems.append(f"{slug}: the edit acknowledged as version {version} is not in its history")
        if stored["version"] != max(entry["version"] for entry in history):
            problems.append(f"{slug}: the stored version is not the newest in its history")
        if stored["version"] < ledger.start_versions[slug] + len(acks):
            problems.append(f"{slug}: fewer versions than acknowledged edits")
    return problems


def table(stats, ledger, problems, duration, database) -> str:
    total = stats.total
    rows = [
        "| request | count | failures | 5xx | p50 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for entry in sorted(stats.entries.values(), key=lambda e: (e.method, e.name)):
        rows.append(
            f"| {entry.method} {entry.name} | {entry.num_requests} | {entry.num_failures} | "
            f"{ledger.server_errors.get((entry.method, entry.name), 0)} | {entry.get_response_time_percentile(0.5):.0f} | "
            f"{entry.get_response_time_percentile(0.99):.0f} | {entry.num_requests / duration:.1f} |"
        )
    rows.append(
        f"| **all** | {total.num_requests} | {total.num_failures} | {sum(ledger.server_errors.values())} | "
        f"{total.get_response_time_percentile(0.5):.0f} | {total.get_response_time_percentile(0.99):.0f} | "
        f"{total.num_requests / duration:.1f} |"
    )
    acknowledged = sum(len(acks) for acks in ledger.edits.values())
    summary = (
        f"{database}, gunicorn 2 workers, {duration} s, {ledger.readers} readers and {ledger.curators} curators "
        f"(locust, loopback). Writes acknowledged: {acknowledged} edits and {len(ledger.created)} creations; "
        f"edits refused as stale (412, expected with two curators per event): {ledger.stale}; "
        f"lost or merged writes: {len(problems)}."
    )
    return summary + "\n\n" + "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--curators", type=int, default=4)
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL without a database name; SQLite otherwise"
    )
    parser.add_argument("--report", action="store_true", help="write the figures into docs/reliability.md")
    options = parser.parse_args()

    database_url = fresh_database(options.postgres)
    try:
        return run(options, database_url)
    finally:
        drop_database(options.postgres)


def run(options, database_url: str) -> int:
    env = server_env(database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "load_seed")
    token = manage(env, "shell", "-c", CURATOR).strip().splitlines()[-1]
    port = free_port()
    server = start_server(env, port)
    host = f"http://127.0.0.1:{port}"
    try:
        stats, ledger = run_load(host, token, options.duration, options.readers, options.curators)
        ledger.readers, ledger.curators = options.readers, options.curators
        problems = verify(host, token, ledger)
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = "PostgreSQL" if options.postgres else "SQLite"
    report = table(stats, ledger, problems, options.duration, database)
    print(report)
    for problem in problems:
        print("LOST:", problem)
    if options.report:
        stamp = (
            f"Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores."
        )
        section = f"{BEGIN}\n{stamp}\n\n{report}\n{END}"
        text = REPORT.read_text(encoding="utf-8")
        REPORT.write_text(
            re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
        )
    failed = sum(ledger.server_errors.values()) > 0 or problems
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench` itself, run small (10,000 events, half a second per scenario) so it cannot rot.

Checks that it builds its database, serves the API, the floor and the raw floor with gunicorn
and in process, gets the expected status from every request (200, and 304 for the conditional
GET), Datasette's too where it runs (SQLite, with the `bench` extra installed), and writes its
tables. The timings it prints are not checked: they belong to the benchmark, not to a test.
"""

import os
import shutil
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection

# It runs on the suite's kind of database (connection.vendor), so CI runs it once per database.
pytestmark = [pytest.mark.database, pytest.mark.slow]

SCENARIOS = 8


def bench_database(tmp_path):
    """A database of this run's own: a temporary SQLite file, or a PostgreSQL database dropped after."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path}/bench.sqlite3", None
    params = connection.settings_dict
    server = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}"
    name = f"coups_bench_smoke_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}", (server, name)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """One small bench run for the module's tests: (its result, the Markdown it wrote)."""
    tmp_path = tmp_path_factory.mktemp("bench")
    database_url, created = bench_database(tmp_path)
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nkept text\n")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "project.bench.run", "--database", database_url, "--events", "10000"]
            + ["--duration", "0.5", "--clients", "2", "--output", str(output)],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if created:
            server, name = created
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return result, output.read_text()


def test_a_small_bench_run_serves_every_scenario_and_writes_its_tables(small_run):
    result, written = small_run
    assert result.returncode == 0, result.stdout + result.stderr
    assert written.startswith("# Benchmarks\n\nkept text\n")  # only its own section is replaced
    assert "10,000 events; built by `synth`" in written
    rows = [line for line in written.splitlines() if line.startswith("| events") or line.startswith("| re")]
    assert len(rows) >= SCENARIOS
    assert "| conflict detail |" in written and "| event detail |" in written
    assert "| 304 throughput ≥ 5x floor's first page |" in written
    assert "| events, JSON Lines | 10,000 |" in written  # the whole table, streamed
    assert "| export worker peak RSS ≤ 150 MB |" in written


def test_the_raw_floor_is_measured_under_the_server_and_in_process(small_run):
    result, written = small_run
    assert result.returncode == 0, result.stdout + result.stderr
    # Its table: one row per scenario it serves, with the in-process figures of the three sides.
    raw_rows = [line for line in written.splitlines() if line.count(" ms |") == 5]
    assert [row.split(" | ")[0] for row in raw_rows] == [
        "| events, first page",
        "| events, conflict and date range",
        "| events, page at 90% depth",
        "| event detail",
    ]
    assert "| events first page in process ≤ 4x raw floor |" in written


def test_datasette_answers_beside_the_api_on_sqlite(small_run):
    result, written = small_run
    assert result.returncode == 0, result.stdout + result.stderr  # its answers too were all 200s
    peer = next(line for line in written.splitlines() if line.startswith("| Datasette"))
    if connection.vendor == "postgresql":
        assert "none: Datasette serves SQLite files only" in peer
        return
    if shutil.which("datasette", path=os.path.dirname(sys.executable)) is None:
        assert "not measured: install the `bench` extra" in peer
        pytest.skip(
            "Datasette is in the `bench` extra, which `make test` does not install (make bench does; "
            "or pip install -e '.[bench]'): the run said so in its table instead of measuring it"
        )
    cells = peer.split(" | ")
    assert cells[1].endswith(" ms") and float(cells[1].split()[0]) > 0, peer
    assert "| events first page p50 < Datasette's labelled page (SQLite) |" in written

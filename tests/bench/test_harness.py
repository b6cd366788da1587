"""`make bench` itself, run small (10,000 events, a second per scenario) so it cannot rot.

Checks that it builds its database, serves the API and the floor with gunicorn, gets the
expected status from every request (200, and 304 for the conditional GET), and writes its
tables. The timings it prints are not checked: they belong to the benchmark, not to a test.
"""

import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection

# It runs on the suite's kind of database (connection.vendor), so CI runs it once per database.
pytestmark = [pytest.mark.database, pytest.mark.slow]

SCENARIOS = 7


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


def test_a_small_bench_run_serves_every_scenario_and_writes_its_tables(tmp_path):
    database_url, created = bench_database(tmp_path)
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nkept text\n")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "project.bench.run", "--database", database_url, "--events", "10000"]
            + ["--duration", "1", "--clients", "2", "--output", str(output)],
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
    assert result.returncode == 0, result.stdout + result.stderr
    written = output.read_text()
    assert written.startswith("# Benchmarks\n\nkept text\n")  # only its own section is replaced
    assert "10,000 events; built by `synth`" in written
    rows = [line for line in written.splitlines() if line.startswith("| events") or line.startswith("| re")]
    assert len(rows) >= SCENARIOS
    assert "| conflict detail |" in written and "| 304 throughput ≥ 4x floor's first page |" in written
    assert "| events, JSON Lines | 10,000 |" in written  # the whole table, streamed
    assert "| export worker peak RSS ≤ 200 MB |" in written

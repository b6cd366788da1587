"""The load harness itself, run briefly so it cannot rot: no 5xx, no lost write."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

# It runs on the suite's kind of database (connection.vendor), so CI runs it once per database.
pytestmark = [pytest.mark.database, pytest.mark.slow]


def test_a_short_load_run_loses_nothing():
    command = [sys.executable, "-m", "tests.load.run", "--duration", "4", "--readers", "4", "--curators", "4"]
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        command += ["--postgres", f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}"]
    result = subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lost or merged writes: 0." in result.stdout
    assert "| **all** |" in result.stdout

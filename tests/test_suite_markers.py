"""CI splits the suite by marker (tests/conftest.py, .ci/run): the split must lose no test and
put each where it belongs, or a pass would quietly run a fraction of the suite and succeed."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def collected(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_the_passes_split_the_suite_where_each_test_belongs():
    # `-m database` and `-m "not database"` are complements by pytest's definition; what can go
    # wrong is the marking itself (it once ran after pytest had selected, and every test but two
    # counted as database-free).
    elsewhere = collected("-m", "not database")
    assert all(not test.startswith("tests/api/") for test in elsewhere)  # every API test opens the database
    assert any(test.startswith("tests/test_dates.py::") for test in elsewhere)
    assert not any(test.startswith("tests/test_trust_boundary.py::") for test in elsewhere)

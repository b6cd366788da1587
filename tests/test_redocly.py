"""The committed spec passes `redocly lint` with the recommended rules and redocly.yaml: no error,
no warning. The rules redocly.yaml turns off say why there."""

import json

import pytest
from django.conf import settings

from tests.node_tools import npm_install, run

pytestmark = pytest.mark.slow  # installs a Node tool

REDOCLY = "@redocly/cli@2.77.0"


def test_the_spec_passes_redocly_lint(tmp_path):
    bin_folder = npm_install(tmp_path, [REDOCLY])
    result = run([str(bin_folder / "redocly"), "lint", "--format=json"], settings.BASE_DIR)
    report = json.loads(result.stdout)
    assert report["version"] == REDOCLY.rsplit("@", 1)[1]
    problems = [(p["severity"], p["ruleId"], p["message"]) for p in report["problems"]]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problems[:20]
    assert result.returncode == 0, result.stderr

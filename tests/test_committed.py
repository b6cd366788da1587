"""What is committed is what its sources build: the OpenAPI spec and the seed fixtures.

Neither check touches the suite's database (the fixtures are built in a scratch database of
their own), so CI runs them once, not once per database.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

SPEC = settings.BASE_DIR / "openapi.yaml"


def test_committed_spec_is_current_and_valid(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    # --fail-on-warn turns any schema warning (an untyped field, a guessed filter) into a failure.
    call_command("spectacular", "--file", str(fresh), "--validate", "--fail-on-warn")
    assert fresh.read_text() == SPEC.read_text(), "openapi.yaml is stale: run `make schema` and commit it"


@pytest.mark.slow
def test_committed_fixtures_are_fresh():
    """fixtures/seed.json is what the seed documents and curated.yaml build."""
    call_command("build_fixtures", "--check", stdout=io.StringIO(), stderr=io.StringIO())

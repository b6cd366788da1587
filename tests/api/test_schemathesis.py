"""Schemathesis against a live server: every operation of the committed spec, fuzzed.

The API runs on pytest-django's live server with the seed data, and the Schemathesis CLI sends
it requests generated from ``openapi.yaml`` in all four phases (the spec's examples, coverage of
every constraint's edges, random fuzzing, and stateful sequences that feed one response's values
into the next request), with every check: no 5xx, responses (status, content type, headers,
body) as the spec says, invalid input refused, valid input accepted, and the rest. The number of
examples and the seed are fixed, so a run is bounded and repeatable. A finding is fixed in the
API or the spec, never here.

Reads go out anonymous; the operations whose security names ``tokenAuth`` (the curators'
writes) get the token of a curator with every permission, publishing included, so writes are
exercised as curators make them, each with the record's current ETag as If-Match when the
request carries one (``schemathesis_hooks.before_call``). Two settings
differ from Schemathesis's defaults, both in ``schemathesis_hooks.py`` and the config below:
a 400 for a slug or cursor that names no stored data counts as a correct answer to schema-valid
input, and a write without ``If-Match`` is answered 428 Precondition Required (RFC 6585, the
status made for it, and the one the spec documents) rather than a plain 400.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from project.api.filters import SlugFilter
from project.urls import RESOURCES

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
PHASES = "examples,coverage,fuzzing,stateful"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
SEED = 20240918


def stored_data_names() -> list[str]:
    """Parameters whose valid values are stored records' slugs, and the cursor."""
    names = {"cursor"}
    for _, viewset in RESOURCES:
        filters = viewset.filterset_class.base_filters
        names.update(name for name, f in filters.items() if isinstance(f, SlugFilter))
    return sorted(names)


def requests_sent(har: Path) -> int:
    return len(json.loads(har.read_text(encoding="utf-8"))["log"]["entries"])


@pytest.mark.slow
@pytest.mark.fuzzing
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_nothing(live_server, settings, tmp_path, capsys):
    # Thousands of requests from one address: the rate limit is tested elsewhere (test_throttling).
    settings.API_THROTTLE_RATE = "1000000/minute"
    # A transactional test sees what earlier tests left committed (pytest-django empties the
    # database after such a test, not before): start from an empty one, then the seed data.
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_seed", verbosity=0)
    curator = User.objects.create_superuser("fuzzing-curator")
    token = Token.objects.create(user=curator).key
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        f'[auth.openapi.tokenAuth]\napi_key = "Token {token}"\n'
        # RFC 6585: 428 is the answer to a missing If-Match (see the module's docstring).
        "[checks.missing_required_header]\nexpected-statuses = [400, 401, 403, 406, 415, 422, 428]\n"
        # RFC 9110, 13.2.2: a precondition is evaluated before the content is processed, so an
        # invalid body under a stale If-Match is refused with 412; refused all the same.
        "[checks.negative_data_rejection]\nexpected-statuses = [400, 401, 403, 404, 405, 406, 409, 412, 415, 422, 428, 429]\n"
        # A list's CSV export takes the list's parameters through the same code (RecordViewSet.initial),
        # so the coverage phase's edge values of each parameter are sent to the JSON list only: it
        # is most of the run's requests. The exports get every other phase.
        '[[operations]]\ninclude-path-regex = "/export\\\\.csv$"\nphases.coverage.enabled = false\n',
        encoding="utf-8",
    )
    har = tmp_path / "requests.har"
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            str(settings.BASE_DIR / "openapi.yaml"),
            "--url",
            live_server.url,
            "--phases",
            PHASES,
            "--checks",
            "all",
            # Replaced by positive_data_acceptance_beyond_stored_data (schemathesis_hooks.py).
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--report",
            "har",
            "--report-har-path",
            str(har),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
            "PYTHONPATH": str(settings.BASE_DIR),
            "STORED_DATA_NAMES": json.dumps(stored_data_names()),
            "API_URL": live_server.url,
            "CURATOR_TOKEN": token,
        },
    )
    sent = requests_sent(har) if har.exists() else 0
    summary = [
        line.strip() for line in result.stdout.splitlines() if re.match(r"\s*(\d+ generated|Selected:)", line)
    ]
    with capsys.disabled():
        print(
            f"\nschemathesis sent {sent} requests (phases {PHASES}, max {MAX_EXAMPLES} examples, seed {SEED}; "
            f"{'; '.join(summary)})"
        )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    assert sent > 0

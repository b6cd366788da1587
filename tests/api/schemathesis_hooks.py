"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded by the CLI via SCHEMATHESIS_HOOKS).

One check replaces Schemathesis's ``positive_data_acceptance`` (ST202, "schema-valid request
rejected"), and differs from it in one case only: a 400 whose ``errors`` name nothing but
values that can only be valid against stored data. Those are a slug naming a related record
(``conflict=0``: no record has that slug) and a cursor (an opaque token only the API issues).
A spec cannot list the slugs a database holds, and the API answers such a value with a 400
naming the parameter by design (docs/api/pagination.md, docs/api/filters.md). Every other rejection of
schema-valid data, and any 400 that also names another parameter, fails as before.

Curators' writes (POST, PUT, PATCH, DELETE) are not held to it: a schema-valid write can still
conflict with what is stored (a slug in use, a slug that cannot change, a quote its document
does not hold, a date string that is not EDTF, an ``If-Match`` naming an older version), and the
API refuses those with a 400 or 412 naming the problem, as tests/api/test_curation.py checks
one by one. Every other check (no 5xx, documented statuses, bodies and headers, invalid data
refused) holds for writes too.

The names come from the test, which reads them from the filter sets and input serializers, in
``STORED_DATA_NAMES`` (a JSON list).

A write generated with an ``If-Match`` header sends the record's current ETag instead of the
generated string, read just before as a client would (``before_call``): the write is then
processed, with its fuzzed body, rather than refused as stale. A write generated without the
header is sent without it, and must be answered 428.
"""

import json
import os

import requests
import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
STORED_DATA_NAMES = frozenset(json.loads(os.environ.get("STORED_DATA_NAMES", "[]")))
PRECONDITIONED = {"PUT", "PATCH", "DELETE"}
API_URL = os.environ.get("API_URL", "")
CURATOR_TOKEN = os.environ.get("CURATOR_TOKEN", "")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """A write that carries If-Match carries the record's current tag (see the module)."""
    if case.method.upper() not in PRECONDITIONED or not case.headers:
        return
    name = next((key for key in case.headers if key.lower() == "if-match"), None)
    if name is None:
        return
    current = requests.get(
        API_URL + case.formatted_path, headers={"Authorization": f"Token {CURATOR_TOKEN}"}, timeout=60
    )
    if current.status_code == 200 and "ETag" in current.headers:
        case.headers[name] = current.headers["ETag"]


def names_only_stored_data(response) -> bool:
    if response.status_code != 400:
        return False
    try:
        errors = json.loads(response.content)["errors"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(errors) and set(errors) <= STORED_DATA_NAMES


@schemathesis.check
def positive_data_acceptance_beyond_stored_data(ctx, response, case):
    """Schema-valid data is accepted, unless what it names does not exist (see the module)."""
    if case.method.upper() not in SAFE_METHODS:
        return None
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if names_only_stored_data(response):
            return None
        raise

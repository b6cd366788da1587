"""The schema in the shared cache (project/api/docs.py): a new process serves it without
generating it, a new release gets a key of its own, and a cache outage still serves it."""

from unittest import mock

import pytest
import yaml
from django.core.cache import cache
from redis.exceptions import ConnectionError as CacheDown

from project.api import docs

from .test_schema import SPEC

pytestmark = pytest.mark.django_db

URL = "/api/schema/"
ACCEPT = {"HTTP_ACCEPT": "application/vnd.oai.openapi"}


@pytest.fixture
def new_process(monkeypatch):
    """Forget what this process built, as a worker or host that just started would."""

    def forget():
        monkeypatch.setattr(docs.SchemaView, "built", {})

    forget()
    return forget


@pytest.fixture
def generated():
    """Counts the schema generator's runs; each still builds the real schema."""
    original = docs.SchemaView.generator_class.get_schema
    with mock.patch.object(
        docs.SchemaView.generator_class, "get_schema", autospec=True, side_effect=original
    ) as spy:
        yield spy


def test_a_new_process_serves_the_schema_from_the_cache(api, new_process, generated):
    first = api.get(URL, **ACCEPT)
    assert first.status_code == 200 and generated.call_count == 1
    assert yaml.safe_load(first.content) == yaml.safe_load(SPEC.read_text())
    new_process()
    second = api.get(URL, **ACCEPT)
    assert second.status_code == 200
    assert generated.call_count == 1  # not generated again: read from the shared cache
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Each representation is cached on its own: JSON is built once, then shared too.
    as_json = api.get(URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    new_process()
    assert api.get(URL, HTTP_ACCEPT="application/vnd.oai.openapi+json").content == as_json.content
    assert generated.call_count == 2


def test_a_new_release_does_not_read_the_old_schema(api, new_process, generated, monkeypatch):
    api.get(URL, **ACCEPT)
    new_process()
    monkeypatch.setattr(docs, "code_fingerprint", lambda: "another-release")
    assert api.get(URL, **ACCEPT).status_code == 200
    assert generated.call_count == 2


def test_a_cache_outage_still_serves_the_schema(api, new_process, generated, monkeypatch, caplog):
    expected = api.get(URL, **ACCEPT).content
    new_process()

    def down(*args, **kwargs):
        raise CacheDown("the cache does not answer")  # as Redis would (the throttle lets it pass)

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    response = api.get(URL, **ACCEPT)
    assert response.status_code == 200 and response.content == expected
    assert generated.call_count == 2
    assert "schema not read from the cache" in caplog.text
    assert "schema not stored in the cache" in caplog.text


def test_the_fingerprint_follows_the_sources_contents_not_their_copies(tmp_path):
    def tree(root, text):
        for package in docs.SCHEMA_PACKAGES:
            (root / package / "api").mkdir(parents=True)
            (root / package / "api" / "views.py").write_text(text)
        (root / "events" / "migrations").mkdir()
        (root / "events" / "migrations" / "0001_initial.py").write_text(text)
        return root

    one = docs.code_fingerprint(tree(tmp_path / "one", "A = 1\n"))
    assert docs.code_fingerprint(tree(tmp_path / "two", "A = 1\n")) == one  # another host, same release
    assert docs.code_fingerprint(tree(tmp_path / "three", "A = 2\n")) != one  # the code changed
    (tmp_path / "one" / "events" / "migrations" / "0002_more.py").write_text("B = 1\n")
    docs.code_fingerprint.cache_clear()
    assert docs.code_fingerprint(tmp_path / "one") == one  # migrations do not shape the schema

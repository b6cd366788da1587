"""The releases through HTTP: list and detail with strong ETags, and the files as immutable downloads."""

import hashlib
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def made(seeded, django_db_blocker, tmp_path_factory):
    """Two releases of the seed data, made once for the module (each test's writes roll back)."""
    from project.releases.models import Release

    root = tmp_path_factory.mktemp("releases")
    with override_settings(RELEASES_ROOT=root), django_db_blocker.unblock():
        for version in ("1.0.0", "1.1.0"):
            call_command("release", version, stdout=io.StringIO())
        yield root
        Release.objects.all().delete()


@pytest.fixture
def released(made, seed, settings):
    settings.RELEASES_ROOT = made
    return made


def test_the_list_is_newest_first_with_citations_and_changes(api, released):
    response = api.get("/api/v1/releases/")
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["version"] for r in results] == ["1.1.0", "1.0.0"]
    newest = results[0]
    assert newest["previous"] == "1.0.0" and results[1]["previous"] is None
    assert newest["changes"] == {}  # the same data twice: nothing changed
    assert results[1]["changes"]["events"]["added"] > 0
    assert "Data release 1.1.0" in newest["citation"]
    assert newest["url"] == "http://testserver/api/v1/releases/1.1.0/"
    assert "files" not in newest


def test_the_list_pages_by_cursor(api, released):
    first = api.get("/api/v1/releases/?page_size=1").json()
    assert [r["version"] for r in first["results"]] == ["1.1.0"]
    second = api.get(first["next"]).json()
    assert [r["version"] for r in second["results"]] == ["1.0.0"] and second["next"] is None


def test_a_detail_lists_every_file_with_its_size_hash_and_download(api, released):
    detail = api.get("/api/v1/releases/1.0.0/").json()
    package = json.loads((released / "1.0.0" / "datapackage.json").read_bytes())
    files = {f["name"]: f for f in detail["files"]}
    assert set(files) == {r["path"] for r in package["resources"]} | {"datapackage.json"}
    assert detail["citation"] == package["citation"]
    for name, file in files.items():
        data = (released / "1.0.0" / name).read_bytes()
        assert (file["bytes"], file["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
        assert file["url"] == f"http://testserver/releases/1.0.0/{name}"


def test_every_answer_has_a_strong_etag_and_if_none_match_gives_304(api, released):
    for url in ("/api/v1/releases/", "/api/v1/releases/1.0.0/"):
        response = api.get(url)
        tag = response["ETag"]
        assert tag.startswith('"') and not tag.startswith("W/")
        again = api.get(url, HTTP_IF_NONE_MATCH=tag)
        assert again.status_code == 304 and again["ETag"] == tag
        assert api.get(url, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_new_release_changes_the_lists_etag(api, released):
    tag = api.get("/api/v1/releases/")["ETag"]
    call_command("release", "2.0.0", stdout=io.StringIO())
    response = api.get("/api/v1/releases/", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200 and response.json()["results"][0]["version"] == "2.0.0"


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/releases/?sort=version", "sort"),
        ("/api/v1/releases/?page_size=", "page_size"),
        ("/api/v1/releases/?format=csv", "format"),
        ("/api/v1/releases/1.0.0/?cursor=x", "cursor"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, released, url, field):
    response = api.get(url)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]


def test_an_unknown_version_is_a_404(api, released):
    assert api.get("/api/v1/releases/9.9.9/").status_code == 404
    assert api.get("/api/v1/releases/latest/").status_code == 404


def test_releases_are_read_only(api, released):
    assert api.post("/api/v1/releases/", {"version": "3.0.0"}, format="json").status_code in (401, 403, 405)
    assert api.delete("/api/v1/releases/1.0.0/").status_code in (401, 403, 405)


@pytest.mark.parametrize("url", ["/api/v1/releases/?page_size=50", "/api/v1/releases/1.0.0/?format=json"])
def test_a_method_releases_do_not_have_is_a_405_before_its_parameters_even_for_a_curator(api, released, url):
    # As for every resource: the method is refused first, credentials or parameters aside.
    api.force_authenticate(User.objects.create_superuser("release-curator"))
    for method in (api.put, api.patch, api.delete, api.post):
        response = method(f"{url}&cursor=0" if "?" in url else url)
        assert response.status_code == 405, (method, response.content)
        assert response.json()["code"] == "method_not_allowed"


# --- downloads ------------------------------------------------------------------------------------


def test_a_file_downloads_as_written_cacheable_for_good(api, released):
    data = (released / "1.0.0" / "data" / "events.csv").read_bytes()
    response = api.get("/releases/1.0.0/data/events.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert response["Content-Type"].startswith("text/csv")
    again = api.get("/releases/1.0.0/data/events.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["Cache-Control"] == response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/releases/1.0.0/data/nothing.csv",
        "/releases/9.9.9/datapackage.json",
        "/releases/1.0.0/../1.1.0/datapackage.json",
        "/releases/1.0.0/data/../datapackage.json",
        "/releases/1.0.0/..%2F..%2Fdb.sqlite3",
        "/releases/1.0.0/%2Fetc%2Fpasswd",
        "/releases/1.0.0/data",
    ],
)
def test_anything_but_a_listed_file_is_a_404(api, released, path):
    assert api.get(path).status_code == 404


def test_a_download_is_get_only(api, released):
    assert api.post("/releases/1.0.0/datapackage.json").status_code == 405

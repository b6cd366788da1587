"""Data releases: a frozen, checksummed Data Package of the published data, its changes since the
previous release, and loading it back into an empty database."""

import hashlib
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from frictionless import validate

from actors.models import Actor, ActorAlias
from documents.models import Citation, Document
from events.models import Event, PlaceAlias
from project.records.base import ReviewState
from project.records.relations import is_record
from project.releases import package
from project.releases.models import Release, ReleaseFile
from project.releases.tables import RECORD_MODELS, table_name
from tests.factories import cite, empty_database, make_event

pytestmark = pytest.mark.django_db

BASE_DIR = settings.BASE_DIR


@pytest.fixture
def root(settings, tmp_path):
    settings.RELEASES_ROOT = tmp_path / "releases"
    return settings.RELEASES_ROOT


def release(version: str) -> str:
    out = io.StringIO()
    call_command("release", version, stdout=out)
    return out.getvalue()


def descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def rows(folder: Path, table: str) -> list[dict]:
    lines = (folder / "data" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def data_files(folder: Path) -> dict[str, bytes]:
    """The release's data: its tables and texts (not the descriptor or changelog, which name the
    version and date)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.parts[len(folder.parts)] in ("data", "texts")
    }


# --- the package ---------------------------------------------------------------------------------


def test_a_release_holds_every_published_record_and_text_and_lists_every_file(root, seed):
    release("1.0.0")
    folder = root / "1.0.0"
    package_ = descriptor(folder)
    assert package_["version"] == "1.0.0" and package_["created"].endswith("Z")
    assert "1.0.0" in package_["citation"]
    for model in RECORD_MODELS:
        published = model.objects.filter(review_state=ReviewState.PUBLISHED)
        slugs = sorted(row["slug"] for row in rows(folder, table_name(model)))
        assert slugs == sorted(published.values_list("slug", flat=True)), model
    assert len(rows(folder, "actor_aliases")) == ActorAlias.objects.count()
    assert len(rows(folder, "place_aliases")) == PlaceAlias.objects.count()
    assert len(rows(folder, "citations")) == Citation.objects.count()
    assert len(rows(folder, "events_citations")) == Event.citations.through.objects.count()
    # Every file the package lists is there with its size and SHA-256, and nothing else is.
    listed = {resource["path"]: resource for resource in package_["resources"]}
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {"datapackage.json"}
    assert set(listed) == on_disk
    for path, resource in listed.items():
        data = (folder / path).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    # The registered release lists the same files, the descriptor too.
    stored = Release.objects.get(version="1.0.0")
    assert {f.name for f in stored.files.all()} == on_disk | {"datapackage.json"}


def test_every_citation_points_into_a_text_of_the_release(root, seed):
    release("1.0.0")
    folder = root / "1.0.0"
    documents = {row["slug"]: row for row in rows(folder, "documents")}
    for document in Document.objects.all():
        path = folder / documents[document.slug]["text_path"]
        assert path.read_bytes() == document.text.encode("utf-8")
        assert documents[document.slug]["content_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    citations = rows(folder, "citations")
    assert citations
    for citation in citations:
        text = (folder / documents[citation["document"]]["text_path"]).read_text(encoding="utf-8")
        assert text[citation["start"] : citation["end"]] == citation["quote"]
        assert citation["id"] == f"{citation['document']}[{citation['start']}:{citation['end']}]"


def test_the_tables_are_described_by_the_models_fields(root, seed):
    release("1.0.0")
    resources = {r["name"]: r for r in descriptor(root / "1.0.0")["resources"]}
    events = resources["events"]["schema"]
    fields = {field["name"]: field for field in events["fields"]}
    assert fields["attributed_to"]["description"] == Event._meta.get_field("attributed_to").help_text
    assert fields["date_earliest"]["type"] == "date"
    assert fields["kind"]["constraints"]["enum"] == list(Event.Kind.values)
    assert "id" not in fields and "review_state" not in fields  # no database ids, no curation state
    assert events["primaryKey"] == ["slug"]
    assert {"fields": "conflict", "reference": {"resource": "conflicts", "fields": "slug"}} in events[
        "foreignKeys"
    ]
    relation = resources["events_citations"]["schema"]
    assert relation["primaryKey"] == ["event", "citation"]
    assert resources["events-jsonl"]["schema"] == events


def test_the_package_carries_the_sources_licences_and_attribution(root, seed):
    release("1.0.0")
    package_ = descriptor(root / "1.0.0")
    article = Document.objects.get(kind=Document.Kind.ENCYCLOPEDIA_ARTICLE)
    statement = Document.objects.get(kind=Document.Kind.JOINT_STATEMENT)
    assert package_["licenses"] == [
        {
            "name": "CC-BY-SA-4.0",
            "path": "https://creativecommons.org/licenses/by-sa/4.0/",
            "title": "Creative Commons Attribution-ShareAlike 4.0 International",
        }
    ]
    sources = {source["title"]: source for source in package_["sources"]}
    assert sources[article.title]["license"] == "CC-BY-SA-4.0"
    assert sources[article.title]["attribution"] == article.attribution
    assert sources[statement.title]["license"] is None  # not stated by the source: none invented
    assert "MassisPost" in sources[statement.title]["attribution"]
    texts = {r["path"]: r for r in package_["resources"] if r["path"].startswith("texts/")}
    assert texts[f"texts/{article.slug}.txt"]["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert "licenses" not in texts[f"texts/{statement.slug}.txt"]
    for document in (article, statement):
        assert document.title in package_["citation"] and document.attribution in package_["citation"]


def test_the_data_files_are_the_same_bytes_for_the_same_data(root, seed):
    release("1.0.0")
    release("1.0.1")
    first, second = data_files(root / "1.0.0"), data_files(root / "1.0.1")
    tables = [r for r in descriptor(root / "1.0.0")["resources"] if r.get("type") == "table"]
    assert len(first) == len(tables) + Document.objects.count()
    assert first == second
    # No timestamps in the data: a loaded copy's rows have other created/updated times.
    assert not {"created", "updated"} & {f["name"] for r in tables for f in r["schema"]["fields"]}


def test_drafts_are_never_part_of_a_release(root, seed):
    document = Document.objects.get(kind=Document.Kind.JOINT_STATEMENT)
    citation = cite(document, "Union of Informed Citizens\nHelsinki Citizens")  # a span only the draft cites
    draft = make_event(slug="a-draft-allegation", summary="An unreviewed claim.", review_state="draft")
    draft.citations.add(citation)
    draft.actors.add(Actor.objects.filter(review_state="published").first())
    release("1.0.0")
    folder = root / "1.0.0"
    everything = b"".join(data_files(folder).values())
    assert b"a-draft-allegation" not in everything and b"An unreviewed claim." not in everything
    ids = {row["id"] for row in rows(folder, "citations")}
    assert f"{document.slug}[{citation.start}:{citation.end}]" not in ids
    assert ids  # the published facts' citations are there


# --- versions: checked, written once, all or nothing ----------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "01.0.0", "1.0.0-rc.1", "../1.0.0", "1.0.0/x", ""])
def test_a_version_that_is_no_major_minor_patch_is_refused_naming_it(root, version):
    with pytest.raises(CommandError, match="is not a release version: give MAJOR.MINOR.PATCH") as error:
        release(version)
    assert repr(version) in str(error.value)
    assert not Release.objects.exists() and not (root.exists() and any(root.iterdir()))


def test_a_version_is_written_once(root, seed):
    release("1.0.0")
    before = {path: path.read_bytes() for path in (root / "1.0.0").rglob("*") if path.is_file()}
    Event.objects.filter(slug="azerbaijan-hosts-putin-in-baku").update(summary="Changed since.")
    with pytest.raises(CommandError, match=r"release 1\.0\.0 exists already"):
        release("1.0.0")
    assert {path: path.read_bytes() for path in (root / "1.0.0").rglob("*") if path.is_file()} == before
    assert Release.objects.count() == 1
    assert [path.name for path in root.iterdir()] == ["1.0.0"]  # no scratch folder left behind


def test_a_release_that_fails_half_way_leaves_nothing(root, seed, monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(package, "descriptor", broken)
    with pytest.raises(OSError, match="disk full"):
        release("1.0.0")
    assert not Release.objects.exists()
    assert list(root.iterdir()) == []
    monkeypatch.undo()
    release("1.0.0")  # the version is still free
    assert (root / "1.0.0" / "datapackage.json").is_file()


def test_a_release_whose_rows_cannot_be_written_leaves_no_folder(root, seed, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(ReleaseFile.objects, "bulk_create", broken)
    with pytest.raises(DatabaseError):
        release("1.0.0")
    assert not Release.objects.exists()
    assert list(root.iterdir()) == []


# --- changes since the previous release ---------------------------------------------------------


def test_the_changelog_names_what_was_added_changed_and_removed(root, seed):
    release("1.0.0")
    changes_first = json.loads((root / "1.0.0" / "changes.json").read_text(encoding="utf-8"))
    assert changes_first["previous"] is None
    assert changes_first["summary"]["events"]["added"] == Event.objects.count()

    changed = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    changed.summary = "A curator's better summary."
    changed.save()
    removed = Event.objects.filter(responses__isnull=True).exclude(pk=changed.pk).order_by("slug").first()
    removed.delete()
    added = make_event(slug="a-new-published-event", summary="Something new.")
    added.citations.add(changed.citations.first())
    release("1.1.0")

    folder = root / "1.1.0"
    changes = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert changes["previous"] == "1.0.0"
    events = changes["tables"]["events"]
    assert events == {
        "added": ["a-new-published-event"],
        "changed": [{"key": changed.slug, "fields": ["summary"]}],
        "removed": [removed.slug],
    }
    assert ["a-new-published-event", f"{changed.citations.first().document.slug}"] in [
        [key[0], key[1].partition("[")[0]] for key in changes["tables"]["events_citations"]["added"]
    ]
    assert Release.objects.get(version="1.1.0").changes["events"] == {"added": 1, "changed": 1, "removed": 1}
    changelog = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Compared with release 1.0.0" in changelog
    assert "- added `a-new-published-event`" in changelog
    assert f"- changed `{changed.slug}`: summary" in changelog
    assert f"- removed `{removed.slug}`" in changelog
    listed = {resource["path"] for resource in descriptor(folder)["resources"]}
    assert {"CHANGELOG.md", "changes.json"} <= listed


def test_a_release_counts_its_changes_against_the_version_just_below_it(root, seed):
    release("1.0.0")
    release("2.0.0")
    Event.objects.filter(slug="azerbaijan-hosts-putin-in-baku").delete()
    release("1.1.0")  # a later release of the 1.x line: compared with 1.0.0, not 2.0.0
    assert Release.objects.get(version="1.1.0").previous == "1.0.0"
    assert Release.objects.get(version="1.1.0").changes["events"]["removed"] == 1


# --- verification ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_frictionless_finds_every_release_valid_and_a_changed_file_invalid(root, seed, tmp_path):
    release("1.0.0")
    Event.objects.filter(slug="azerbaijan-hosts-putin-in-baku").delete()
    release("1.1.0")
    for version in ("1.0.0", "1.1.0"):
        report = validate(str(root / version / "datapackage.json"))
        assert report.valid, report.flatten(["title", "type", "note"])
    copy = tmp_path / "copy"
    shutil.copytree(root / "1.0.0", copy)
    text = next((copy / "texts").iterdir())
    text.write_bytes(text.read_bytes().replace(b"Armenia", b"Armenja", 1))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {error.type for task in report.tasks for error in task.errors}


def test_loading_refuses_a_changed_file_naming_it(root, seed, tmp_path):
    release("1.0.0")
    copy = tmp_path / "copy"
    shutil.copytree(root / "1.0.0", copy)
    events = copy / "data" / "events.jsonl"
    events.write_bytes(events.read_bytes().replace(b"Putin", b"Patin", 1))
    empty_database()
    with pytest.raises(CommandError, match=r"data/events\.jsonl: its size or SHA-256 is not the one"):
        call_command("load_release", str(copy), stdout=io.StringIO())
    assert not Event.objects.exists()


def test_loading_refuses_a_file_outside_the_release(root, seed, tmp_path):
    release("1.0.0")
    copy = tmp_path / "copy"
    shutil.copytree(root / "1.0.0", copy)
    package_ = descriptor(copy)
    package_["resources"][0]["path"] = "../../settings.py"
    (copy / "datapackage.json").write_text(json.dumps(package_), encoding="utf-8")
    empty_database()
    with pytest.raises(CommandError, match="names a file outside the release"):
        call_command("load_release", str(copy), stdout=io.StringIO())


def test_loading_needs_an_empty_database(root, seed):
    release("1.0.0")
    with pytest.raises(CommandError, match="needs an empty database"):
        call_command("load_release", str(root / "1.0.0"), stdout=io.StringIO())


@pytest.mark.slow
def test_a_loaded_release_gives_back_the_same_published_data(root, seed, settings, tmp_path):
    draft = make_event(slug="a-draft-allegation", summary="An unreviewed claim.", review_state="draft")
    draft.citations.add(Citation.objects.first())
    release("1.0.0")
    empty_database()
    Release.objects.all().delete()
    out = io.StringIO()
    call_command("load_release", str(root / "1.0.0"), stdout=out)
    assert "loaded" in out.getvalue()
    assert not Event.objects.filter(slug="a-draft-allegation").exists()
    assert not Event.objects.exclude(review_state=ReviewState.PUBLISHED).exists()
    settings.RELEASES_ROOT = tmp_path / "second"
    release("1.0.0")
    assert data_files(tmp_path / "second" / "1.0.0") == data_files(root / "1.0.0")
    loaded = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    assert loaded.history.latest("history_date").history_change_reason == "loaded from release 1.0.0"


def test_the_software_citation_is_cff_1_2_0_naming_the_maintainers_as_a_team():
    cff = yaml.safe_load((BASE_DIR / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(cff)
    assert cff["authors"] == [{"name": package.AUTHOR}]  # an entity: no invented person
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    assert cff["version"] == pyproject["project"]["version"]


def test_every_record_model_is_a_table_of_the_release():
    assert {model for model in apps.get_models() if is_record(model)} == set(RECORD_MODELS)

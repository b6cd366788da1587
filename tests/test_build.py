"""The fixture builder: deterministic output, and a clear failure for every curated mistake."""

import json
import shutil

import pytest
import yaml

from documents.models import Document
from project.pipeline.build import CURATED, SEED_DIR, BuildError, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def curated(tmp_path):
    """A copy of the real curated layer and seeds that a test may spoil."""
    for path in SEED_DIR.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))

    def write(mutate) -> object:
        copy = json.loads(json.dumps(data, default=str))
        mutate(copy)
        path = tmp_path / "curated.yaml"
        path.write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
        return path

    return write


def test_the_build_is_deterministic_and_leaves_the_database_untouched():
    first, _ = build()
    assert not Document.objects.exists()
    second, _ = build()
    assert first == second
    rows = json.loads(first)
    assert all("pk" not in row for row in rows)
    assert {row["fields"]["updated"] for row in rows} == {"2026-12-06T00:00:00Z"}


def test_the_build_warns_about_the_supporter_whose_name_was_lost():
    _, warnings = build()
    assert any("name the source lost" in warning and "Armenia" in warning for warning in warnings)


def first_event(data):
    return data["events"][0]


def test_a_missing_quote_names_the_quote_and_the_document(curated):
    path = curated(lambda d: first_event(d)["cite"]["article"].append("words the article never says"))
    with pytest.raises(BuildError) as caught:
        build(path)
    message = str(caught.value)
    assert "not found" in message and "words the article never says" in message
    assert (
        "2024-armenian-coup-attempt-allegations" in message
        and first_event(yaml.safe_load(CURATED.read_text()))["slug"] in message
    )


def test_an_ambiguous_quote_fails(curated):
    path = curated(lambda d: first_event(d)["cite"]["article"].append("Serob Gasparian"))
    with pytest.raises(
        BuildError, match=r"ambiguous in document '2024-armenian-coup-attempt-allegations'.*'Serob Gasparian'"
    ):
        build(path)


def test_a_quote_from_the_web_footer_fails(curated):
    path = curated(lambda d: first_event(d)["cite"].update(statement=["Sign Up for Our Newsletters"]))
    with pytest.raises(BuildError, match="outside the body"):
        build(path)


def test_an_unknown_document_name_fails(curated):
    path = curated(lambda d: first_event(d)["cite"].update(memo=["x"]))
    with pytest.raises(BuildError, match="unknown document 'memo'"):
        build(path)


def test_an_unknown_slug_fails(curated):
    path = curated(lambda d: first_event(d).update(attributed_to="nobody-at-all"))
    with pytest.raises(BuildError, match="attributed_to names 'nobody-at-all'"):
        build(path)


def test_an_unknown_field_fails(curated):
    path = curated(lambda d: first_event(d).update(colour="red"))
    with pytest.raises(BuildError, match="Event has no field 'colour'"):
        build(path)


def test_an_invalid_choice_or_date_fails(curated):
    path = curated(lambda d: first_event(d).update(kind="coup-ish", date="18 September 2024"))
    with pytest.raises(BuildError) as caught:
        build(path)
    assert "kind:" in str(caught.value) and "date:" in str(caught.value)


def test_a_declared_actor_no_fact_uses_fails(curated):
    path = curated(lambda d: d["actors"].append({"slug": "sev-hovaz-militia", "name": "Sev Hovaz militia"}))
    with pytest.raises(BuildError, match="used by no fact.*sev-hovaz-militia"):
        build(path)


def test_a_failed_build_writes_nothing(curated):
    path = curated(lambda d: first_event(d).update(colour="red"))
    with pytest.raises(BuildError):
        build(path)
    assert not Document.objects.exists()


def test_a_key_given_twice_in_one_entry_fails(tmp_path):
    # PyYAML would keep the second value silently: a lost line break once merged two entries so.
    for path in SEED_DIR.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    text = CURATED.read_text(encoding="utf-8").replace(
        "  - {slug: hayk-gasparyan, name: Hayk Gasparyan, kind: person}",
        "  - {slug: hayk-gasparyan, name: Hayk Gasparyan, kind: person, name: Someone Else}",
    )
    path = tmp_path / "curated.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match="the key 'name' appears twice"):
        build(path)


def test_an_actor_cited_by_a_missing_quote_fails(curated):
    path = curated(lambda d: d["actors"][0].update(cite={"article": ["words the article never says"]}))
    with pytest.raises(BuildError, match="actors: 'government-of-armenia': quote not found"):
        build(path)


def reaction(data, slug):
    return next(entry for entry in data["reactions"] if entry["slug"] == slug)


def test_a_reaction_answers_an_event_named_by_its_slug(curated):
    path = curated(
        lambda d: reaction(d, "neil-melvin-doubts-the-evidence").update(responds_to="no-such-claim")
    )
    with pytest.raises(BuildError, match="responds_to names 'no-such-claim', but no Event has that slug"):
        build(path)


def test_related_topics_must_be_a_list_of_names(curated):
    path = curated(lambda d: d["conflicts"][0].update(related_topics="Armenia–Russia relations"))
    with pytest.raises(BuildError, match="related_topics: Give a list of names"):
        build(path)

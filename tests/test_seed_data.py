"""The built seed data: what the issue promises is there, every quote is verbatim, names are clean."""

import io
import json
import re
import unicodedata

import pytest
from django.core.management import call_command

from actors.models import Actor, Combatant, Commander
from documents.build import FIXTURE_MODELS
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Loss, Place, Reaction

pytestmark = pytest.mark.django_db

ARTICLE = "2024-armenian-coup-attempt-allegations"
STATEMENT = "armenian-ngos-joint-statement-on-russian-coup-attempt"
CITED_MODELS = [Conflict, Combatant, Commander, Loss, Event, Reaction, Demand]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed fixtures, loaded once for the module; each test's own writes are rolled back."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        yield
        for model in reversed(FIXTURE_MODELS):
            model.objects.all().delete()


@pytest.fixture
def seed(seeded, db):
    return None


def slugs(queryset):
    return sorted(queryset.values_list("actor__slug", flat=True))


def test_documents_are_stored_whole_with_their_hash(seed):
    from documents.build import SEED_DIR

    article = Document.objects.get(slug=ARTICLE)
    assert article.text == (SEED_DIR / "2024-armenian-coup-attempt-allegations.txt").read_bytes().decode()
    statement = Document.objects.get(slug=STATEMENT)
    assert statement.publisher == "MassisPost"
    assert statement.body.rstrip().endswith("“Educational Center for Equal Rights” NGO")
    assert "Leave a Reply" not in statement.body and "Leave a Reply" in statement.text
    assert (statement.date_earliest.isoformat(), statement.date_latest) == ("2023-09-26", None)


def test_every_citation_quote_is_its_document_text_at_its_offsets(seed):
    citations = list(Citation.objects.select_related("document"))
    assert len(citations) > 50
    for citation in citations:
        assert citation.document.text[citation.start : citation.end] == citation.quote
        assert citation.document.body_start <= citation.start < citation.end <= citation.document.body_end


def test_every_fact_has_a_citation(seed):
    for model in CITED_MODELS:
        uncited = list(model.objects.filter(citations__isnull=True).values_list("slug", flat=True))
        assert uncited == [], f"{model.__name__} without citations: {uncited}"


def test_the_2024_conflict_sides_commanders_and_losses(seed):
    conflict = Conflict.objects.get(slug=ARTICLE)
    assert conflict.name == "2024 Armenian coup attempt"
    assert conflict.status == Conflict.Status.PLOT_THWARTED
    assert conflict.status_alleged_by.slug == "government-of-armenia"
    assert conflict.parent.name == "Armenian political crisis (2020–present)"
    assert conflict.result == "Coup thwarted, plotters arrested"
    side1 = conflict.combatants.filter(side=1)
    assert slugs(side1) == ["government-of-armenia", "national-security-service"]
    assert set(side1.values_list("role", flat=True)) == {"belligerent"}
    belligerents2 = conflict.combatants.filter(side=2, role="belligerent")
    assert slugs(belligerents2) == ["arbat-battalion", "russophiles", "sev-hovaz"]
    supporter = conflict.combatants.get(side=2, role="supporter")
    assert (supporter.actor.name, supporter.alleged_by.slug) == (
        "Russian Federation",
        "government-of-armenia",
    )
    assert slugs(conflict.commanders.filter(side=1)) == ["armen-abazyan", "nikol-pashinyan"]
    assert slugs(conflict.commanders.filter(side=2)) == ["hayk-gasparyan", "serob-gasparian"]
    assert (
        conflict.commanders.get(actor__slug="armen-abazyan").combatant.actor.slug
        == "national-security-service"
    )
    loss = conflict.losses.get()
    assert (loss.side, loss.kind, loss.count) == (2, "arrested", 3)


def test_places_are_one_place_per_spelling(seed):
    conflict = Conflict.objects.get(slug=ARTICLE)
    assert sorted(conflict.places.values_list("name", flat=True)) == ["Rostov-on-Don", "Yerevan"]
    assert Place.objects.filter(name__icontains="rostov").count() == 1
    assert list(Place.objects.get(slug="rostov-on-don").aliases.values_list("name", flat=True)) == [
        "Rostov on Don"
    ]


def test_related_conflicts_are_the_five_coup_allegations(seed):
    related = sorted(Conflict.objects.get(slug=ARTICLE).related.values_list("name", flat=True))
    assert related == [
        "2023 Moldovan coup d'état attempt allegations",
        "2024 Ukrainian coup attempt allegations",
        "2025 Armenian coup attempt allegations",
        "November 2023 Armenian coup attempt allegations",
        "September 2023 Armenian coup attempt allegations",
    ]
    assert not Conflict.objects.filter(name__icontains="relations").exists()
    assert not Conflict.objects.filter(name__icontains="sentiment").exists()


def test_the_september_2023_allegations_from_the_background(seed):
    conflict = Conflict.objects.get(slug="september-2023-armenian-coup-attempt-allegations")
    assert (conflict.date, str(conflict.date_earliest), str(conflict.date_latest)) == (
        "2023-09",
        "2023-09-01",
        "2023-09-30",
    )
    assert slugs(conflict.combatants.filter(side=2)) == ["albert-bazeyan", "khachakirner"]
    assert conflict.events.get().attributed_to.slug == "national-security-service"


@pytest.mark.parametrize(
    ("slug", "date"),
    [
        ("government-of-armenia-announces-thwarted-coup", "2024-09-18"),
        ("pashinyan-on-european-union-membership", "2024-09-18"),
        ("azerbaijan-hosts-putin-in-baku", "2024-08"),
        ("pashinyan-asks-russian-peacekeepers-to-withdraw", "[2024-01-01..2024-09-18]"),
        ("lavrov-on-armenia-azerbaijan-peace-deal", "[..2024-09-18]"),
        ("nss-arrests-albert-bazeyan-and-khachakirner-members", "2023-09"),
        ("russian-invasion-of-ukraine-starts", "2022"),
        ("november-9-2020-statement-signed", "2020-11-09"),
        ("azerbaijani-offensive-in-nagorno-karabakh", "2023-09-19"),
        ("russian-foreign-ministry-blames-armenian-authorities", "2023-09-26"),
        ("armenian-russian-agreement-of-1992", "1992"),
    ],
)
def test_dated_events_are_exactly_as_precise_as_their_source(seed, slug, date):
    assert Event.objects.get(slug=slug).date == date


def test_relative_dates_record_how_they_were_resolved(seed):
    for event in Event.objects.exclude(date=""):
        if event.date.startswith("[") or event.date.endswith(".."):
            assert event.date_basis, f"{event.slug}: an open or relative date needs its basis"


def test_the_statements_own_three_dates_are_events_citing_it(seed):
    cited = Event.objects.filter(citations__document__slug=STATEMENT).exclude(date="")
    assert {"2020-11-09", "2023-09-19", "2023-09-26"} <= set(cited.values_list("date", flat=True))


@pytest.mark.parametrize(
    ("actor", "stance"),
    [
        ("russian-ministry-of-defense", "declines_to_comment"),
        ("maria-zakharova", "denies"),
        ("neil-melvin", "doubts"),
        ("callum-fraser", "considers_plausible"),
        ("lawyer-of-serob-gasparian", "denies"),
    ],
)
def test_reactions_and_their_stances(seed, actor, stance):
    reaction = Reaction.objects.get(actor__slug=actor)
    assert reaction.stance == stance
    assert reaction.conflict.slug == ARTICLE


def test_melvin_doubts_on_20_september_and_zakharova_title_is_flagged(seed):
    assert Reaction.objects.get(actor__slug="neil-melvin").date == "2024-09-20"
    assert "Lavrov" in Actor.objects.get(slug="maria-zakharova").curator_note


def test_joint_statement_signatories_and_demands(seed):
    statement = Reaction.objects.get(slug=STATEMENT)
    assert statement.kind == "joint_statement" and statement.document.slug == STATEMENT
    assert statement.signatories.count() == 15
    assert set(statement.signatories.values_list("kind", flat=True)) == {"ngo"}
    demands = list(statement.demands.order_by("number"))
    assert [d.number for d in demands] == [1, 2, 3, 4, 5]
    assert demands[0].text.startswith("Resolutely thwart all attempts of foreign interference")
    assert demands[2].topic == "alliance_membership" and "CSTO" in demands[2].text
    side1_government = Combatant.objects.get(
        conflict__slug=ARTICLE, side=1, actor__slug="government-of-armenia"
    )
    assert {d.addressee_id for d in demands} == {side1_government.actor_id}
    assert {d.status for d in demands} == {"unknown"}


# Leading/trailing punctuation other than a quote pair that the name itself opens and closes.
BAD_EDGE = re.compile(r"^[^\w“\"‘']|[^\w”\"’'.)]$")


def names_in_the_data():
    for actor in Actor.objects.prefetch_related("aliases"):
        yield actor.name
        yield from (alias.name for alias in actor.aliases.all())
    yield from Place.objects.values_list("name", flat=True)
    yield from Conflict.objects.values_list("name", flat=True)


def test_no_name_holds_flag_icon_leftovers_punctuation_or_footer_lines(seed):
    footer = Document.objects.get(slug=STATEMENT)
    footer_lines = {line.strip() for line in footer.text[footer.body_end :].splitlines() if line.strip()}
    names = list(names_in_the_data())
    assert len(names) > 40
    for name in names:
        assert "20px" not in name
        assert name == name.strip() and name
        assert not BAD_EDGE.search(name), f"{name!r} starts or ends with punctuation"
        if name[0] in '“"':
            assert any(q in name[1:] for q in '”"'), f"{name!r} opens a quote it never closes"
        assert name not in footer_lines
        assert not any(unicodedata.category(ch) == "Cc" for ch in name)


def test_loading_the_fixtures_twice_changes_nothing(seed):
    def snapshot():
        out = io.StringIO()
        call_command("dumpdata", "documents", "actors", "events", natural_foreign=True,
                     natural_primary=True, stdout=out)  # fmt: skip
        return json.loads(out.getvalue())

    before = snapshot()
    call_command("load_seed", verbosity=0)
    assert snapshot() == before


def test_committed_fixtures_are_fresh():
    """The CI check: fixtures/seed.json is what the seed documents and curated.yaml build."""
    call_command("build_fixtures", "--check", stdout=io.StringIO(), stderr=io.StringIO())

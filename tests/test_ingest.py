"""`manage.py ingest` on documents that are not the seeds: facts, reuse, idempotence, clean failure."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actors.models import Actor, ActorAlias, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Loss, Place, Reaction

pytestmark = pytest.mark.django_db

ARTICLE = """= 2031 Ruritanian coup d'état attempt =

Infobox
- Conflict: 2031 Ruritanian coup d'état attempt
- Partof: Ruritanian crisis (2029–present)
- Date: 3 March 2031
- Place: Strelsau, Zenda
- Result: Coup failed
- Combatant1: 20px Government of Ruritania, 20px Royal Guard
- Combatant2: 20px Black Elphberg Brigade, Supported by: Borduria (per Ruritania)
- Combatant3: Colonel Zúñiga's Legion
- Commander1: Rudolf Elphberg
- Commander2: Rupert Hentzau
- Commander3: Ignacio Zúñiga
- Casualties2: 12 soldiers killed
- Casualties3: 4 officers arrested

On 3 March 2031 the Black Elphberg Brigade tried to seize the palace in Strelsau.

==Events==
The Royal Guard held the palace.

== See also ==
- Borduria–Ruritania relations
- 2029 Ruritanian coup attempt
"""

STATEMENT = """On 3 March 2031, armed men tried to seize power in Strelsau.

We, the undersigned organizations, condemn the attempt.

We call on the Government of the Kingdom of Ruritania to:

1. Investigate the attempt openly;
2. Protect the freedom of the press.

Strelsau Press Club
Zenda Citizens' Forum

Share this:
© 2031 Ruritania Daily
"""


def ingest(tmp_path, text, *args, name="doc.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def table_counts():
    return {m.__name__: m.objects.count() for m in
            (Document, Citation, Actor, ActorAlias, Place, Conflict, Combatant, Commander, Loss, Reaction, Demand)}  # fmt: skip


def test_an_article_with_three_sides(tmp_path):
    out, err = ingest(tmp_path, ARTICLE, "--kind", "article", "--url", "https://example.org/ruritania")
    assert "stored document '2031-ruritanian-coup-detat-attempt'" in out
    conflict = Conflict.objects.get(slug="2031-ruritanian-coup-detat-attempt")
    assert conflict.kind == "coup_attempt" and conflict.result == "Coup failed"
    assert conflict.parent.slug == "ruritanian-crisis-2029-present"
    assert list(conflict.related.values_list("name", flat=True)) == ["2029 Ruritanian coup attempt"]
    assert sorted(conflict.places.values_list("name", flat=True)) == ["Strelsau", "Zenda"]
    sides = {
        side: sorted(conflict.combatants.filter(side=side).values_list("actor__name", "role"))
        for side in (1, 2, 3)
    }
    assert sides == {
        1: [("Government of Ruritania", "belligerent"), ("Royal Guard", "belligerent")],
        2: [("Black Elphberg Brigade", "belligerent"), ("Borduria", "supporter")],
        3: [("Colonel Zúñiga's Legion", "belligerent")],
    }
    assert conflict.combatants.get(actor__name="Borduria").alleged_by.name == "Ruritania"
    assert conflict.commanders.get(side=3).actor.name == "Ignacio Zúñiga"
    killed = conflict.losses.get(side=2)
    assert (killed.kind, killed.count) == ("killed", 12)
    assert conflict.losses.get(side=3).kind == "arrested"
    for citation in Citation.objects.select_related("document"):
        assert citation.document.text[citation.start : citation.end] == citation.quote
    assert all(c.citations.exists() for c in Combatant.objects.all())
    assert not Actor.objects.filter(name__contains="20px").exists()
    assert err == ""


def test_reingesting_the_same_text_changes_nothing(tmp_path):
    ingest(tmp_path, ARTICLE, "--kind", "article")
    before = table_counts()
    out, _ = ingest(tmp_path, ARTICLE, "--kind", "article", name="again.txt")
    assert "already stored" in out
    assert table_counts() == before


def test_existing_actors_and_places_are_reused_by_name_or_alias(tmp_path):
    guard = Actor.objects.create(slug="royal-guard-of-ruritania", name="Ruritanian Royal Guard")
    ActorAlias.objects.create(actor=guard, name="royal guard")
    zenda = Place.objects.create(slug="zenda-castle", name="Castle of Zenda")
    zenda.aliases.create(name="Zenda")
    ingest(tmp_path, ARTICLE, "--kind", "article")
    assert Actor.objects.filter(name__icontains="royal guard").count() == 1
    assert Combatant.objects.get(actor=guard).side == 1
    assert Place.objects.filter(slug__contains="zenda").count() == 1


def test_a_statement_with_another_numbering_and_footer(tmp_path):
    ingest(tmp_path, ARTICLE, "--kind", "article")
    government = Actor.objects.get(name="Government of Ruritania")
    ActorAlias.objects.create(actor=government, name="Government of the Kingdom of Ruritania")
    out, _ = ingest(
        tmp_path, STATEMENT, "--kind", "statement", "--publisher", "Ruritania Daily", "--date", "2031-03",
        "--conflict", "2031-ruritanian-coup-detat-attempt", name="statement.txt",
    )  # fmt: skip
    assert "2 demands" in out
    reaction = Reaction.objects.get(kind="joint_statement")
    assert reaction.conflict.slug == "2031-ruritanian-coup-detat-attempt"
    assert (reaction.date, str(reaction.date_earliest)) == ("2031-03", "2031-03-01")
    assert sorted(reaction.signatories.values_list("name", flat=True)) == [
        "Strelsau Press Club",
        "Zenda Citizens' Forum",
    ]
    demands = list(Demand.objects.order_by("number"))
    assert [(d.number, d.text, d.addressee_id) for d in demands] == [
        (1, "Investigate the attempt openly", government.pk),
        (2, "Protect the freedom of the press.", government.pk),
    ]
    document = reaction.document
    assert "Share this" not in document.body and document.body.rstrip().endswith("Zenda Citizens' Forum")
    assert not Actor.objects.filter(name__icontains="share").exists()


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (
            "Infobox\n- Conflict: X\n",
            ["--kind", "article"],
            "cannot parse the document as encyclopedia_article",
        ),
        (
            "Some words.\n\n1. A demand\n",
            ["--kind", "statement"],
            "cannot parse the document as joint_statement",
        ),
        ("", ["--kind", "article"], "the document is empty"),
        (ARTICLE, ["--kind", "article", "--date", "early March"], "date:"),
        (
            STATEMENT,
            ["--kind", "statement", "--conflict", "no-such-conflict"],
            "no conflict with slug 'no-such-conflict'",
        ),
        (b"\xff\xfe= T =\n", ["--kind", "article"], "not UTF-8 text"),
    ],
)
def test_bad_documents_get_a_clear_error_and_nothing_is_written(tmp_path, text, args, message):
    before = table_counts()
    with pytest.raises(CommandError) as caught:
        ingest(tmp_path, text, *args)
    assert message in str(caught.value)
    assert table_counts() == before


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", str(tmp_path / "absent.txt"), "--kind", "article")


def test_an_unknown_kind_is_refused(tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        ingest(tmp_path, ARTICLE, "--kind", "memo")


def test_a_database_conflict_midway_rolls_everything_back(tmp_path, monkeypatch):
    from django.db import IntegrityError

    def clash(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: events_loss.slug")

    monkeypatch.setattr(Loss.objects, "get_or_create", clash)
    before = table_counts()
    with pytest.raises(
        CommandError, match="conflict with stored data.*events_loss.slug.*nothing was written"
    ):
        ingest(tmp_path, ARTICLE, "--kind", "article")
    assert table_counts() == before

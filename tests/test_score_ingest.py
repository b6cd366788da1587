"""Ingest measured, not asserted: its proposals on invented documents against hand-written answer
keys (tests/ingest_corpus), with a floor under each figure so a change that reads worse fails.

The floors sit a little under the figures docs/ingest.md reports; `held_out` is the set nobody
tuned ingest on: its floors are an unseen set's."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from project.pipeline.scoring import score_corpus

CORPUS = Path(__file__).resolve().parent / "ingest_corpus"

FLOORS = {
    "dev": {
        "events_recall": 0.98, "events_precision": 0.98, "dates": 0.99, "claims_attributed": 0.93,
        "attribution": 0.94, "actor_links": 0.92, "actors_found": 0.93, "commanders": 0.85,
        "actor_kinds": 0.86, "responds_to": 0.68, "reactions_recall": 0.77, "status": 1.0,
    },
    "held_out": {
        "events_recall": 0.97, "events_precision": 0.98, "dates": 0.98, "claims_attributed": 0.90,
        "attribution": 0.90, "actor_links": 0.92, "actors_found": 0.93, "commanders": 0.50,
        "actor_kinds": 0.93, "responds_to": 0.70, "reactions_recall": 0.55, "status": 1.0,
    },
}  # fmt: skip
DOCUMENTS = {"dev": 96, "held_out": 8}

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_ingest_reads_the_corpus_at_least_as_well_as_its_floors(corpus):
    total, each = score_corpus(CORPUS / corpus)
    assert len(each) == DOCUMENTS[corpus], "every document of the set was scored"
    below = {
        figure: f"{total.ratio(figure):.0%} < {floor:.0%}"
        for figure, floor in FLOORS[corpus].items()
        if total.ratio(figure) is None or total.ratio(figure) < floor
    }
    assert not below, (below, total.misses[:20])


def test_scoring_leaves_nothing_behind_and_prints_a_table(tmp_path):
    from actors.models import Actor
    from documents.models import Document

    for path in (CORPUS / "dev").glob("news-kestria-2032.*"):  # one document: the sets run above
        shutil.copy(path, tmp_path)
    out = io.StringIO()
    call_command("score_ingest", str(tmp_path), "--misses", stdout=out)
    assert f"| figure | {tmp_path.name} (1 documents) |" in out.getvalue()
    assert "| proposed events: recall | 100% (" in out.getvalue()
    assert not Document.objects.exists() and not Actor.objects.exists()


def test_a_key_naming_a_kind_actors_do_not_have_is_refused(tmp_path):
    """A key's kind is one of the model's (a British "organisation" once matched nothing, and
    counted 251 misses against ingest that were the keys' own)."""
    for path in (CORPUS / "dev").glob("news-kestria-2032.*"):
        shutil.copy(path, tmp_path)
    key = tmp_path / "news-kestria-2032.yaml"
    text = key.read_text(encoding="utf-8")
    assert "kind: person" in text
    key.write_text(text.replace("kind: person", "kind: persona", 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"news-kestria-2032.yaml: .* has kind 'persona', which is none of"):
        score_corpus(tmp_path)

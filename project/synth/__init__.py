"""Deterministic synthetic data in the real schema, for measuring the API at scale.

``synthesize(events=N, seed=S)`` writes N events and, in proportion, conflicts with two sides
(combatants and commanders), actors with aliases, places, reactions (joint statements with
signatories and demands), documents and the citations of every fact. Everything is published.

The same seed always gives the same rows (ids, slugs, texts, dates; only ``created`` and
``updated`` are the time of the run). Rows are written with ``bulk_create`` in batches and
explicit ids, which skips the ``pre_save`` signals, so this module does their work itself:

* the date bounds come from ``project.records.dates.edtf_bounds`` (cached per distinct EDTF string);
* every citation's quote is a sentence of the document text it generated, with its offsets
  recorded as the text is built, so ``document.text[start:end] == quote`` holds by construction;
* a document's ``content_hash`` and ``body_end`` are set as ``Document.derive_text_fields`` would.

No history rows are written: synthetic rows have no curation history.
"""

from events.models import Event

from .synthesizer import BATCH, Synthesizer

__all__ = ["BATCH", "Synthesizer", "synthesize"]


def synthesize(events: int, seed: int = 1, batch: int = BATCH, progress=None) -> dict:
    """Write the synthetic world; returns the number of rows written per model."""
    synthesizer = Synthesizer(seed, batch=batch, progress=progress)
    if Event.objects.filter(slug__startswith=f"{synthesizer.prefix}-").exists():
        raise ValueError(f"synthetic rows of seed {seed} are already in the database; use another seed")
    written = synthesizer.run(events)
    synthesizer.finish()
    return written

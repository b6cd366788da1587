"""How well ingest reads a document: its proposals compared with an answer key a person wrote.

The corpus and the key's form are described in ``tests/ingest_corpus/README.md``. Each document is
ingested into the current database inside a transaction that is rolled back, so documents do not
see each other's actors and nothing is left behind; the figures assume the database holds no
other records (an empty database, as in the suite).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from actors.models import Actor, Commander
from events.models import Conflict, Event, Reaction

from .ingest import ingest

FIGURES = [
    ("events_recall", "proposed events: recall"),
    ("events_precision", "proposed events: precision"),
    ("dates", "dates right"),
    ("claims_attributed", "claims attributed to their speaker"),
    ("attribution", "attribution right (claims and facts)"),
    ("actor_links", "actors linked"),
    ("actors_found", "actors proposed or found"),
    ("actor_kinds", "actor kinds right"),
    ("reactions_recall", "denials proposed"),
    ("responds_to", "denials linked to their claim"),
    ("status", "conflict status right"),
    ("commanders", "commanders tied to their group"),
]


@dataclass
class Tally:
    """Hits over trials per figure, and what missed (for the report's details)."""

    hits: dict[str, int] = field(default_factory=dict)
    trials: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, figure: str, hit: bool, miss: str = "") -> None:
        self.trials[figure] = self.trials.get(figure, 0) + 1
        self.hits[figure] = self.hits.get(figure, 0) + int(hit)
        if not hit and miss:
            self.misses.append(f"{figure}: {miss}")

    def merge(self, other: "Tally") -> None:
        for figure, trials in other.trials.items():
            self.trials[figure] = self.trials.get(figure, 0) + trials
            self.hits[figure] = self.hits.get(figure, 0) + other.hits[figure]
        self.misses.extend(other.misses)

    def ratio(self, figure: str) -> float | None:
        trials = self.trials.get(figure, 0)
        return self.hits.get(figure, 0) / trials if trials else None


def normal(name: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.IGNORECASE).casefold()


class Key:
    def __init__(self, path: Path):
        self.path = path
        self.data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.text = path.with_suffix(".txt").read_text(encoding="utf-8")
        self.names: dict[str, set[str]] = {}
        for actor in self.data.get("actors") or []:
            if actor.get("kind") and actor["kind"] not in Actor.Kind.values:
                raise ValueError(
                    f"{path.name}: {actor['name']!r} has kind {actor['kind']!r}, which is none of "
                    f"the actors' kinds ({', '.join(Actor.Kind.values)})"
                )
            self.names[actor["name"]] = {
                normal(actor["name"]),
                *(normal(a) for a in actor.get("aliases") or []),
            }

    def is_(self, actor: Actor | None, name: str | None) -> bool:
        """Whether ``actor`` is the key's ``name`` (by its name or any alias, either side's)."""
        if actor is None or name is None:
            return actor is None and name is None
        theirs = self.names.get(name, {normal(name)})
        ours = {normal(actor.name), *(normal(alias.name) for alias in actor.aliases.all())}
        return bool(theirs & ours)


def score_document(path: Path) -> Tally:
    key = Key(path)
    tally = Tally()
    with transaction.atomic():
        result = ingest(
            key.text,
            key.data["kind"],
            date=key.data.get("date") or "",
            publisher=key.data.get("publisher") or "",
            slug=path.stem,
        )
        _score(key, result.document, tally, path.stem)
        transaction.set_rollback(True)  # each document meets an empty database
    return tally


def _cited(record) -> str:
    return " ".join(citation.quote for citation in record.citations.all())


def _score(key: Key, document, tally: Tally, label: str) -> None:
    data = key.data
    events = list(
        Event.objects.filter(citations__document=document)
        .distinct()
        .select_related("attributed_to", "alleged_in")
        .prefetch_related("citations", "actors__aliases", "attributed_to__aliases")
    )
    matched: set[int] = set()
    for expected in data.get("events") or []:
        sentence = expected["sentence"]
        found = next((event for event in events if sentence in _cited(event)), None)
        tally.add("events_recall", found is not None, f"{label}: no proposal for {sentence!r}")
        if found is None:
            continue
        matched.add(found.pk)
        tally.add(
            "dates",
            (found.date or None) == expected.get("date"),
            f"{label}: {sentence!r} dated {found.date!r}, key {expected.get('date')!r}",
        )
        speaker = expected.get("attributed_to")
        if speaker == "document":
            right = found.alleged_in is not None and found.attributed_to is None
        else:
            right = key.is_(found.attributed_to, speaker) and found.alleged_in is None
        ours = found.attributed_to.name if found.attributed_to else ("document" if found.alleged_in else None)
        if speaker is not None:
            tally.add(
                "claims_attributed", right, f"{label}: {sentence!r} attributed to {ours!r}, key {speaker!r}"
            )
        tally.add("attribution", right, f"{label}: {sentence!r} attributed to {ours!r}, key {speaker!r}")
        for name in expected.get("actors") or []:
            linked = any(key.is_(actor, name) for actor in found.actors.all())
            tally.add("actor_links", linked, f"{label}: {sentence!r} does not link {name!r}")
    for event in events:
        tally.add(
            "events_precision",
            event.pk in matched,
            f"{label}: proposed {event.summary[:70]!r} is no event of the key",
        )

    actors = list(Actor.objects.prefetch_related("aliases"))
    for expected in data.get("actors") or []:
        found = next((actor for actor in actors if key.is_(actor, expected["name"])), None)
        tally.add("actors_found", found is not None, f"{label}: no actor {expected['name']!r}")
        if found is not None and expected.get("kind"):
            tally.add(
                "actor_kinds",
                found.kind == expected["kind"],
                f"{label}: {expected['name']!r} is {found.kind}, key {expected['kind']}",
            )

    reactions = list(
        Reaction.objects.filter(citations__document=document, stance=Reaction.Stance.DENIES)
        .distinct()
        .select_related("actor", "responds_to")
        .prefetch_related("citations", "actor__aliases", "responds_to__citations")
    )
    for expected in data.get("reactions") or []:
        sentence = expected["sentence"]
        found = next((r for r in reactions if sentence in _cited(r)), None)
        who = expected.get("actor")
        right = found is not None and (
            (found.actor is None) if who == "document" else key.is_(found.actor, who)
        )
        tally.add("reactions_recall", right, f"{label}: denial {sentence!r} by {who!r} not proposed as such")
        claim = expected.get("responds_to")
        if right and claim and any(claim in event_quote for event_quote in (_cited(e) for e in events)):
            linked = found.responds_to is not None and claim in _cited(found.responds_to)
            tally.add("responds_to", linked, f"{label}: denial {sentence!r} not linked to {claim!r}")

    conflict_key = data.get("conflict") or {}
    if conflict_key.get("status"):
        conflict = Conflict.objects.filter(citations__document=document, parent__isnull=False).first() or (
            Conflict.objects.filter(article_title__iexact=document.title).first()
        )
        status = conflict.status if conflict else None
        tally.add(
            "status",
            status == conflict_key["status"],
            f"{label}: status {status!r}, key {conflict_key['status']!r}",
        )
    for expected in data.get("commanders") or []:
        commanders = Commander.objects.filter(conflict__article_title__iexact=document.title).select_related(
            "actor", "combatant__actor"
        )
        tied = any(
            key.is_(c.actor, expected["actor"])
            and c.combatant is not None
            and key.is_(c.combatant.actor, expected["group"])
            for c in commanders
        )
        tally.add("commanders", tied, f"{label}: {expected['actor']!r} not tied to {expected['group']!r}")


def score_corpus(folder: Path) -> tuple[Tally, dict[str, Tally]]:
    """Score every key in ``folder``: the total, and each document's."""
    total, each = Tally(), {}
    for path in sorted(folder.glob("*.yaml")):
        each[path.stem] = score_document(path)
        total.merge(each[path.stem])
    return total, each


def table(tallies: dict[str, Tally]) -> str:
    """A Markdown table: a row per figure, a column per tally."""
    names = list(tallies)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for figure, label in FIGURES:
        cells = []
        for name in names:
            ratio = tallies[name].ratio(figure)
            hits, trials = tallies[name].hits.get(figure, 0), tallies[name].trials.get(figure, 0)
            cells.append("–" if ratio is None else f"{ratio:.0%} ({hits}/{trials})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)

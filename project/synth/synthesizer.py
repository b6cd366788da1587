"""The synthesizer: builds rows in memory with pre-assigned ids and writes them in batches."""

import datetime
import random
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction

from actors.models import Actor, ActorAlias, Combatant, Commander
from documents.models import Citation, Document, content_hash
from events.models import Conflict, Demand, Event, Place, PlaceAlias, Reaction
from project.records.dates import edtf_bounds

from .vocabulary import (
    COUNTRIES,
    EVENT_VERBS,
    FIRST_NAMES,
    LAST_NAMES,
    ORGS,
    PLACE_ENDS,
    PLACE_ROOTS,
    STANCES,
    TOPICS,
)

PUBLISHED = "published"
SENTENCES_PER_DOCUMENT = 200
BATCH = 5000


class Synthesizer:
    """Builds rows in memory with pre-assigned ids and writes them in dependency order."""

    # Insertion order: a batch never refers to a row of a later model (foreign keys are checked
    # at each commit).
    MODELS = [
        Place,
        PlaceAlias,
        Actor,
        ActorAlias,
        Document,
        Citation,
        Conflict,
        Conflict.citations.through,
        Combatant,
        Commander,
        Event,
        Event.actors.through,
        Event.citations.through,
        Reaction,
        Reaction.signatories.through,
        Reaction.citations.through,
        Demand,
        Demand.citations.through,
    ]

    def __init__(self, seed: int, batch: int = BATCH, progress: Callable[[str], None] | None = None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.batch = batch
        self.progress = progress or (lambda message: None)
        self.prefix = f"synth{seed}"
        self.buffers: dict = {model: [] for model in self.MODELS}
        self.next_id = {
            model: self._start_id(model) for model in self.MODELS if model._meta.auto_created is False
        }
        self.sentences: list[str] = []
        self.document_length = 0
        self.document_number = 0
        self.open_document_id = self.allocate(Document)
        self.written = dict.fromkeys(self.MODELS, 0)

    @staticmethod
    def _start_id(model) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def allocate(self, model) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk

    def add(self, row) -> None:
        self.buffers[type(row)].append(row)

    # --- texts and citations ---------------------------------------------------------------------

    def cite(self, sentence: str) -> int:
        """Append a sentence to the open document and return the id of a citation of it."""
        header = self.document_header(self.document_number)
        start = len(header) + self.document_length + (1 if self.sentences else 0)
        self.sentences.append(sentence)
        self.document_length = start - len(header) + len(sentence)
        citation_id = self.allocate(Citation)
        self.add(
            Citation(
                id=citation_id,
                document_id=self.open_document_id,
                start=start,
                end=start + len(sentence),
                quote=sentence,
            )
        )
        if len(self.sentences) >= SENTENCES_PER_DOCUMENT:
            self.close_document()
        return citation_id

    def document_header(self, number: int) -> str:
        return f"Synthetic report {self.prefix}-{number}\n\n"

    def close_document(self) -> None:
        if not self.sentences:
            return
        text = self.document_header(self.document_number) + " ".join(self.sentences)
        date = self.rng.choice(["2024-09-18", "2024-10", "2023", "2025-01-05"])
        earliest, latest = edtf_bounds(date)
        self.add(
            Document(
                id=self.open_document_id,
                slug=f"{self.prefix}-document-{self.document_number}",
                title=f"Synthetic report {self.document_number}",
                kind=Document.Kind.NEWS_REPORT,
                publisher="Synthetic Wire",
                language="en",
                text=text,
                body_start=0,
                body_end=len(text),
                content_hash=content_hash(text),
                date=date,
                date_earliest=earliest,
                date_latest=latest,
                review_state=PUBLISHED,
            )
        )
        self.sentences, self.document_length = [], 0
        self.document_number += 1
        self.open_document_id = self.allocate(Document)

    # --- dates -----------------------------------------------------------------------------------

    def day(self) -> datetime.date:
        return datetime.date(1990, 1, 1) + datetime.timedelta(days=self.rng.randrange(13000))

    def edtf(self) -> str:
        """A date of mixed precision: days, months, years, uncertain, intervals, open ends, none."""
        roll = self.rng.random()
        day = self.day()
        if roll < 0.45:
            return day.isoformat()
        if roll < 0.65:
            return day.strftime("%Y-%m")
        if roll < 0.73:
            return day.strftime("%Y")
        if roll < 0.78:
            return day.strftime("%Y-%m") + "?"
        if roll < 0.81:
            return day.isoformat() + "~"
        if roll < 0.86:
            end = day + datetime.timedelta(days=self.rng.randrange(1, 400))
            return f"{day.isoformat()}/{end.strftime('%Y-%m')}"
        if roll < 0.89:
            return f"{day.strftime('%Y')}/.."
        if roll < 0.91:
            return f"../{day.isoformat()}"
        if roll < 0.93:
            return f"[..{day.isoformat()}]"
        if roll < 0.95:
            return f"[{day.isoformat()}..]"
        return ""

    def date_pool(self, events: int) -> list[str]:
        """The distinct EDTF strings rows draw from.

        Parsing an EDTF string costs milliseconds, so rows share a bounded pool of strings (each
        parsed once) rather than parsing one per row; about a thousand distinct dates still spread
        a million rows over 35 years in every precision.
        """
        size = min(1200, max(60, events // 50))
        return [self.edtf() for _ in range(size)]

    def dated(self) -> dict:
        date = self.rng.choice(self.pool)
        earliest, latest = edtf_bounds(date)
        return {"date": date, "date_earliest": earliest, "date_latest": latest}

    # --- the world -------------------------------------------------------------------------------

    def run(self, events: int) -> dict:
        self.pool = self.date_pool(events)
        places = self.make_places(max(10, events // 5000))
        actors = self.make_actors(max(20, events // 100))
        conflicts = self.make_conflicts(max(3, events // 500), actors)
        self.flush()
        reactions_every = 10
        for number in range(events):
            self.make_event(number, conflicts, actors, places)
            if number % reactions_every == 0:
                self.make_reaction(number // reactions_every, conflicts, actors)
            if len(self.buffers[Event]) >= self.batch:
                self.flush()
        self.flush()
        return self.written

    def make_places(self, count: int) -> list[int]:
        ids = []
        for number in range(count):
            pk = self.allocate(Place)
            name = self.rng.choice(PLACE_ROOTS) + self.rng.choice(PLACE_ENDS) + f" {number}"
            self.add(
                Place(
                    id=pk,
                    slug=f"{self.prefix}-place-{number}",
                    name=name,
                    country=self.rng.choice(COUNTRIES),
                    review_state=PUBLISHED,
                )
            )
            self.add(PlaceAlias(id=self.allocate(PlaceAlias), place_id=pk, name=name.replace(" ", "-")))
            ids.append(pk)
        return ids

    def make_actors(self, count: int) -> list[tuple[int, str]]:
        actors = []
        for number in range(count):
            pk = self.allocate(Actor)
            if self.rng.random() < 0.6:
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                name, kind, alias = (
                    f"{first} {last} {number}",
                    Actor.Kind.PERSON,
                    f"{first[0]}. {last} {number}",
                )
            else:
                name = f"{self.rng.choice(ORGS)} {number}"
                kind, alias = Actor.Kind.ORGANIZATION, f"{name.split()[0]} {number}"
            self.add(
                Actor(
                    id=pk,
                    slug=f"{self.prefix}-actor-{number}",
                    name=name,
                    kind=kind,
                    country=self.rng.choice(COUNTRIES),
                    review_state=PUBLISHED,
                )
            )
            self.add(ActorAlias(id=self.allocate(ActorAlias), actor_id=pk, name=alias))
            actors.append((pk, name))
        return actors

    def make_conflicts(self, count: int, actors) -> list[int]:
        ids = []
        for number in range(count):
            pk = self.allocate(Conflict)
            start = self.day()
            date = f"{start.strftime('%Y-%m')}/{(start + datetime.timedelta(days=self.rng.randrange(30, 900))).strftime('%Y-%m')}"
            if number % 7 == 0:
                date = f"{start.strftime('%Y')}/.."
            earliest, latest = edtf_bounds(date)
            name = f"Alleged coup plot {number}"
            self.add(
                Conflict(
                    id=pk,
                    slug=f"{self.prefix}-conflict-{number}",
                    name=name,
                    kind=Conflict.Kind.COUP_ALLEGATION,
                    status=Conflict.Status.PLOT_ALLEGED,
                    description=f"A synthetic conflict, number {number}.",
                    date=date,
                    date_earliest=earliest,
                    date_latest=latest,
                    review_state=PUBLISHED,
                )
            )
            citation = self.cite(f"Officials described {name} as an attempt to seize power.")
            self.add(Conflict.citations.through(conflict_id=pk, citation_id=citation))
            sides = self.rng.sample(actors, 4)
            for side, (actor_id, actor_name) in enumerate(sides, start=1):
                side = 1 + (side - 1) % 2
                combatant_id = self.allocate(Combatant)
                self.add(
                    Combatant(
                        id=combatant_id,
                        slug=f"{self.prefix}-combatant-{number}-{actor_id}",
                        conflict_id=pk,
                        actor_id=actor_id,
                        side=side,
                        role=Combatant.Role.BELLIGERENT,
                        review_state=PUBLISHED,
                    )
                )
                if actor_name[0] in "AEIOU":
                    continue
                self.add(
                    Commander(
                        id=self.allocate(Commander),
                        slug=f"{self.prefix}-commander-{number}-{actor_id}",
                        conflict_id=pk,
                        actor_id=actor_id,
                        side=side,
                        combatant_id=combatant_id,
                        title="Leader",
                        review_state=PUBLISHED,
                    )
                )
            ids.append(pk)
        return ids

    def make_event(self, number: int, conflicts, actors, places) -> None:
        pk = self.allocate(Event)
        kind = self.rng.choice(list(EVENT_VERBS))
        actor_id, actor_name = self.rng.choice(actors)
        summary = f"{actor_name} {EVENT_VERBS[kind]} (event {number})."
        self.add(
            Event(
                id=pk,
                slug=f"{self.prefix}-event-{number}",
                conflict_id=self.rng.choice(conflicts) if self.rng.random() < 0.9 else None,
                kind=kind,
                summary=summary,
                place_id=self.rng.choice(places) if self.rng.random() < 0.7 else None,
                attributed_to_id=self.rng.choice(actors)[0] if self.rng.random() < 0.2 else None,
                review_state=PUBLISHED,
                **self.dated(),
            )
        )
        self.add(Event.actors.through(event_id=pk, actor_id=actor_id))
        citation = self.cite(f"According to the report, {summary}")
        self.add(Event.citations.through(event_id=pk, citation_id=citation))

    def make_reaction(self, number: int, conflicts, actors) -> None:
        pk = self.allocate(Reaction)
        joint = number % 5 == 0
        actor_id, actor_name = self.rng.choice(actors)
        stance = self.rng.choice(STANCES)
        words = f"we {stance.replace('_', ' ')} the allegation {number}"
        summary = f"Joint statement {number} on the allegations." if joint else f"{actor_name} {stance}."
        self.add(
            Reaction(
                id=pk,
                slug=f"{self.prefix}-reaction-{number}",
                conflict_id=self.rng.choice(conflicts),
                actor_id=None if joint else actor_id,
                kind=Reaction.Kind.JOINT_STATEMENT if joint else Reaction.Kind.STATEMENT,
                stance=stance,
                summary=summary,
                quote=words,
                review_state=PUBLISHED,
                **self.dated(),
            )
        )
        citation = self.cite(f'"{words.capitalize()}," the statement said.')
        self.add(Reaction.citations.through(reaction_id=pk, citation_id=citation))
        if not joint:
            return
        for signatory_id, _ in self.rng.sample(actors, 3):
            self.add(Reaction.signatories.through(reaction_id=pk, actor_id=signatory_id))
        for demand_number in (1, 2):
            demand_id = self.allocate(Demand)
            text = f"Demand {demand_number} of statement {number}: stop foreign interference."
            self.add(
                Demand(
                    id=demand_id,
                    slug=f"{self.prefix}-demand-{number}-{demand_number}",
                    reaction_id=pk,
                    number=demand_number,
                    text=text,
                    addressee_id=self.rng.choice(actors)[0],
                    topic=self.rng.choice(TOPICS),
                    review_state=PUBLISHED,
                )
            )
            self.add(Demand.citations.through(demand_id=demand_id, citation_id=self.cite(text)))

    # --- writing ---------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write every buffered row, in dependency order, in one transaction."""
        self.close_document()
        with transaction.atomic():
            for model in self.MODELS:
                rows = self.buffers[model]
                if rows:
                    model.objects.bulk_create(rows, batch_size=2000)
                    self.written[model] += len(rows)
                    self.buffers[model] = []
        self.progress(f"{self.written[Event]} events written")

    def finish(self) -> None:
        """Move the id sequences past the explicit ids and refresh the planner's statistics."""
        models = [model for model in self.MODELS if not model._meta.auto_created]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            if connection.vendor in ("postgresql", "sqlite"):
                cursor.execute("ANALYZE")

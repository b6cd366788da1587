"""Build the seed fixtures: ingest the seed documents, apply the curated layer, serialize.

The build runs in an empty database (``build_fixtures`` gives it a scratch SQLite
file) and writes rows in a fixed order with fixed timestamps, so the same inputs
give a byte-identical fixture file.
"""

import datetime
from pathlib import Path

import yaml
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction

import documents
from actors.models import Actor, ActorAlias, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Loss, Place, PlaceAlias, Reaction
from project.records.base import Record, ReviewState

from .ingest import IngestError, format_validation, ingest
from .naming import add_alias

# The seed documents and their curated layer are the documents app's data.
SEED_DIR = Path(documents.__file__).resolve().parent / "seeds"
CURATED = SEED_DIR / "curated.yaml"

# Serialization order: every natural foreign key points at a row written earlier (reactions come
# before the roles and events whose claims rest on them, ``alleged_in``).
FIXTURE_MODELS = [
    Document, Citation, Actor, ActorAlias, Place, PlaceAlias, Conflict, Loss,
    Reaction, Combatant, Commander, Event, Demand,
]  # fmt: skip

# Sections of the curated file applied after ingest, in order, and the model of each.
SECTIONS = {
    "conflicts": Conflict,
    "combatants": Combatant,
    "commanders": Commander,
    "losses": Loss,
    "events": Event,
    "reactions": Reaction,
    "demands": Demand,
}


class BuildError(Exception):
    """The seed data cannot be built; the message names the entry, quote or document at fault."""


class CuratedLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: ``date: 2024-09-18`` stays the EDTF string it is."""


def _mapping_without_repeated_keys(loader, node, deep=False):
    # PyYAML keeps the last of two equal keys; in the curated file that silently drops a fact.
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice in one entry", key_node.start_mark
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


CuratedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeated_keys)

CuratedLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_curated(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=CuratedLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        raise BuildError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict) or "documents" not in data or "as_of" not in data:
        raise BuildError(f"{path.name}: expected a mapping with at least 'as_of' and 'documents'")
    return data


def read_text(path: Path) -> str:
    # Bytes decoded as they are: no newline translation, so offsets match the file.
    return path.read_bytes().decode("utf-8")


class Builder:
    def __init__(self, curated: dict, seed_dir: Path):
        self.curated = curated
        self.seed_dir = seed_dir
        self.documents: dict[str, Document] = {}  # short name -> document
        self.warnings: list[str] = []

    # --- quotes --------------------------------------------------------------------------

    def citation(self, short_name: str, quote: str, where: str) -> Citation:
        document = self.documents.get(short_name)
        if document is None:
            raise BuildError(f"{where}: cites unknown document {short_name!r}")
        if not isinstance(quote, str) or not quote:
            raise BuildError(f"{where}: a quote from {document.slug!r} must be a non-empty string")
        start = document.text.find(quote)
        if start < 0:
            raise BuildError(f"{where}: quote not found in document {document.slug!r}: {quote!r}")
        if document.text.find(quote, start + 1) >= 0:
            raise BuildError(
                f"{where}: quote is ambiguous in document {document.slug!r} (it occurs more than once; "
                f"quote more words): {quote!r}"
            )
        end = start + len(quote)
        if start < document.body_start or end > document.body_end:
            raise BuildError(
                f"{where}: quote lies outside the body of document {document.slug!r} "
                f"(in the site's boilerplate): {quote!r}"
            )
        citation, _ = Citation.objects.get_or_create(
            document=document, start=start, end=end, defaults={"quote": quote}
        )
        return citation

    def citations(self, cite: dict, where: str) -> list[Citation]:
        if not isinstance(cite, dict):
            raise BuildError(f"{where}: 'cite' must map document names to lists of quotes")
        return [
            self.citation(short_name, quote, where)
            for short_name, quotes in cite.items()
            for quote in ([quotes] if isinstance(quotes, str) else quotes)
        ]

    # --- records -------------------------------------------------------------------------

    def upsert(self, model: type[models.Model], entry: dict, where: str) -> models.Model:
        """Update the record with the entry's slug, or create it, from the entry's fields.

        An actor's ``cite`` (the words that name or describe it) waits for the documents:
        actors are made before ingest, and cited by :meth:`cite_actors` after it.
        """
        if not isinstance(entry, dict) or "slug" not in entry:
            raise BuildError(f"{where}: every entry needs a slug")
        entry = dict(entry)
        cite = entry.pop("cite", {})
        if model is Actor:
            cite = {}
        aliases = entry.pop("aliases", [])
        where = f"{where} {entry['slug']!r}"
        instance = model.objects.filter(slug=entry["slug"]).first() or model(slug=entry["slug"])
        many = {}
        for name, value in entry.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist as error:
                raise BuildError(f"{where}: {model.__name__} has no field {name!r}") from error
            if field.many_to_many:
                many[field] = [self.related(field, slug, where) for slug in value]
            elif field.many_to_one:
                setattr(instance, field.name, self.related(field, value, where) if value else None)
            else:
                setattr(instance, field.name, value)
        try:
            instance.full_clean()
            instance.save()
        except ValidationError as error:
            raise BuildError(f"{where}: {format_validation(error)}") from error
        for field, related in many.items():
            getattr(instance, field.name).add(*related)
        for alias in aliases:
            add_alias(instance, alias)
        if cite:
            instance.citations.add(*self.citations(cite, where))
        return instance

    def related(self, field, slug, where):
        try:
            return field.related_model.objects.get(slug=slug)
        except field.related_model.DoesNotExist as error:
            raise BuildError(
                f"{where}: {field.name} names {slug!r}, but no {field.related_model.__name__} has that slug"
            ) from error

    # --- the build -----------------------------------------------------------------------

    def run(self) -> None:
        for model in FIXTURE_MODELS:
            if model.objects.exists():
                raise BuildError(f"the build needs an empty database, but it holds {model.__name__} rows")
        for entry in self.curated.get("actors", []):
            self.upsert(Actor, entry, "actors:")
        for entry in self.curated.get("places", []):
            self.upsert(Place, entry, "places:")
        for short_name, entry in self.curated["documents"].items():
            self.ingest(short_name, dict(entry))
        self.cite_actors()
        for section, model in SECTIONS.items():
            for entry in self.curated.get(section, []):
                self.upsert(model, entry, f"{section}:")
        self.check_curated_names_used()

    def cite_actors(self) -> None:
        for entry in self.curated.get("actors", []):
            if isinstance(entry, dict) and entry.get("cite"):
                where = f"actors: {entry.get('slug')!r}"
                actor = Actor.objects.get(slug=entry["slug"])
                actor.description_citations.add(*self.citations(entry["cite"], where))

    def ingest(self, short_name: str, entry: dict) -> None:
        where = f"documents: {short_name!r}"
        path = self.seed_dir / entry.pop("file", "")
        if not path.is_file():
            raise BuildError(f"{where}: no seed file {path.name!r} beside the curated file")
        note = entry.pop("curator_note", "")
        # What the source's terms are is the curators' to say, not the parser's.
        terms = {name: entry.pop(name) for name in ("licence", "attribution") if name in entry}
        try:
            # The curated layer states the events of the prose, reviewed; no draft proposals.
            result = ingest(read_text(path), propose_events=False, **entry)
        except (IngestError, TypeError) as error:
            raise BuildError(f"{where}: {error}") from error
        document = result.document
        if note or terms:
            document.curator_note = note
            for name, value in terms.items():
                setattr(document, name, value)
            try:
                document.full_clean()
            except ValidationError as error:
                raise BuildError(f"{where}: {format_validation(error)}") from error
            document.save(update_fields=["curator_note", *terms])
        self.documents[short_name] = document
        self.warnings.extend(f"{document.slug}: {warning}" for warning in result.warnings)

    def check_curated_names_used(self) -> None:
        """An actor or place declared here but used by nothing means a parser spelled it otherwise.

        An actor cited for its own description is used: the words that name it are its fact.
        """
        unused = [
            actor.slug
            for actor in Actor.objects.order_by("slug")
            if not any(
                getattr(actor, relation).exists()
                for relation in (
                    "combatant_roles", "commander_roles", "events", "attributed_events",
                    "reactions", "signed_reactions", "demands_received", "alleged_combatant_roles",
                    "alleged_commander_roles",
                    "alleged_conflict_statuses", "description_citations",
                )
            )
        ]  # fmt: skip
        unused += [
            place.slug
            for place in Place.objects.order_by("slug")
            if not (place.conflicts.exists() or place.events.exists() or place.demands.exists())
        ]
        if unused:
            raise BuildError(
                "declared but used by no fact (does a parser spell the name differently?): "
                + ", ".join(unused)
            )


def stamp(as_of: str) -> None:
    """Give every built row the curated file's ``as_of`` time, so output never depends on the clock.

    The seed data is reviewed data: every record is published, at version 1.
    """
    moment = datetime.datetime.fromisoformat(str(as_of).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise BuildError(f"as_of {as_of!r} needs a time zone, e.g. 2026-11-23T00:00:00Z")
    for model in FIXTURE_MODELS:
        model.objects.update(created=moment, updated=moment)
        if issubclass(model, Record):
            model.objects.update(review_state=ReviewState.PUBLISHED, version=1)


def ordered(model):
    queryset = model.objects.all()
    if model is Conflict:
        # Parents before children, so a fixture load never meets a missing parent.
        depth = {}

        def level(conflict):
            if conflict.pk not in depth:
                depth[conflict.pk] = 0 if conflict.parent_id is None else 1 + level(conflict.parent)
            return depth[conflict.pk]

        return sorted(queryset.select_related("parent"), key=lambda c: (level(c), c.slug))
    if model is Citation:
        return queryset.order_by("document__slug", "start", "end")
    if model is ActorAlias:
        return queryset.order_by("actor__slug", "name")
    if model is PlaceAlias:
        return queryset.order_by("place__slug", "name")
    return queryset.order_by("slug")


def serialize() -> str:
    rows = []
    for model in FIXTURE_MODELS:
        rows.append(
            serializers.serialize(
                "json", ordered(model), indent=1, use_natural_foreign_keys=True, use_natural_primary_keys=True
            )
            .strip()[1:-1]
            .strip()
        )
    return "[\n" + ",\n".join(chunk for chunk in rows if chunk) + "\n]\n"


def build(curated_path: Path = CURATED, seed_dir: Path | None = None) -> tuple[str, list[str]]:
    """Build in the current (empty) database and return the fixture text and any warnings.

    Runs in a transaction that is rolled back, so the database is left as it was.
    """
    curated = load_curated(curated_path)
    builder = Builder(curated, seed_dir or curated_path.parent)

    class Rollback(Exception):
        pass

    output: list[str] = []
    try:
        with transaction.atomic():
            builder.run()
            stamp(curated["as_of"])
            output.append(serialize())
            raise Rollback
    except Rollback:
        pass
    return output[0], builder.warnings

"""Store a source document and every fact its parser extracts, each with its citation.

One call is one transaction: a document that cannot be parsed, or whose facts
break a rule of the model, leaves nothing behind. Re-ingesting the same text
(same content hash) changes nothing. Actors and places are reused by name or
alias, case-insensitively, before new ones are made.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from actors.models import Actor, Combatant, Commander
from documents.models import Citation, Document, content_hash
from events.models import Conflict, Demand, Loss, Place, Reaction
from project.records.history import change_reason, one_entry_per_write

from . import proposals
from .mentions import kind_of, named_as_state, without_note
from .naming import find_actor, slug_for, unique_slug
from .parsers import Article, ParseError, Prose, Span, Statement
from .parsers.article import parse_article
from .parsers.dates import dates_in, infobox_date, status_is_ongoing
from .parsers.prose import parse_prose
from .parsers.statement import parse_statement
from .vocabulary import conflict_kind, conflict_status, loss_count, loss_kind, reference_point


class IngestError(Exception):
    """The document cannot be ingested; the message says what is wrong. Nothing was written."""


@dataclass
class IngestResult:
    document: Document
    created: bool  # False when the same text was already stored
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


# Sections whose prose is no event of the conflict: background is context (no conflict), and
# lists and references are no prose at all.
BACKGROUND_SECTION = re.compile(r"^\s*(?:background|context|history|prelude)\b", re.I)
NO_PROSE_SECTION = re.compile(
    r"^\s*(?:see\s+also|references|notes|external\s+links|further\s+reading)\b", re.I
)


# "Armenian political crisis (2020–present)": the years in a "Part of" name.
PART_OF_YEARS = re.compile(r"\((?P<years>\d{4}\s*(?:–|—|-|to)\s*(?:present|\d{4}))\)\s*$")


class Ingester:
    """Writes one document's facts; every citation is a span of ``document.text``."""

    def __init__(self, document: Document, result: IngestResult, propose: bool = True):
        self.document = document
        self.result = result
        self.propose = propose  # make a draft event of every dated sentence

    # --- shared lookups ------------------------------------------------------------------

    def may_amend(self, record, what: str) -> bool:
        """Whether ingest may add ``what`` to ``record``: to a draft, yes; to a published record,
        never. What ingest reads is unreviewed, and a published record's changes go through a
        curator with the publish permission (project.records.review); the warning says what to review."""
        if not record.is_published:
            return True
        self.result.warnings.append(
            f"{record._meta.verbose_name} {record.slug!r} is published, so {what} from "
            f"{self.document.slug!r} was not added to it: review and add it in the admin."
        )
        return False

    def cite(self, *spans: Span | None) -> list[Citation]:
        citations = []
        for span in spans:
            if span is None:
                continue
            citation, created = Citation.objects.get_or_create(
                document=self.document, start=span.start, end=span.end, defaults={"quote": span.text}
            )
            if created:
                self.result.count("citations")
            citations.append(citation)
        return citations

    def actor(self, name: str, kind: str = Actor.Kind.UNKNOWN) -> Actor:
        found = find_actor(name)
        if found:
            return found
        self.result.count("actors")
        return Actor.objects.create(slug=unique_slug(Actor, name), name=name, kind=kind)

    def place(self, name: str) -> Place:
        found = (
            Place.objects.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name))
            .order_by("slug")
            .first()
        )
        if found:
            return found
        self.result.count("places")
        return Place.objects.create(slug=unique_slug(Place, name), name=name)

    def conflict(self, name: str, **defaults) -> Conflict:
        slug = slug_for(name)
        found = (
            Conflict.objects.filter(Q(slug=slug) | Q(name__iexact=name) | Q(article_title__iexact=name))
            .order_by("slug")
            .first()
        )
        if found:
            return found
        self.result.count("conflicts")
        return Conflict.objects.create(
            slug=unique_slug(Conflict, name), name=name, kind=conflict_kind(name), **defaults
        )

    # --- encyclopedia article ------------------------------------------------------------

    def article(self, parsed: Article) -> None:
        title = parsed.title.text
        conflict = self.conflict(title, article_title=title)
        if self.may_amend(
            conflict, "what the infobox says (title, result, date, status, part of, places, see also)"
        ):
            self.amend_conflict(conflict, parsed, title)
        for side, members in sorted(parsed.combatants.items()):
            for member in members:
                self.combatant(conflict, side, member)
        for side, names in sorted(parsed.commanders.items()):
            groups = self.commanded_groups(conflict, side, parsed.combatants.get(side, []), len(names))
            for name, group in zip(names, groups, strict=True):
                self.commander(conflict, side, name, group)
        for side, lines in sorted(parsed.casualties.items()):
            for number, line in enumerate(lines, start=1):
                self.loss(conflict, side, number, line)
        if self.propose:
            passages = [(parsed.lead, conflict)] if parsed.lead else []
            for section in parsed.sections:
                if NO_PROSE_SECTION.match(section.title.text):
                    continue
                background = BACKGROUND_SECTION.match(section.title.text)
                passages.append((section.body, None if background else conflict))
            proposals.propose_events(self, passages, reference_point(self.document.date), sections=True)

    def amend_conflict(self, conflict: Conflict, parsed: Article, title: str) -> None:
        """The article's own conflict (a draft): what its infobox says."""
        if not conflict.article_title:
            conflict.article_title = title
        if parsed.conflict and conflict.name == title:
            conflict.name = parsed.conflict.text
        if parsed.result and not conflict.result:
            conflict.result = parsed.result.text
        if parsed.date and not conflict.date:
            date = infobox_date(parsed.date.text)
            if date:
                conflict.date = date
                conflict.date_basis = f'The infobox\'s Date, "{parsed.date.text}".'
            else:
                self.result.warnings.append(
                    f"{conflict.slug}: the infobox Date {parsed.date.text!r} is not a date this reads; "
                    "set the conflict's date by hand."
                )
        if conflict.status == Conflict.Status.UNKNOWN:
            status = conflict_status(
                parsed.status.text if parsed.status else "",
                "present" if parsed.date and status_is_ongoing(parsed.date.text) else "",
                parsed.result.text if parsed.result else "",
            )
            conflict.status = status or conflict.status
        if parsed.part_of:
            conflict.parent = self.conflict(parsed.part_of.text)
            if self.may_amend(conflict.parent, "the citation of its name"):
                self.amend_parent(conflict.parent, parsed.part_of)
        conflict.full_clean()
        conflict.save()
        conflict.citations.add(
            *self.cite(
                parsed.title, parsed.conflict, parsed.result, parsed.part_of, parsed.date, parsed.status
            )
        )
        for span in parsed.places:
            conflict.places.add(self.place(span.text))
            conflict.citations.add(*self.cite(span))
        for entry in parsed.see_also:
            if entry.is_conflict:
                # The See also line is the evidence for both the link and the related conflict.
                related = self.conflict(entry.name.text)
                if self.may_amend(related, "the citation of its name"):
                    related.citations.add(*self.cite(entry.name))
                conflict.related.add(related)
                conflict.citations.add(*self.cite(entry.name))

    def amend_parent(self, parent: Conflict, part_of: Span) -> None:
        """ "Part of X (2020–present)": the parent's dates, and "–present" says it is ongoing."""
        parent.citations.add(*self.cite(part_of))
        years = PART_OF_YEARS.search(part_of.text)
        if years is None:
            return
        changed = False
        if not parent.date:
            date = infobox_date(years.group("years"))
            if date:
                parent.date = date
                parent.date_basis = f'From the infobox\'s "Part of" line, "{part_of.text}".'
                changed = True
        if parent.status == Conflict.Status.UNKNOWN and status_is_ongoing(years.group("years")):
            parent.status = Conflict.Status.ONGOING
            changed = True
        if changed:
            parent.full_clean()
            parent.save()

    def combatant(self, conflict: Conflict, side: int, member) -> None:
        if member.name is None:
            alleged = f" (alleged by {member.alleged_by.text})" if member.alleged_by else ""
            self.result.warnings.append(
                f"side {side} of {conflict.slug}: a {member.role} whose name the source lost{alleged} "
                "was not stored; add it in the curated layer if another passage names it."
            )
            return
        # A side's member is a group or a state far more often than a person: two capitalised
        # words ("Sev Hovaz") say nothing of a person here.
        name = without_note(member.name.text)
        kind = kind_of(name)
        if kind == Actor.Kind.UNKNOWN and " " not in name and named_as_state(self.document.text, name):
            kind = Actor.Kind.STATE  # "neighbouring Kessaly", "Kessaly's foreign ministry"
        actor = self.actor(name, Actor.Kind.UNKNOWN if kind == Actor.Kind.PERSON else kind)
        alleged_by = (
            self.actor(member.alleged_by.text, kind_of(member.alleged_by.text)) if member.alleged_by else None
        )
        combatant, created = Combatant.objects.get_or_create(
            conflict=conflict,
            actor=actor,
            side=side,
            defaults={
                "slug": unique_slug(Combatant, f"{conflict.slug}-side-{side}-{actor.slug}"),
                "role": member.role,
                "alleged_by": alleged_by,
            },
        )
        if created:
            self.result.count("combatants")
        if self.may_amend(combatant, "a citation"):
            combatant.citations.add(*self.cite(member.name, member.alleged_by))

    def commanded_groups(self, conflict: Conflict, side: int, members, count: int) -> list:
        """The combatant each of a side's ``count`` commanders leads, as the infobox places them:
        all of them the side's one belligerent, or the belligerents in order when the two lists
        are as long as each other; None where the infobox does not say."""
        names = [
            without_note(m.name.text)
            for m in members
            if m.name is not None and m.role == Combatant.Role.BELLIGERENT
        ]
        rows = {
            c.actor.name: c
            for c in Combatant.objects.filter(conflict=conflict, side=side).select_related("actor")
        }
        groups = [rows.get(name) for name in names]
        if len(groups) == 1:
            return groups * count
        if len(groups) == count:
            return groups
        return [None] * count

    def commander(self, conflict: Conflict, side: int, name: Span, group: Combatant | None = None) -> None:
        actor = self.actor(without_note(name.text), Actor.Kind.PERSON)
        commander, created = Commander.objects.get_or_create(
            conflict=conflict,
            actor=actor,
            side=side,
            defaults={
                "slug": unique_slug(Commander, f"{conflict.slug}-side-{side}-commander-{actor.slug}"),
                "combatant": group,
            },
        )
        if created:
            self.result.count("commanders")
        if self.may_amend(commander, "a citation"):
            commander.citations.add(*self.cite(name))

    def loss(self, conflict: Conflict, side: int, number: int, line: Span) -> None:
        loss, created = Loss.objects.get_or_create(
            conflict=conflict,
            side=side,
            description=line.text,
            defaults={
                "slug": unique_slug(Loss, f"{conflict.slug}-side-{side}-loss-{number}"),
                "kind": loss_kind(line.text),
                "count": loss_count(line.text),
            },
        )
        if created:
            self.result.count("losses")
        if self.may_amend(loss, "a citation"):
            loss.citations.add(*self.cite(line))

    # --- joint statement -----------------------------------------------------------------

    def statement(self, parsed: Statement, conflict: Conflict | None) -> None:
        # "we call on the Government of the Republic of Kivuli to:" is of the kind its words say.
        kind = kind_of(parsed.addressee.text)
        addressee = self.actor(
            parsed.addressee.text, Actor.Kind.UNKNOWN if kind == Actor.Kind.PERSON else kind
        )
        reaction, created = Reaction.objects.get_or_create(
            document=self.document,
            defaults={
                "slug": unique_slug(Reaction, self.document.slug),
                "kind": Reaction.Kind.JOINT_STATEMENT,
                "conflict": conflict,
                "date": self.document.date,
                "date_basis": self.document.date_basis,
            },
        )
        if created:
            self.result.count("reactions")
        if not self.may_amend(reaction, "the statement's signatories and demands"):
            return
        reaction.citations.add(*self.cite(parsed.addressee_line))
        for span in parsed.signatories:
            kind = kind_of(span.text)
            reaction.signatories.add(
                self.actor(span.text, Actor.Kind.NGO if kind in ("unknown", "person") else kind)
            )
            reaction.citations.add(*self.cite(span))
        for item in parsed.demands:
            demand, created = Demand.objects.get_or_create(
                reaction=reaction,
                number=item.number,
                defaults={
                    "slug": f"{reaction.slug}-demand-{item.number}",
                    "text": item.text.text,
                    "addressee": addressee,
                },
            )
            if created:
                self.result.count("demands")
            if self.may_amend(demand, "a citation"):
                demand.citations.add(*self.cite(item.text, parsed.addressee))
        if self.propose:
            passages = [(paragraph, None) for paragraph in parsed.paragraphs]
            proposals.propose_events(self, passages, reference_point(self.document.date), statement=reaction)

    # --- news report, press release --------------------------------------------------------

    def prose(self, parsed: Prose, conflict: Conflict | None) -> None:
        """A report's or a release's dated sentences; a release's own voice is its issuer's."""
        if not self.propose:
            return
        reference = reference_point(self.document.date)
        stated = []
        if parsed.dateline is not None:
            stated = [
                date
                for date in dates_in(
                    self.document.text, parsed.dateline.start, parsed.dateline.end, reference
                )
                if date.edtf
            ]
            if stated:
                reference = stated[0].explicit or reference_point(stated[0].edtf)
        issuer = None
        if self.document.kind == Document.Kind.PRESS_RELEASE:
            name = self.document.publisher or (parsed.dateline.text.split(",")[0] if parsed.dateline else "")
            if name.strip():
                issuer = self.actor(name.strip(), kind_of(name.strip()))
        passages = [(paragraph, conflict) for paragraph in parsed.paragraphs]
        proposals.propose_events(
            self, passages, reference, default_speaker=issuer, dateline=stated[0] if stated else None
        )


PARSERS = {
    Document.Kind.ENCYCLOPEDIA_ARTICLE: parse_article,
    Document.Kind.JOINT_STATEMENT: parse_statement,
    Document.Kind.NEWS_REPORT: parse_prose,
    Document.Kind.PRESS_RELEASE: parse_prose,
}


def ingest(
    text: str,
    kind: str,
    *,
    slug: str = "",
    title: str = "",
    publisher: str = "",
    url: str = "",
    date: str = "",
    date_basis: str = "",
    conflict: str = "",
    propose_events: bool = True,
) -> IngestResult:
    """Parse ``text`` as a document of ``kind`` and store it with all it yields, or nothing.

    ``propose_events``: make a draft event of every dated sentence of the prose (the fixture
    builder turns it off: its curated layer states the events itself).
    """
    if kind not in PARSERS:
        raise IngestError(f"unknown document kind {kind!r}; expected one of: {', '.join(PARSERS)}")
    if not text.strip():
        raise IngestError("the document is empty")
    existing = Document.objects.filter(content_hash=content_hash(text)).first()
    if existing:
        return IngestResult(document=existing, created=False)
    try:
        parsed = PARSERS[kind](text)
    except ParseError as error:
        raise IngestError(f"cannot parse the document as {kind}: {error}") from error

    target = None
    if conflict:
        target = Conflict.objects.filter(slug=conflict).first()
        if target is None:
            raise IngestError(f"no conflict with slug {conflict!r}")

    if isinstance(parsed, Article):
        title = title or parsed.title.text
        body = (0, len(text))
    elif isinstance(parsed, Prose):
        title = title or parsed.title.text
        body = (0, parsed.body.end)
    else:
        title = (
            title
            or f"Joint statement of {len(parsed.signatories)} signatories to the {parsed.addressee.text}"
        )
        body = (parsed.body.start, parsed.body.end)
    slug = slug or slug_for(title)
    if Document.objects.filter(slug=slug).exists():
        raise IngestError(
            f"a different document already has the slug {slug!r}; pass another slug for this text"
        )
    try:
        with transaction.atomic(), change_reason(f"ingest ({kind})"), one_entry_per_write():
            document = Document(
                slug=slug,
                title=title,
                kind=kind,
                publisher=publisher,
                url=url,
                date=date,
                date_basis=date_basis,
                text=text,
                body_start=body[0],
                body_end=body[1],
            )
            document.full_clean(exclude=["content_hash"])
            document.save()
            result = IngestResult(document=document, created=True)
            ingester = Ingester(document, result, propose=propose_events)
            if isinstance(parsed, Article):
                ingester.article(parsed)
            elif isinstance(parsed, Prose):
                ingester.prose(parsed, target)
            else:
                ingester.statement(parsed, target)
    except ValidationError as error:
        raise IngestError(
            f"the document breaks a rule of the data model: {format_validation(error)}"
        ) from error
    except IntegrityError as error:
        raise IngestError(f"the document's facts conflict with stored data: {error}") from error
    return result


def format_validation(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)

"""Proposals: what a document's prose says, as draft records for curators.

Every dated sentence becomes a draft Event, cited by the sentence, dated as precisely as it says
(relative dates resolved from the nearest date before them, with ``date_basis`` saying how; an
unreadable date kept undated with the reason), linked to the actors and places it names and
attributed to whoever it says claims it (``reading.Reader``), its summary the claim. Every
denial becomes a draft Reaction answering the claim it denies; every new name a draft Actor;
"X, the head of Y" ties a commander to Y's side. Drafts stay out of the public API until a
curator publishes them.
"""

import re
from dataclasses import replace

from actors.models import Actor, Combatant, Commander
from events.models import Event, Reaction
from project.records.dates import edtf_bounds

from .naming import unique_slug
from .parsers import Span
from .parsers.dates import Point, ProseDate, dates_in
from .reading import DENIAL, LAWYER, Reader, trimmed

# Where a sentence ends: a stop (and a closing quote) before a space and a capital, a digit or an
# opening quote; never after an initial or a short abbreviation ("Dr", "c.", "St.").
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?(?=\s+[A-Z0-9“\"‘])")
NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Dr|Mr|Mrs|Ms|St|c|ca|No|vs|Jr|Sr|Gen|Col|Lt))\.$")
# A month's abbreviation before a day ("on Sept. 7, 2090") ends no sentence; before a capital
# ("late in Sept. The army") it may.
MONTH_BEFORE_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


EVENT_KIND_WORDS = [
    (re.compile(r"\b(?:arrest(?:ed|s)?|detained)\b", re.I), Event.Kind.ARREST),
    (re.compile(r"\bcharged?\b", re.I), Event.Kind.CHARGE),
    (re.compile(r"\basked\b[^.]*\bto\b|\brequest(?:ed)?\b", re.I), Event.Kind.REQUEST),
    (re.compile(r"\bwithdr[ae]w", re.I), Event.Kind.WITHDRAWAL),
    (re.compile(r"\b(?:signed|agreement|treaty)\b", re.I), Event.Kind.AGREEMENT),
    (re.compile(r"\bprotests?\b", re.I), Event.Kind.PROTEST),
    (re.compile(r"\bannounce[sd]?\b", re.I), Event.Kind.ANNOUNCEMENT),
    (re.compile(r"\b(?:visit(?:ed)?|hosting|hosted)\b", re.I), Event.Kind.VISIT),
    (re.compile(r"\b(?:exercises?|drills?)\b", re.I), Event.Kind.MILITARY_EXERCISE),
    (re.compile(r"\btrain(?:ed|ing)\b", re.I), Event.Kind.TRAINING),
    (re.compile(r"\brecruit(?:ed|ment)?\b", re.I), Event.Kind.RECRUITMENT),
    (re.compile(r"\b(?:offensive|military\s+operations?|invasion|attack(?:ed)?)\b", re.I), Event.Kind.MILITARY_OPERATION),
    (re.compile(r"\baid\b", re.I), Event.Kind.AID),
    (re.compile(r"\b(?:said|stated|statement|called)\b", re.I), Event.Kind.STATEMENT),
]  # fmt: skip

PROPOSAL_NOTE = (
    "Proposed by ingest from a dated sentence of {document}: check the kind, the summary (the "
    "sentence, or the claim without its attribution), the actors and the attribution before publishing."
)


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of ``span`` (a paragraph or a section), each a span of ``text``, trimmed."""
    found, start = [], span.start
    for line_start, line_end in _lines(text, span.start, span.end):
        start = line_start
        for match in SENTENCE_END.finditer(text, line_start, line_end):
            before = text[max(start, match.start() - 5) : match.start()]
            if NOT_AN_END.search(before):
                continue
            if MONTH_BEFORE_DAY.search(before) and text[match.end() : match.end() + 3].lstrip()[:1].isdigit():
                continue
            found.append(trimmed(text, start, match.end()))
            start = match.end()
        found.append(trimmed(text, start, line_end))
    return [sentence for sentence in found if sentence is not None]


def _lines(text: str, start: int, end: int):
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        yield position, stop
        position = stop + 1


REACTION_NOTE = (
    "Proposed by ingest from a sentence of {document} that denies or rejects a claim: check who "
    "denies, the claim it answers (responds_to) and the stance before publishing."
)


def event_kind(sentence: str) -> str:
    for pattern, kind in EVENT_KIND_WORDS:
        if pattern.search(sentence):
            return kind
    return Event.Kind.OTHER


def propose_events(
    ingester,
    passages: list[tuple[Span, object]],
    reference: Point | None,
    *,
    default_speaker: Actor | None = None,
    statement=None,
    sections: bool = False,
    dateline: ProseDate | None = None,
) -> None:
    """Propose a draft event for every dated sentence in ``passages`` (span, conflict or None),
    a draft reaction for every denial, and a draft actor for every name not yet known.

    ``reference`` is the date relative words resolve against before the text states one.
    ``default_speaker`` is whose word a sentence is when it names no speaker (a press release's
    issuer); ``statement`` the joint statement (a reaction) whose signatories speak when no one
    else does. ``sections``: each passage is an article's section, whose dates start again from
    the date the document is about (a Background section's years do not carry into Events).
    ``dateline``: the date a report's dateline states, which dates its lede ("QUELIMSA, 12
    November 2048 — Security forces have arrested ...") when the lede gives no date of its own.
    """
    document = ingester.document
    text = document.text
    reader = Reader(ingester, default_speaker, statement)
    # The frame is the date the document is about: its own date, else the first it states in full.
    # "Last year" and "the same day as the announcement" resolve against it; everything else
    # against the nearest date before it in the document.
    frame = reference
    day = reference if reference is not None and reference.day else None  # the nearest day before
    known: dict[tuple[int, int], int] = {}  # the days the document states in full
    for passage, conflict in passages:
        if sections and frame is not None and (reference is None or _before(reference, frame)):
            # A Background section's years do not carry into the next; a story that has moved
            # past the date the document is about goes on ("==Allegations== Two days later").
            reference = frame
            day = frame if frame.day else None
        for sentence in sentences(text, passage):
            if sentence.text.isupper():
                continue  # a heading in capitals ("JOINT STATEMENT ... OF 9 APRIL"), not prose
            found = list(dates_in(text, sentence.start, sentence.end, reference, frame, day, known))
            if dateline is not None and not found:
                basis = f'The dateline\'s date ("{dateline.words}"): a lede reports the day it is filed.'
                found = [replace(dateline, basis=basis)]
            dateline = None
            if frame is None:
                frame = next((date.explicit for date in found if date.explicit), None)
            for date in found:
                if date.edtf is not None and (date.explicit or date.anchor):
                    reference = date.explicit or date.anchor
                    day = reference if reference.day else day
            named = reader.names(sentence)
            speaker = reader.speaker(sentence, named)
            if conflict is not None:
                for person, group, title in reader.leaders(sentence, named):
                    propose_commander(ingester, conflict, person, group, title, sentence, speaker)
                for person, title in reader.heads_of_government(sentence, named):
                    tie_head_of_government(ingester, conflict, person, title, sentence)
            event = None
            if found:
                event = propose_event(ingester, reader, sentence, conflict, found, named, speaker)
            if DENIAL.search(sentence.text):
                propose_denial(ingester, reader, sentence, conflict, found, named, speaker)
            reader.note(event, named, speaker, sentence)


def propose_event(ingester, reader, sentence, conflict, found, named, speaker) -> Event:
    text = ingester.document.text
    date, basis = sentence_date(found)
    places = reader.place_names.find(text, sentence.start, sentence.end)
    attributed_to, alleged_in, summary = None, None, sentence.text
    if speaker is not None and speaker.actor is not None:
        attributed_to = speaker.actor
        if speaker.claim is not None and speaker.verb == "according to":
            summary = _sentence_case(speaker.claim.text)
        else:
            summary = reported_claim(text, sentence, speaker, found, named) or summary
    elif reader.statement is not None:
        alleged_in = reader.statement
    elif reader.default_speaker is not None:
        attributed_to = reader.default_speaker
    event = Event(
        slug=_slug(ingester.document, sentence),
        conflict=conflict,
        kind=event_kind(sentence.text),
        summary=summary,
        date=date,
        date_basis=basis,
        place=places[0].record if places else None,
        attributed_to=attributed_to,
        alleged_in=alleged_in,
        curator_note=PROPOSAL_NOTE.format(document=ingester.document.slug),
    )
    event.full_clean()
    event.save()
    actors = {actor for _, _, actor in named}
    if attributed_to is not None and attributed_to != reader.default_speaker:
        actors.add(attributed_to)
    event.actors.add(*actors)
    event.citations.add(*ingester.cite(sentence))
    ingester.result.count("proposed events")
    return event


# Reported speech whose object is a clause: the summary is the clause, as "according to" gives it
# ("The ministry said troops had arrested five officers": "Troops had arrested five officers").
# Acts whose object is no clause ("announced a curfew", "accused Y of plotting", "called for
# calm", "denied the charges") are not among these verbs and keep the whole sentence.
CLAUSE_VERBS = frozenset(
    "said says stated states claimed claims alleged alleges insisted insists told tells".split()
)
# The verbs whose clause may come without "that" ("said troops had ..."); "claimed the town" or
# "alleged fraud" may be no clause, so those need their "that".
BARE_CLAUSE_VERBS = frozenset("said says told tells".split())
# Whom "told" addresses: "told reporters", "told a news conference", "told Ruritania Wire".
TOLD_WHOM = re.compile(
    r"\s+(?:(?:the\s+)?(?:reporters|journalists|press|parliament|lawmakers|legislators|deputies|court)\b"
    r"|(?:a|the)\s+(?:news|press)\s+conference\b|(?:state\s+)?(?:television|radio)\b"
    r"|(?-i:(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}))",
    re.IGNORECASE,
)
# Where and when between the verb and its clause: "said on Tuesday", "in a statement", "at a briefing".
TIME = r"(?:morning|afternoon|evening|night|day|week)"
ADVERBIAL = (
    r"(?:,?\s+(?:(?:late|early|earlier|later)\s+)?(?:on|in|at|to|during)(?:\s+(?!that\b)[\w’'-]+){1,5}?"
    rf"|\s+that\s+{TIME}|\s+the\s+(?:next|following|previous)\s+{TIME}|\s+(?:today|yesterday))"
)
THAT_CLAUSE = re.compile(rf"{ADVERBIAL}*?,?\s+that\s+(?!{TIME}\b)", re.IGNORECASE)
BARE_CLAUSE = re.compile(r"(?:\s+on\s+(?-i:[A-Z][a-z]+day))?\s+(?=[\w’'-])", re.IGNORECASE)
# Only where and when after the verb, to the sentence's end: "..., the ministry said on Tuesday."
NOTHING_AFTER = re.compile(rf"{ADVERBIAL}*\s*[.!?]?\s*$", re.IGNORECASE)
# A clause has a verb in its first words ("troops had arrested", "the plot was foiled").
FINITE = re.compile(
    r"(?:[\w’'-]+\s+){1,6}?(?:is|are|was|were|had|has|have|would|will|could|might|must|should|did|"
    r"does|do|can|may|\w+ed)\b",
    re.IGNORECASE,
)
NOT_A_CLAUSE_START = re.compile(
    r"(?:in|on|at|to|for|of|by|with|from|nothing|little|so|yes|no|goodbye|farewell)\b", re.IGNORECASE
)
QUOTES = re.compile(r"[“”\"]")
# A claim whose subject is a pronoun ("it had foiled a plot", "he had not been allowed") means
# the speaker or someone named in the cut words: cut, it no longer says who.
PRONOUN_SUBJECT = re.compile(r"(?:he|she|it|they|we|i|its|his|her|their|our|my)\b", re.IGNORECASE)


def reported_claim(text: str, sentence: Span, speaker, found, named) -> str | None:
    """The claim of reported speech without its attribution, sentence-cased; None when the
    sentence is not plainly "X said (that) CLAIM", "CLAIM, X said" or "CLAIM, said X" (quoted
    words, a second clause, a verb whose object is no clause), so the curator gets the sentence
    rather than a wrong cut."""
    if speaker.at is None or speaker.verb not in CLAUSE_VERBS or QUOTES.search(sentence.text):
        return None  # a quotation, or part of one, keeps its sentence
    verb_start, verb_end = speaker.at
    if speaker.inverted:  # "CLAIM, said the Ministry of Justice."
        after = text[verb_end : sentence.end]
        if len(after.split()) > 10 or re.search(r"[;,]|\band\b|\badding\b", after.rstrip(".!? ")):
            return None
        return _claim(speaker.claim.text if speaker.claim else "")
    verb = speaker.verb
    position = verb_end
    if verb in ("told", "tells"):
        whom = TOLD_WHOM.match(text, position, sentence.end)
        if whom is None:
            return None
        position = whom.end()
    if NOTHING_AFTER.fullmatch(text, position, sentence.end):
        # "CLAIM, the ministry said.": the claim is what stands before the speaker's comma, and
        # the speaker's words after it are a short phrase of their own.
        before = text[sentence.start : verb_start]
        comma = before.rfind(",")
        if comma < 0 or len(before[comma + 1 :].split()) > 8 or not before[comma + 1 :].strip():
            return None
        return _claim(before[:comma])
    if not _only_the_speaker(text, sentence, verb_start, found, named):
        return None
    that = THAT_CLAUSE.match(text, position, sentence.end)
    if that is not None:  # "said that A and that B": "A and B"
        return _claim(re.sub(r"(,?\s+and)\s+that\s+", r"\1 ", text[that.end() : sentence.end]))
    bare = BARE_CLAUSE.match(text, position, sentence.end) if verb in BARE_CLAUSE_VERBS else None
    if bare is None:
        return None
    claim = text[bare.end() : sentence.end]
    if NOT_A_CLAUSE_START.match(claim) or not FINITE.match(claim):
        return None
    return _claim(claim)


def _only_the_speaker(text, sentence, verb_start, found, named) -> bool:
    """Whether the words before the verb are only its speaker ("The Ministry of Justice",
    "Colonel Hentzau, the Brigade's leader,"), after a date phrase that opens the sentence ("On 6
    March,"): that date phrase is dropped from the summary, as the event's date field carries it.
    Anything else before the speaker ("After the raid, ...", "Police raided the house and ...")
    is part of what the sentence says, and the sentence is kept whole."""
    start = sentence.start
    comma = text.find(",", start, verb_start)
    if comma >= 0 and len(text[start:comma].split()) <= 6:
        if any(start <= date.start and date.end <= comma for date in found):
            start = comma + 1
    # The actors' own names may hold "and" or a comma ("Ministry of Justice and Security").
    words = "".join(
        "X" if any(s <= i < e for s, e, _ in named) else char
        for i, char in enumerate(text[start:verb_start], start)
    )
    return (
        len(words.split()) <= 15
        and ";" not in words
        and words.count(",") in (0, 2)
        and not re.search(r"\band\b", words)
        and not QUOTES.search(words)
    )


def _claim(words: str) -> str | None:
    """A cut claim as a summary: sentence-cased, ending as a sentence does; None if too short
    to stand alone, quoted (a quotation cut from its marks reads wrong) or about a pronoun."""
    words = words.strip().rstrip(",;:").strip()
    if len(words.split()) < 3 or QUOTES.search(words) or PRONOUN_SUBJECT.match(words):
        return None
    if words[-1] not in ".!?":
        words += "."
    return _sentence_case(words)


def propose_denial(ingester, reader, sentence, conflict, found, named, speaker) -> None:
    """Each denial in a sentence ("Kroll denied all charges, and his lawyer dismissed the case"):
    a draft reaction of stance ``denies`` by whoever denies, answering the claim it denies."""
    date, basis = sentence_date(found) if found else ("", "")
    seen = set()
    for denial in DENIAL.finditer(sentence.text):
        actor = reader.subject(sentence, sentence.start + denial.start(), named)
        if actor is None and speaker is not None:
            actor = speaker.actor
        if actor is None and reader.statement is None:
            actor = reader.last_speaker or reader.default_speaker
        if (actor.pk if actor else None) in seen:
            continue
        seen.add(actor.pk if actor else None)
        reaction = Reaction(
            slug=unique_slug(Reaction, f"{ingester.document.slug[:60]} {sentence.start} denial"),
            conflict=conflict,
            actor=actor,
            kind=Reaction.Kind.LEGAL_DEFENSE
            if actor is not None and LAWYER.search(actor.name + " " + sentence.text[: denial.start()][-40:])
            else Reaction.Kind.STATEMENT,
            stance=Reaction.Stance.DENIES,
            summary=sentence.text,
            date=date,
            date_basis=basis,
            responds_to=reader.answered(actor, named, conflict, sentence.text),
            curator_note=REACTION_NOTE.format(document=ingester.document.slug),
        )
        reaction.full_clean()
        reaction.save()
        if reaction.responds_to is None:
            reader.answer_later(reaction, actor, conflict)
        if actor is None and reader.statement is not None:
            reaction.signatories.add(*reader.statement.signatories.all())
        reaction.citations.add(*ingester.cite(sentence))
        ingester.result.count("proposed reactions")


def propose_commander(ingester, conflict, person, group, title, sentence, speaker=None) -> None:
    """ "X, the leader of Y": X commands Y's side when Y is a combatant of the conflict; when the
    sentence is someone's claim ("According to the Committee, X, the leader of Y, ..."), the role
    rests on it: ``alleged_by`` the speaker (not when X or Y speaks of themself)."""
    combatant = Combatant.objects.filter(conflict=conflict, actor=group).order_by("side").first()
    if combatant is None:
        return
    existing = Commander.objects.filter(conflict=conflict, actor=person, side=combatant.side).first()
    if existing is not None:
        # The infobox named the commander; the prose's words tie them to the group, which beats
        # the infobox's order (two lists of names need not be in the same order).
        if existing.combatant_id != combatant.pk:
            _tie(ingester, existing, combatant, title, sentence)
        return
    if Commander.objects.filter(conflict=conflict, actor=person).exists():
        return
    alleged_by = speaker.actor if speaker is not None else None
    if alleged_by in (person, group):
        alleged_by = None
    commander = Commander.objects.create(
        slug=unique_slug(Commander, f"{conflict.slug}-side-{combatant.side}-commander-{person.slug}"),
        conflict=conflict,
        actor=person,
        side=combatant.side,
        combatant=combatant,
        title=title[:300],
        alleged_by=alleged_by,
        curator_note=f"Proposed by ingest from {ingester.document.slug}: check the role and the side.",
    )
    commander.citations.add(*ingester.cite(sentence))
    ingester.result.count("proposed commanders")


def tie_head_of_government(ingester, conflict, person, title, sentence) -> None:
    """ "President X": a commander the infobox left without a group leads their side's government
    (or state) when the side has exactly one."""
    commander = Commander.objects.filter(conflict=conflict, actor=person, combatant=None).first()
    if commander is None:
        return
    governments = Combatant.objects.filter(
        conflict=conflict,
        side=commander.side,
        actor__kind__in=[Actor.Kind.GOVERNMENT, Actor.Kind.STATE],
    )
    if len(governments) == 1:
        _tie(ingester, commander, governments[0], title, sentence)


def _tie(ingester, commander, combatant, title, sentence) -> None:
    """The commander leads ``combatant``, as ``sentence`` says, unless a curator has reviewed them."""
    if ingester.may_amend(commander, "the group they lead"):
        commander.combatant, commander.title = combatant, commander.title or title[:300]
        commander.full_clean()
        commander.save()
        commander.citations.add(*ingester.cite(sentence))


def sentence_date(found) -> tuple[str, str]:
    """A sentence's date and its basis: the most precise date it gives ("Last year, also in
    September": the month), the first of equals, a date in an aside only when there is no other;
    undated, with why, when none can be read."""
    readable = [date for date in found if date.edtf is not None]
    if not readable:
        return "", f"Undated: {found[0].basis}"
    # "Relations with X, which had disputed the border since 2049, soured in early 2066": 2066
    readable = [date for date in readable if not date.background] or readable
    first = min(readable, key=lambda date: _width(date.edtf))
    return first.edtf, first.basis or f'As the sentence states it: "{first.words}".'


def _before(point: Point, other: Point) -> bool:
    return edtf_bounds(point.edtf())[1] < edtf_bounds(other.edtf())[0]


def _sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _width(edtf: str) -> int:
    earliest, latest = edtf_bounds(edtf)
    if earliest is None or latest is None:
        return 10**6  # an open end is the least precise
    return (latest - earliest).days


def _slug(document, sentence: Span) -> str:
    return unique_slug(Event, f"{document.slug[:60]} {sentence.start} {' '.join(sentence.text.split()[:8])}")

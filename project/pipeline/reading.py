"""Reading a document's prose, sentence by sentence: the actors it names and whose word each
sentence is.

``Reader`` keeps what one document has named so far, so a surname, an acronym or "the junta"
resolves to the actor the document introduced; ``Reader.speaker`` finds who a sentence reports
("According to X", "X said", "X's lawyer denied") and which words are the claim. The proposals
(``proposals.py``) turn what it reads into draft records.
"""

import functools
import re
from dataclasses import dataclass

from actors.models import Actor, ActorAlias
from events.models import Event, Place, PlaceAlias

from . import mentions
from .mentions import COMMON_SPEAKERS
from .naming import add_alias, find_actor, unique_slug
from .parsers import Span
from .parsers._text import span as trimmed

ACTOR_NOTE = (
    "Proposed by ingest: named in the prose of {document} and not yet known. Check the name, the "
    "kind (read from the words) and whether it is an actor already stored under another name."
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    record: object


class Names:
    """The known records of one model by every name and alias, found in text by whole words."""

    def __init__(self, model, alias_model, owner: str):
        self.records: dict[str, object] = {}
        for record in model.objects.only("pk", "slug", "name").order_by("slug"):
            self.records.setdefault(record.name.casefold(), record)
        for alias in alias_model.objects.select_related(owner).order_by(f"{owner}__slug", "name"):
            self.records.setdefault(alias.name.casefold(), getattr(alias, owner))
        ordered = sorted(self.records, key=len, reverse=True)  # the longest name wins an overlap
        # Not inside a longer proper name: "Strelsau" in "the Strelsau Institute" is no place.
        self.pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)(?!(?-i:\s+[A-Z]))",
                re.IGNORECASE,
            )
            if ordered
            else None
        )

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        if self.pattern is None:
            return []
        return [
            Mention(m.start(), m.end(), self.records[m.group(0).casefold()])
            for m in self.pattern.finditer(text, start, end)
        ]


# Verbs that report someone's word; the subject before them (or the name after them, in "...,"
# said X") is the speaker, and what follows (or precedes) is the claim.
SPEECH = (
    r"(?:said|says|say|announced|announces|stated|states|claimed|claims|alleged|alleges|accused|accuses|"
    r"told|tells|called|calls|denied|denies|rejected|rejects|insisted|insists|"
    r"confirmed|confirms|warned|warns|reported|reports|declared|declares|added|argued|maintained|"
    r"asserted|wrote|noted|notes|revealed|acknowledged|admitted|condemned|condemns|"
    r"considers?|considered|described|spoke|tweeted|posted|addressed|urged|urges|pledged|pledges|"
    r"recalled|recalls|reiterated|reiterates|thanked|thanks|reminded|reminds|"
    r"(?:read|issued|released|published)\s+a\s+(?:\w+\s+)?statement)"
)
SPEECH_RE = re.compile(rf"\b{SPEECH}\b", re.IGNORECASE)
# Between a speaker and the verb: auxiliaries, adverbs, "on Tuesday", "in a statement", "that evening".
BETWEEN = re.compile(
    r"(?:\s*\((?-i:[A-Z]{2,8})\)(?:\s+of\s+(?:the\s+)?(?-i:[A-Z])[\w’'-]+(?:\s+of\s+(?-i:[A-Z])[\w’'-]+)?)?|,?\s*(?:which|who)|\s+(?:has|have|had|also|later|again|then|publicly|repeatedly|firmly|formally|officially|"
    r"always|never|consistently|strongly|flatly|categorically|"
    r"(?-i:party|movement|group|militia|agency|council|committee|newspaper|daily|channel|office)|"
    r"previously|further|today|\w+ly|on\s+\w+(?:\s+(?:morning|afternoon|evening|night))?|"
    r"in\s+a\s+(?:\w+\s+)?statement|on\s+(?:state\s+)?(?:television|radio|social\s+media)|"
    r"that\s+(?:morning|afternoon|evening|night|day)|the\s+next\s+day|"
    r"(?:on|in)\s+\d{1,2}\s+\w+(?:\s+\d{4})?|in\s+(?-i:[A-Z])[\w’'-]+(?:\s+(?-i:[A-Z])[\w’'-]+)*))*\s*$",
    re.IGNORECASE,
)
# A common noun that names one of the document's actors: "the directorate", "Jorvanian police".
COMMON_NOUN = re.compile(
    r"\b(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?:(?:central|federal|national|civilian|constitutional|elected)\s+(?=government))?"
    r"|(?P<adjective>[A-Z][a-z]+(?:ian|ean|ese|ish|i|an))\s+|(?<=[a-z]\s)(?<!of\s)(?=parliament\b))"
    r"(?P<head>government|authorities|ministry|directorate|junta|army|police|gendarmerie|presidency|"
    r"parliament|intelligence\s+service|security\s+service|guard|bureau|brigade|movement|council|"
    r"committee|party|commission|legion|militia|battalion|regiment|front|alliance|union)\b"
)
# What a role word names among a document's actors: "the junta" is its one military council.
HEAD_NAMES = {
    "authorities": r"^government\s+of\b",
    "junta": r"\b(?:junta|(?:military|transitional|national|revolutionary|supreme|sovereign)\s+(?:\w+\s+)?(?:council|committee)|council\s+for\b|committee\s+for\b)",
    "army": r"\b(?:army|armed\s+forces)\b",
    "military": r"\b(?:army|armed\s+forces)\b",
    "government": r"^government\s+of\b",
}
ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|i|an)s?")
STATE_OF = re.compile(
    r"^(?:the\s+)?(?:Federal\s+|Democratic\s+|Islamic\s+|People's\s+|United\s+)*"
    r"(?:Republic|Kingdom|Federation|Principality|Sultanate|Emirate|Commonwealth|State)\s+of\s+(?:the\s+)?(?P<short>[A-Z][\w’'-]+)$"
)
# A ruling council named with its state: "the Transitional Military Council of Nimbera".
COUNCIL_OF = re.compile(
    r"(?P<body>(?:[A-Z][\w’'-]+\s+)+(?:Council|Committee|Junta))\s+of\s+(?:the\s+)?(?P<state>[A-Z][\w’'-]+)"
)
# A person by the title the text gave them: "the prime minister" after "Prime Minister Yusra Delmont".
TITLE_NOUN = re.compile(
    r"\b[Tt]he\s+(?P<title>president|prime\s+minister|vice\s+president)\b(?!\s+of\s+(?:the\s+)?[A-Z])"
)
RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which)\b[^,]*$", re.IGNORECASE)
OF_PLACE = re.compile(
    r"\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,5}\s*$"
)  # "Anna Holm of the X"
APPOSITION = re.compile(r",\s*(?P<inner>[^,]{1,120}),\s*$")
ROLE_OF = re.compile(
    r"(?:’s|'s)\s+(?P<adjective>\w+\s+)?(?P<role>lawyer|attorney|spokes(?:man|woman|person)|press\s+office|representative|"
    r"envoy|office|family|wife|husband|son|daughter|brother|sister|government|delegation|embassy|"
    r"ministry|leaders?|leadership|commanders?|command)\s*$",
    re.IGNORECASE,
)
MINISTRY_ROLE = re.compile(
    r"(?:’s|'s)\s+(?P<portfolio>foreign|defen[cs]e|interior|justice|finance)\s+ministry\s*$", re.IGNORECASE
)
DEMONYM_MINISTRY = re.compile(
    r"\b(?P<adjective>[A-Z][a-z]+(?:ian|ean|ese|ish|i|an))\s+(?P<portfolio>foreign|defen[cs]e|interior|justice|finance)"
    r"\s+ministry\s*$"  # lowercase: "the Karsovian Foreign Ministry" is a name of its own
)
# Lowercase nouns BETWEEN drops after a name ("the Iron Dawn militia said") that a role before
# them needs ("the ruling military council said").
NOUN_AFTER = re.compile(r"\s+(?P<noun>council|committee|party|movement|group|militia|agency)\b")
PRONOUN_ROLE = re.compile(
    r"\b(?:his|her|their)\s+(?:\w+\s+)?(?P<role>lawyers?|attorneys?|spokes(?:man|woman|person)|wife|husband|"
    r"son|daughter|brother|sister|family|representative|office)\s*$",
    re.IGNORECASE,
)
# Whose word "X's spokesman" speaks: X's own; a lawyer or a relative speaks for themself.
SPEAKS_FOR_OWNER = re.compile(
    r"^(?:spokes\w+|press\s+office|representative|envoy|office|government|delegation|embassy|ministry|"
    r"leaders?|leadership|commanders?|command)$",
    re.IGNORECASE,
)
# An organisation's body its own words name: "the United Nations human rights office".
BODY_OF_ORGANIZATION = re.compile(r"\s(?P<words>(?:[a-z]+\s+){1,3}?)(?P<noun>office|agency|mission)\s*$")
PEOPLE_OF = re.compile(
    r"\b(?:residents|inhabitants|villagers|people|citizens|farmers|traders|families)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "according to their editor, Kofi Banerjee": a role, a comma, then the person who holds it.
ROLE_THEN_NAME = re.compile(r"(?:the|his|her|their|its)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+,\s*(?:[A-Z][\w.]*\s+)*")
ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
INVERTED = re.compile(
    r"[,”\"]\s*(?:said|says|added|wrote|stated|claimed|insisted)\s+(?=(?-i:[A-Z])|the\s)", re.IGNORECASE
)
# A passive that names its accuser after "by": "officers were accused by the Electoral Commission".
PASSIVE_BY = re.compile(
    r"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?(?:accused|charged|blamed|alleged)\b[^.;:]{0,60}?\bby\s+",
    re.IGNORECASE,
)
THAT = re.compile(r"\s*(?:on\s+\w+\s+)?(?:that\s+)?", re.IGNORECASE)
PRONOUN = re.compile(r"(?:^|\W)(?:he|she|it|they)\s*$", re.IGNORECASE)
COMMON_SPEAKER = re.compile(
    r"(?:^|\s)(?P<phrase>(?:the\s+)?(?:\w+\s+)?(?:"
    + "|".join(re.escape(w) for w in sorted(COMMON_SPEAKERS, key=len, reverse=True))
    + r"))\s*$",
    re.IGNORECASE,
)
DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|reject|rejecting|refuted|refutes|refute)\b"
    r"|\b(?:dismissed|dismisses|dismissing)\s+(?:(?:the|these|those|all|such|any)\s+)?(?:\w+\s+)?"
    r"(?:case|charges?|allegations?|accusations?|claims?|reports?|arrests?|story|plot)\b|"
    r"\bcall(?:ed|s)?\s+(?:the|these|those|such)\s+(?:accusations?|allegations?|charges?|claims?)\b|"
    r"\bprotest(?:ed|s)?\s+against\s+the\s+(?:accusations?|allegations?)\b|"
    r"\b(?:invented|staged|trumped[- ]up|no\s+plot|never\s+existed|never\s+(?:had|been|met|planned))\b|\b(?:dismissed|dismisses)\s+\w+\s+as\b|\b(?:fake\s+news|baseless|fabricat\w+|false\s+(?:allegations?|claims?|accusations?))\b",
    re.IGNORECASE,
)
# Words that accuse: a denial of "the charges" or "the allegation" answers the sentence that made it.
ACCUSING = re.compile(
    r"\b(?:accus\w*|alleg\w*|claim(?:s|ed|ing)?|charg(?:e|es|ed|ing)|blam\w*|suspicion|implicat\w*)\b",
    re.IGNORECASE,
)
# The accused's own side speaking ("..., his wife said", "her lawyer told reporters"): no accuser.
DEFENDERS = re.compile(
    r"\b(?:his|her|their)\s+(?:wife|husband|son|daughter|brother|sister|mother|father|family|relatives|"
    r"lawyers?|attorneys?)(?:,\s+[^,]{1,60},)?\s+(?:said|says|told|tells|added|stated)\b",
    re.IGNORECASE,
)
# Words too common to tie a denial to a claim.
COMMON_WORDS = frozenset(
    """that this these those with from have been were which their there they them then than when
    while into onto over about against after before during also would could should other
    said says told stated added announced claimed claims alleged allegation allegations accused
    accusation accusations charge charges charged denied denies deny rejected rejects reject
    dismissed called statement statements never ever any all such some more most only just
    what whom whose where being does done made make under upon said, later earlier following
    day days week weeks month months year years morning evening night today yesterday""".split()
)


def content_words(text: str) -> set[str]:
    """The words of ``text`` that say what it is about: lowercase, four letters or more, not common."""
    return {word for word in re.findall(r"[a-z]{4,}", text.lower()) if word not in COMMON_WORDS}


MEDIA_BEFORE = re.compile(
    r"\b(?:broadcaster|station|channel|television|radio|newspaper|daily|weekly|news\s+agency|outlet|website|site|portal)\s+$",
    re.IGNORECASE,
)
LAWYER = re.compile(r"\b(?:lawyer|attorney|counsel|defen[cs]e)\b", re.IGNORECASE)
PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|from|into|to|across|around|towards?)\s+(?:the\s+)?$", re.IGNORECASE
)
LED_BY = re.compile(
    r",?\s+(?:\w+\s+)?(?:(?P<verb>led|commanded|headed)\s+by|(?P<under>under)(?:\s+the\s+command\s+of)?)\s+",
    re.IGNORECASE,
)
HEAD_OF_GOVERNMENT = re.compile(r"\b(?:President|Prime\s+Minister)\s+$")
LED_TITLES = {"led": "leader", "commanded": "commander", "headed": "head", "under": "commander"}
LEADER = re.compile(
    r"\b(?:one\s+of\s+the\s+)?(?P<role>head|leader|commander|chief|founder|director|president|chairman|spokes(?:man|woman|person))s?"
    r"\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Speaker:
    actor: Actor | None  # None with ``statement`` set: the document's own voice
    claim: Span | None  # the words that are the claim (the sentence without the attribution)
    verb: str = ""
    # Where the reporting verb stands ("said" in "..., the ministry said" or "..., said X"), and
    # whether it comes before its speaker (", said X"): how ``proposals`` cuts the claim out.
    at: tuple[int, int] | None = None
    inverted: bool = False


class Reader:
    """Reads one document's prose in order: who it names, who speaks, what they claim or deny.

    Names are resolved against stored actors (by name or alias), then against the actors this
    document has already named (a surname after the full name, an acronym after its definition,
    a group's last word after its full name), and otherwise proposed as draft actors cited by
    the words that name them.
    """

    def __init__(self, ingester, default_speaker=None, statement=None):
        self.ingester = ingester
        self.text = ingester.document.text
        self.actor_names = Names(Actor, ActorAlias, "actor")
        self.place_names = Names(Place, PlaceAlias, "place")
        self.default_speaker = default_speaker
        self.statement = statement
        self.by_name: dict[str, Actor] = {}
        self.surnames: dict[str, list[tuple[Actor, str]]] = {}
        self.short_names: dict[str, list[tuple[Actor, str]]] = {}  # "the Legion": groups, no title
        self.titles: list[tuple[Actor, str]] = []  # each person and the title the text gave them
        self.defined = mentions.acronyms(self.text, 0, len(self.text))
        self.lowercase_words = set(re.findall(r"\b[a-z][\w’'-]*\b", self.text))
        self.last_speaker: Actor | None = None
        self.last_person: Actor | None = None  # whom "his lawyer" belongs to
        # The person who opens the sentence before ("Strommen was at an air base."), whom a
        # pronoun opening the next one's clause ("she called on soldiers") most likely means.
        self.subject_before: Actor | None = None
        self.sentence_subject: Actor | None = None
        # Every event proposed so far: whose word it is (None: the document's own voice, or
        # fact), whether it is a claim, the actors its sentence names, and the sentence.
        self.said: list[tuple[Event, Actor | None, bool, set[Actor], str]] = []
        self.unanswered: list = []  # denials that came before any claim they could answer
        if default_speaker is not None:  # the issuer, however the release's text styles its name
            self.remember(default_speaker, mentions.Found(0, 0, default_speaker.name, default_speaker.kind))

    # --- names ----------------------------------------------------------------------------

    def names(self, sentence: Span) -> list[tuple[int, int, Actor]]:
        """The actors ``sentence`` names, in order, each with where its words stand."""
        found = {}
        for mention in self.actor_names.find(self.text, sentence.start, sentence.end):
            words = self.text[mention.start : mention.end]
            body = mentions.GOVERNMENT_OF.search(
                self.text, max(sentence.start, mention.start - 30), mention.start
            )
            if body is not None:  # "the foreign ministry of Qaraltai": the ministry, not Qaraltai
                extended = mentions.names_in(self.text, body.start("government"), mention.end)
                if extended:
                    found[(extended[-1].start, extended[-1].end)] = self.resolve(extended[-1], sentence)
                    continue
            found[(mention.start, mention.end)] = mention.record
            title = mentions.title_before(self.text, max(sentence.start, mention.start - 40), mention.start)
            self.remember(
                mention.record, mentions.Found(mention.start, mention.end, words, mention.record.kind, title)
            )
        for name in self.split_known(mentions.names_in(self.text, sentence.start, sentence.end)):
            inside = [(start, end) for start, end in found if name.start <= start and end <= name.end]
            body = name.kind in (Actor.Kind.STATE_AGENCY, Actor.Kind.GOVERNMENT) and " and " not in name.name
            if inside and (name.start, name.end) not in inside and body and " of " in name.name:
                # "Ministry of Foreign Affairs of Wyrrastan": the body, not the state it names
                for span in inside:
                    del found[span]
            elif any(start <= name.start < end or name.start <= start < name.end for start, end in found):
                continue
            actor = self.resolve(name, sentence)
            if actor is not None:
                found[(name.start, name.end)] = actor
                council = COUNCIL_OF.fullmatch(name.name)
                if council and actor.kind == Actor.Kind.GOVERNMENT:
                    # "the Transitional Military Council of Nimbera": the council, and its state
                    at = name.end - len(council.group("state"))
                    state = mentions.Found(at, name.end, council.group("state"), Actor.Kind.STATE)
                    found[(at, name.end)] = self.by_name.get(state.name.casefold()) or self.create(state)
        for mention in TITLE_NOUN.finditer(self.text, sentence.start, sentence.end):
            start, end = mention.span("title")
            title = " ".join(mention.group("title").split()).lower()
            people = {actor for actor, t in self.titles if t.lower() == title}
            if len(people) == 1 and not any(s <= start < e or start <= s < end for s, e in found):
                found[(start, end)] = people.pop()  # "the prime minister": the one so titled
        for mention in COMMON_NOUN.finditer(self.text, sentence.start, sentence.end):
            # "the directorate", "the government", "Jorvanian police": the one such actor named
            start, end = mention.span("head")
            if any(s <= start < e or start <= s < end for s, e in found):
                continue
            head = mention.group("head").lower()
            adjective = mention.group("adjective")
            state = self.state_of_adjective(adjective) if adjective and head == "government" else None
            if state is not None:  # "the Corvessan government": Corvessa's, not the story's state's
                actor = self.named(f"Government of {state}", Actor.Kind.GOVERNMENT, sentence)
            else:
                actor = self.by_head(head)
            if actor is None and head in ("government", "authorities", "parliament"):
                actor = self.government_of_the_state(
                    sentence, "Parliament" if head == "parliament" else "Government"
                )
            if actor is not None:
                found[(start, end)] = actor
        named = [
            (start, end, actor) for (start, end), actor in sorted(found.items(), key=lambda item: item[0])
        ]
        people = [
            actor for _, _, actor in named if actor.kind == Actor.Kind.PERSON and " of " not in actor.name
        ]
        if people:
            self.last_person = people[-1]
        self.subject_before, self.sentence_subject = self.sentence_subject, None
        if named and named[0][2].kind == Actor.Kind.PERSON and " of " not in named[0][2].name:
            opening = self.text[sentence.start : named[0][0]]
            if re.fullmatch(r"(?:[A-Z][\w.’'-]*\s+)*", opening):  # only a title before it
                self.sentence_subject = named[0][2]
        return named

    def split_known(self, names: list[mentions.Found]) -> list[mentions.Found]:
        """ "Brisk and Morcant": two people the document has named, not one name."""
        split = []
        for name in names:
            left, sep, right = name.name.partition(" and ")
            if sep and all(self.known_short(part) for part in (left, right)):
                at = name.start + len(left) + len(sep)
                split += [
                    mentions.Found(name.start, name.start + len(left), left, name.kind),
                    mentions.Found(at, name.end, right, name.kind),
                ]
            else:
                split.append(name)
        return split

    def known_short(self, name: str) -> bool:
        if name.lower() in COMMON_SPEAKERS and self.by_head(name.lower()) is not None:
            return True  # "the Council" after the Transitional Military Council
        return name in self.surnames or name in self.short_names or name.casefold() in self.by_name

    def resolve(self, name: mentions.Found, sentence: Span) -> Actor | None:
        key = name.name.casefold()
        if key in self.by_name:
            return self.by_name[key]
        if mentions.plain(name.name).casefold() in self.by_name:
            return self.by_name[mentions.plain(name.name).casefold()]
        if name.name in self.defined:  # an acronym this document defines
            full = mentions.Found(
                name.start, name.end, self.defined[name.name], mentions.kind_of(self.defined[name.name])
            )
            actor = self.by_name.get(full.name.casefold()) or self.create(full, alias=name.name)
            self.by_name[key] = actor
            return actor
        known = find_actor(name.name)
        if known is not None:
            self.remember(known, name)
            return known
        if name.name.lower() in COMMON_SPEAKERS:  # "the Ministry", "the Junta": a role, not a name
            return self.by_head(name.name.lower())
        if " " not in name.name:
            for candidates in (self.surnames.get(name.name), self.short_names.get(name.name)):
                if candidates:
                    return self.pick(candidates, name)
            if (
                ADJECTIVE.fullmatch(name.name)
                and re.match(r"\s+[a-z]", self.text[name.end : name.end + 2])
                and not mentions.named_as_state(self.text, name.name)
            ):
                return None  # an adjective ("Veldavian army"), not an actor ("Pelmaran has been")
            if (
                PLACE_BEFORE.search(self.text[sentence.start : name.start])
                and not name.title
                and name.kind not in (Actor.Kind.STATE, Actor.Kind.ORGANIZATION)
                and not mentions.named_as_state(self.text, name.name)
            ):
                return None  # "in Korvash": a place, not an actor
            if name.start == sentence.start and name.name.lower() in self.lowercase_words:
                return None  # a common word that opens the sentence ("Diplomats", "Reporting")
            if self.place_names.find(name.name, 0, len(name.name)) and not mentions.named_as_state(
                self.text, name.name
            ):
                return None  # a place, unless the text speaks of it as a state ("Pelmaran's capital")
        return self.create(name)

    def pick(self, candidates: list[tuple[Actor, str]], name: mentions.Found) -> Actor:
        titled = [actor for actor, title in candidates if name.title and title == name.title]
        if titled:
            return titled[-1]
        # Untitled, a shared surname goes to the one introduced first: in reports the bare
        # surname is the story's main person (the accused), later namesakes keep their full name.
        return candidates[0][0]

    def create(self, name: mentions.Found, alias: str = "", by_surname: bool = True) -> Actor:
        if MEDIA_BEFORE.search(self.text, max(0, name.start - 40), name.start):
            name = mentions.Found(name.start, name.end, name.name, Actor.Kind.MEDIA, name.title)
        elif (
            name.kind == Actor.Kind.UNKNOWN
            and " " not in name.name
            and mentions.named_as_state(self.text, name.name)
        ):
            # A one-word name the text treats as a state ("neighbouring Kessaly"), whatever its ending.
            name = mentions.Found(name.start, name.end, name.name, Actor.Kind.STATE, name.title)
        actor = find_actor(name.name)
        if actor is None:
            actor = Actor.objects.create(
                slug=unique_slug(Actor, name.name),
                name=name.name,
                kind=name.kind,
                description=name.title,
                curator_note=ACTOR_NOTE.format(document=self.ingester.document.slug),
            )
            actor.description_citations.add(*self.ingester.cite(trimmed(self.text, name.start, name.end)))
            self.ingester.result.count("proposed actors")
        if alias:
            add_alias(actor, alias)
        council = COUNCIL_OF.fullmatch(actor.name)
        if council and actor.kind == Actor.Kind.GOVERNMENT:
            # "the Transitional Military Council of Nimbera" is "the Transitional Military Council"
            add_alias(actor, council.group("body"))
            self.by_name.setdefault(council.group("body").casefold(), actor)
        self.remember(actor, name, by_surname)
        return actor

    def remember(self, actor: Actor, name: mentions.Found, by_surname: bool = True) -> None:
        self.by_name[name.name.casefold()] = actor
        self.by_name.setdefault(actor.name.casefold(), actor)
        if name.title and actor.kind == Actor.Kind.PERSON and (actor, name.title) not in self.titles:
            self.titles.append((actor, name.title))
        self.by_name.setdefault(mentions.plain(actor.name).casefold(), actor)
        last = mentions.surname(actor.name)
        if last is None or not by_surname:
            return
        # "Sheikh Mansour bin Khalifa" shows a person the infobox listed with no kind.
        titled = bool(name.title) and actor.kind == Actor.Kind.UNKNOWN
        if actor.kind == Actor.Kind.PERSON or titled:
            for short in mentions.short_forms(actor.name):
                people = self.surnames.setdefault(short, [])
                if all(known is not actor for known, _ in people):
                    people.append((actor, name.title))
        else:
            state = STATE_OF.match(actor.name)
            if state:  # "Elvonia" after "Republic of Elvonia"
                short = state.group("short")
            elif " of " in actor.name or (
                last.lower() in self.lowercase_words and actor.kind == Actor.Kind.UNKNOWN
            ):
                return  # "Ministry of Foreign Affairs of Elvonia": its last word is another's name
            else:
                short = last  # "the Legion" after "Iron Dawn Legion"
            groups = self.short_names.setdefault(short, [])
            if all(known is not actor for known, _ in groups):
                groups.append((actor, ""))

    # --- speakers ---------------------------------------------------------------------------

    def speaker(self, sentence: Span, named: list[tuple[int, int, Actor]]) -> Speaker | None:
        """Whose word the sentence reports, and which words are the claim; None for a plain fact."""
        text = self.text
        according = ACCORDING_TO.search(text, sentence.start, sentence.end)
        if according:
            actor = next(
                (
                    a
                    for s, e, a in named
                    if s >= according.end()
                    and s - according.end() <= 40
                    and (
                        "," not in text[according.end() : s]
                        or ROLE_THEN_NAME.fullmatch(text, according.end(), s)
                    )
                ),
                None,
            )
            actor = actor or self.common_speaker(sentence, according.end(), after=True)
            if actor is not None:
                claim = self.claim_around(sentence, according.start(), according.end())
                return Speaker(actor, claim, "according to")
        inverted = INVERTED.search(text, sentence.start, sentence.end)
        if inverted:
            actor = next((a for s, e, a in named if 0 <= s - inverted.end() <= 4), None)
            if actor is not None:
                claim = trimmed(text, sentence.start, inverted.start())
                verb = re.search(r"\w+", inverted.group())
                at = (inverted.start() + verb.start(), inverted.start() + verb.end())
                return Speaker(actor, claim, "said", at, inverted=True)
        passive = PASSIVE_BY.search(text, sentence.start, sentence.end)
        if passive:
            actor = next((a for s, e, a in named if 0 <= s - passive.end() <= 4), None)
            if actor is not None:
                return Speaker(actor, trimmed(text, sentence.start, sentence.end), "accused")
        for verbs in (SPEECH_RE, DENIAL):
            for verb in verbs.finditer(text, sentence.start, sentence.end):
                actor = self.subject(sentence, verb.start(), named)
                if actor is not None:
                    rest = THAT.match(text, verb.end(), sentence.end)
                    claim = trimmed(text, rest.end(), sentence.end)
                    return Speaker(actor, claim, verb.group().lower(), verb.span())
        return None

    def subject(self, sentence: Span, at: int, named) -> Actor | None:
        """The speaker standing before the verb at ``at``: a name, "X's lawyer", a role, a pronoun."""
        text = self.text
        before = text[sentence.start : at]
        body = BODY_OF_ORGANIZATION.search(before.rstrip())
        organization = body and next(
            (
                (s, a)
                for s, e, a in named
                if e == sentence.start + body.start() and a.kind == Actor.Kind.ORGANIZATION
            ),
            None,
        )
        if organization:  # "The United Nations human rights office said": that office speaks
            start = organization[0]
            name = f"{text[start : sentence.start + body.start()]} {body.group('words').strip()} {body.group('noun')}"
            return self.named(name, Actor.Kind.ORGANIZATION, sentence)
        before = before[: BETWEEN.search(before).start()]
        apposition = APPOSITION.search(before)
        if apposition:
            inner_start = sentence.start + apposition.start("inner")
            inner_end = sentence.start + apposition.end("inner")
            people = [
                a
                for s, e, a in named
                if s >= inner_start
                and e == inner_end
                and a.kind == Actor.Kind.PERSON
                and not re.search(r"\b(?:by|of|with|and|for|to|who|which|whose)\b", text[inner_start:s])
            ]
            if people:  # "the CNR's spokesman, Colonel Idris Makonde, said": the person speaks
                return people[-1]
            exact = [
                a
                for s, e, a in named
                if 0 <= s - inner_start <= 4
                and (e == inner_end or re.fullmatch(r"\s*\([A-Z]{2,8}\)", text[e:inner_end]))
            ]
            if exact and re.search(r"\b[a-z]+\s*$", before[: apposition.start()]):
                # "Cabral Neto's party, the Movement for Democratic Renewal (MRD), stated"
                return exact[0]
            before = before[: apposition.start()]
            before = RELATIVE_CLAUSE.sub("", before)  # "Dovjenko, who leads the Civic Alliance"
            before = before[: BETWEEN.search(before).start()]
        end = sentence.start + len(before.rstrip())
        demonym = DEMONYM_MINISTRY.search(before.rstrip())
        if demonym:  # "the Ulvanian foreign ministry": Ulvania's Ministry of Foreign Affairs
            state = self.state_of_adjective(demonym.group("adjective"))
            if state is not None:
                portfolio = mentions.MINISTRIES[demonym.group("portfolio").lower()]
                return self.named(f"Ministry of {portfolio} of {state}", Actor.Kind.STATE_AGENCY, sentence)
        pronoun_role = PRONOUN_ROLE.search(before.rstrip())
        if pronoun_role:  # "his lawyer has denied": the lawyer of the person last named
            # "his" is the sentence's subject: the first person it names, else the last one named.
            people = [
                a for s, e, a in named if e <= end and a.kind == Actor.Kind.PERSON and " of " not in a.name
            ]
            owner = people[0] if people else self.last_person
            if owner is not None:
                if SPEAKS_FOR_OWNER.match(pronoun_role.group("role")):
                    return owner
                return self.role_actor(owner, pronoun_role.group("role"), sentence)
        role = ROLE_OF.search(before.rstrip())
        if role:
            owner_end = sentence.start + role.start()
            owner, owner_start = next(((a, s) for s, e, a in named if e == owner_end), (None, None))
            if owner is not None and role.group("role").lower() == "government":
                # "Zorandesh's government": the Government of Zorandesh, as the state's own word
                adjective = (role.group("adjective") or "").strip()
                name = f"{adjective.capitalize() + ' g' if adjective else 'G'}overnment of {text[owner_start:owner_end]}"
                return self.named(name, Actor.Kind.GOVERNMENT, sentence)
            if owner is not None:
                ministry = MINISTRY_ROLE.search(before.rstrip())
                if ministry:  # "Kessaly's foreign ministry": Kessaly's Ministry of Foreign Affairs
                    name = f"Ministry of {mentions.MINISTRIES[ministry.group('portfolio').lower()]} of {text[owner_start:owner_end]}"
                    return self.named(name, Actor.Kind.STATE_AGENCY, sentence)
                if SPEAKS_FOR_OWNER.match(role.group("role")):
                    return owner
                return self.role_actor(owner, role.group("role"), sentence)
        for start, stop, actor in named:
            if stop == end or (stop + 2 == end and text[stop:end] in ("’s", "'s")):
                if PEOPLE_OF.search(text, max(sentence.start, start - 30), start):
                    return None  # "residents of Kessel Bay reported": the residents, not the place
                return actor
        of_place = OF_PLACE.search(before)
        if of_place is not None:  # "Dr Anna Holm of the Strelsau Institute stated"
            stop = sentence.start + of_place.start()
            person = next((a for s, e, a in named if e == stop and a.kind == Actor.Kind.PERSON), None)
            if person is not None:
                return person
        if re.search(r"\band\s*$", before):
            # "Sarymsakov thanked the security services and accused ...": the clause's subject
            for start, stop, actor in named:
                if (
                    start < end
                    and re.match(r",?\s+[a-z]+(?:ed|s)\b", text[stop : stop + 20])
                    and not PLACE_BEFORE.search(text, max(sentence.start, start - 12), start)
                ):  # "surrounded State House in Jokara, detained ...": a place is no subject
                    return actor
        if PRONOUN.search(before):
            # "..., Carla Montes, chaired a meeting, at the end of which she stated": the person
            # named before the pronoun in the same sentence, else the last speaker.
            people = [a for s, e, a in named if e <= end and a.kind == Actor.Kind.PERSON]
            return people[-1] if people else (self.subject_before or self.last_speaker)
        noun = NOUN_AFTER.match(text, end, at)
        if noun is not None and not any(e == end for s, e, a in named):
            actor = self.common_speaker(sentence, noun.end())
            if actor is not None:
                return actor
        return self.common_speaker(sentence, end)

    def common_speaker(self, sentence: Span, at: int, after: bool = False) -> Actor | None:
        """A speaker named by its role ("the junta", "Armenian officials")."""
        if after:
            match = re.match(
                r"\s*(?P<phrase>(?:the\s+)?(?:\w+\s+){0,2}?\w+)\s*(?=[,.;]|$)", self.text[at : sentence.end]
            )
            phrase = match.group("phrase") if match else ""
            if not any(phrase.lower().endswith(word) for word in COMMON_SPEAKERS):
                return None
            start = at + match.start("phrase")
        else:
            match = COMMON_SPEAKER.search(self.text[sentence.start : at])
            if match is None:
                return None
            phrase = match.group("phrase")
            start = sentence.start + match.start("phrase")
        bare = re.sub(r"^the\s+", "", phrase.strip(), flags=re.IGNORECASE)
        if self.default_speaker is not None and re.match(r"(?:this|our)\s", bare, re.IGNORECASE):
            return self.default_speaker  # "which this Ministry condemned": the release's issuer
        if bare.casefold() in self.by_name:
            return self.by_name[bare.casefold()]
        head = next(
            word for word in sorted(COMMON_SPEAKERS, key=len, reverse=True) if bare.lower().endswith(word)
        )
        adjective = ADJECTIVE.match(bare)
        state = self.state_of_adjective(adjective.group()) if adjective and head == "government" else None
        if state is not None:  # "a spokesman for the Corvessan government": Corvessa's government
            return self.named(f"Government of {state}", Actor.Kind.GOVERNMENT, sentence)
        named = self.by_head(head)
        if named is not None:
            return named
        found = mentions.Found(start, start + len(phrase), bare, COMMON_SPEAKERS[head])
        actor = self.create(found)
        self.by_name[bare.casefold()] = actor
        return actor

    def government_of_the_state(self, sentence: Span, body: str = "Government") -> Actor | None:
        """ "The government" in a document that has named one state: that state's government (or
        its parliament, for "told parliament")."""
        states = {a for a in self.by_name.values() if a.kind == Actor.Kind.STATE}
        if len(states) > 1:  # "the government expelled diplomats from neighbouring X": not X's
            states = {
                a for a in states if not re.search(rf"\bneighbou?ring\s+{re.escape(a.name)}\b", self.text)
            }
        if len(states) != 1:
            return None
        state = states.pop()
        short = STATE_OF.match(state.name)
        kind = Actor.Kind.GOVERNMENT if body == "Government" else Actor.Kind.STATE_AGENCY
        return self.named(f"{body} of {short.group('short') if short else state.name}", kind, sentence)

    def by_head(self, head: str) -> Actor | None:
        """ "The Ministry" after "Ministry of Justice" (or in the Ministry's own release): the one
        actor named so far whose name holds the word, if there is exactly one."""
        known = {*self.by_name.values(), *([self.default_speaker] if self.default_speaker else [])}
        key = (
            "junta"
            if re.search(r"\b(?:military|ruling)\b", head, re.IGNORECASE)
            else head.split()[-1].lower()
        )
        pattern = HEAD_NAMES.get(key, rf"\b{re.escape(head)}\b")
        named = [a for a in known if re.search(pattern, a.name, re.IGNORECASE)]
        if named:
            return named[0] if len(named) == 1 else None
        # "Zoubara's ruling junta said ..." before the text names the National Council for
        # Sovereignty: the one such name the document gives later, cited where it stands.
        # A bare role word ("Junta" opening a headline) is no such name: resolving it comes back here.
        ahead = [
            name
            for name in self.document_names
            if re.search(pattern, name.name, re.IGNORECASE) and name.name.lower() not in COMMON_SPEAKERS
        ]
        if len({name.name for name in ahead}) == 1 and key in HEAD_NAMES:
            return self.resolve(ahead[0], Span(ahead[0].name, ahead[0].start, ahead[0].end))
        return None

    @functools.cached_property
    def document_names(self) -> list[mentions.Found]:
        return [
            name
            for paragraph in re.finditer(r"[^\n]+", self.text)
            for name in mentions.names_in(self.text, paragraph.start(), paragraph.end())
        ]

    def state_of_adjective(self, adjective: str) -> str | None:
        """The state "Ulvanian" names: the one known state, or the one word of the text, that
        shares its stem ("Ulvania")."""
        stem = adjective[: max(3, len(adjective) - 3)]
        states = {
            (STATE_OF.match(a.name).group("short") if STATE_OF.match(a.name) else a.name)
            for a in self.by_name.values()
            if a.kind == Actor.Kind.STATE
        }
        known = [name for name in states if name.startswith(stem)]
        if len(known) == 1:
            return known[0]
        words = {w for w in re.findall(rf"\b{re.escape(stem)}\w*", self.text) if w != adjective}
        words = {w for w in words if not ADJECTIVE.fullmatch(w) or w.endswith("ia")}
        return words.pop() if len(words) == 1 else None

    def note(self, event: Event | None, named, speaker: Speaker | None, sentence: Span | None = None) -> None:
        """Remember who spoke and what was proposed, for the pronouns and denials that follow."""
        if speaker is not None and speaker.actor is not None:
            self.last_speaker = speaker.actor
            self.sentence_subject = None  # "..., a spokesman said. ..., he added": the speaker
        if event is None:
            return
        claim = speaker is not None and speaker.actor is not None
        claim = claim or self.default_speaker is not None or self.statement is not None
        whose = speaker.actor if speaker is not None and speaker.actor is not None else self.default_speaker
        words = sentence.text if sentence is not None else event.summary
        self.said.append((event, whose, claim, {actor for _, _, actor in named}, words))
        for denial in list(self.unanswered):
            reaction, denier, conflict = denial
            if conflict is not None and event.conflict_id != conflict.pk:
                continue
            own = denier is not None and (whose == denier or event.attributed_to == denier)
            if claim and not own and not DENIAL.search(words) and not DEFENDERS.search(words):
                reaction.responds_to = event
                reaction.save(update_fields=["responds_to"])
                self.unanswered.remove(denial)

    def answer_later(self, reaction, denier: Actor | None, conflict=None) -> None:
        """A denial with no claim before it to answer ("The Ministry categorically rejects the
        allegations made by the Government of X", opening a press release) answers the first claim
        by someone else that follows it ("On Sunday, X's minister told parliament ...")."""
        self.unanswered.append((reaction, denier, conflict))

    def answered(self, denier: Actor | None, named, conflict=None, denial: str = "") -> Event | None:
        """The claim a denial answers, among the events before it (in the denial's conflict when
        it has one) that are not the denier's own word nor denials themselves: the one that
        accuses when the denial answers an accusation ("denied the charges": the sentence that
        charged), that is about the denier (or about whom the sentence names, for a lawyer),
        that someone claims rather than a fact the writer states, and that shares the denial's
        words ("denied meeting Brannick": "Osric met Brannick"); the latest of equals."""
        about = {denier, *(actor for _, _, actor in named)} - {None}
        accusing = ACCUSING.search(denial) is not None
        echoed = content_words(denial)
        owner = self.owner_words(denier)
        best, best_score = None, 0
        for event, whose, claim, actors, words in self.said:
            if conflict is not None and event.conflict_id != conflict.pk:
                continue
            if denier is not None and (whose == denier or event.attributed_to == denier):
                continue
            if DENIAL.search(words):
                continue  # a denial answers a claim, not another denial
            if DEFENDERS.search(words):
                continue  # the accused's wife or lawyer speaking: no accuser to answer
            score = 1
            accuses = ACCUSING.search(words) is not None
            if accusing and accuses:
                score += 2
            # About the denier, or the state it speaks for, and not a fact the writer merely
            # states ("Orlen was detained at his home"): someone's word, or an accusation.
            if (about & actors or (owner is not None and owner.search(words))) and (claim or accuses):
                score += 2
            if claim:
                score += 1
            score += min(2, len(echoed & content_words(words)))
            if score >= best_score:
                best, best_score = event, score
        return best

    @staticmethod
    def owner_words(actor: Actor | None):
        """The words that name the state a body belongs to: "Kessaly" of "Ministry of Foreign
        Affairs of Kessaly", "Karsovia" (and "Karsovian") of "Karsovian Foreign Ministry"."""
        if actor is None or actor.kind in (Actor.Kind.PERSON, Actor.Kind.STATE):
            return None
        of = re.search(
            r"\bof\s+(?:the\s+)?(?:[A-Z]\w*\s+)*?(?:Republic\s+of\s+|Kingdom\s+of\s+|Federation\s+of\s+)?(?P<state>[A-Z][\w’'-]+)$",
            actor.name,
        )
        adjective = re.match(r"(?P<adjective>[A-Z][a-z]+(?:ian|ean|ese|ish|i|an))\s", actor.name)
        if adjective and not of:
            stem = adjective.group("adjective")[: max(4, len(adjective.group("adjective")) - 3)]
        elif of:
            stem = of.group("state")
        else:
            return None
        return re.compile(rf"\b{re.escape(stem)}")

    def role_actor(self, owner: Actor, role: str, sentence: Span) -> Actor:
        return self.named(f"{role.strip().capitalize()} of {owner.name}", Actor.Kind.PERSON, sentence)

    def named(self, name: str, kind: str, sentence: Span) -> Actor:
        """The actor a name the reader made up names ("Lawyer of X", "Government of X"): the one
        already read, else a new draft cited by the sentence."""
        found = mentions.Found(sentence.start, sentence.end, name, kind)
        return self.by_name.get(name.casefold()) or self.create(found, by_surname=False)

    def claim_around(self, sentence: Span, start: int, end: int) -> Span | None:
        """The claim of "According to X, CLAIM" (or "CLAIM, according to X")."""
        text = self.text
        comma = text.find(",", end, sentence.end)
        if start == sentence.start and comma >= 0:
            return trimmed(text, comma + 1, sentence.end)
        return trimmed(text, sentence.start, start)

    # --- roles --------------------------------------------------------------------------------

    def heads_of_government(self, sentence: Span, named) -> list[tuple[Actor, str]]:
        """The people the sentence titles President or Prime Minister, and the title."""
        found = []
        for start, _end, actor in named:
            title = HEAD_OF_GOVERNMENT.search(self.text, max(sentence.start, start - 20), start)
            if title and actor.kind == Actor.Kind.PERSON:
                found.append((actor, title.group().strip()))
        return found

    def leaders(self, sentence: Span, named) -> list[tuple[Actor, Actor, str]]:
        """ "X, the head of Y" / "the leader of Y, X" / "Y's founder, X": (person, group, title)."""
        text = self.text
        found = []
        for start, end, actor in named:
            if actor.kind == Actor.Kind.PERSON:
                continue
            led = LED_BY.match(text, end)
            if led:
                people = [a for s, e, a in named if a.kind == Actor.Kind.PERSON and 0 <= s - led.end() <= 30]
                if people:
                    verb = (led.group("verb") or led.group("under")).lower()
                    found.append((people[0], actor, f"{LED_TITLES[verb]} of {actor.name}"))
                    continue
            role = LEADER.search(text, max(sentence.start, start - 40), start)
            possessive = re.match(
                r"(?:’s|'s)\s+(?P<role>leader|founder|head|commander|chief|chair\w*|director|spokes\w+)\b",
                text[end : end + 30],
            )
            if role is None and possessive is None:
                continue
            title = (role.group("role") if role else possessive.group("role")) + " of " + actor.name
            people = [
                a
                for s, e, a in named
                if a.kind == Actor.Kind.PERSON and abs(s - (end if possessive else start)) <= 60
            ]
            if people:
                found.append((people[0] if possessive or not role else people[-1], actor, title))
        return found

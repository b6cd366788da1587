"""Places, conflicts (with their losses), events, reactions and demands."""

from django.core.exceptions import ValidationError
from django.db import models

from actors.models import alleged_in_field, side_is_positive
from project.records.base import Alias, Record, aliases_of, small_number, whole_number
from project.records.dates import UncertainDate, date_bounds_ordered, date_indexes
from project.records.history import History


def list_of_names(value) -> None:
    """A JSON list of non-empty strings, each at most 300 characters (a list of names)."""
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() and len(item) <= 300 for item in value
    ):
        raise ValidationError("Give a list of names: non-empty strings of at most 300 characters.")


class Place(Record):
    """A named place; spellings the sources use ("Rostov on Don") are its aliases."""

    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")

    class Meta(Record.Meta):
        indexes = [models.Index(fields=["name"])]


class PlaceAlias(Alias):
    """Another spelling of a place's name."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = History()
    owner = "place"

    class Meta:
        ordering = ["place__slug", "name"]
        verbose_name_plural = "place aliases"
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="placealias_unique")]

    natural_key = aliases_of("events.place")


class Conflict(Record, UncertainDate):
    """A coup, coup attempt, alleged plot or wider crisis.

    ``status`` is itself a claim: "plot thwarted" rests on ``status_alleged_by``.
    ``parent`` is the infobox's "Part of"; ``related`` the article's See also
    entries that are conflicts (topics such as bilateral relations are not).
    """

    class Kind(models.TextChoices):
        COUP_ALLEGATION = "coup_allegation", "Coup allegation"
        COUP_ATTEMPT = "coup_attempt", "Coup attempt"
        COUP = "coup", "Coup"
        POLITICAL_CRISIS = "political_crisis", "Political crisis"
        ARMED_CONFLICT = "armed_conflict", "Armed conflict"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLOT_ALLEGED = "plot_alleged", "Plot alleged"
        PLOT_THWARTED = "plot_thwarted", "Plot alleged and thwarted"
        ATTEMPT_FAILED = "attempt_failed", "Attempt failed"
        ATTEMPT_SUCCEEDED = "attempt_succeeded", "Attempt succeeded"
        ONGOING = "ongoing", "Ongoing"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=300)
    article_title = models.CharField(max_length=500, blank=True, help_text="Title of the source article.")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.COUP_ALLEGATION)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.UNKNOWN)
    status_alleged_by = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alleged_conflict_statuses",
        help_text="The actor on whose claim the status rests.",
    )
    result = models.TextField(blank=True, help_text="The result as the source words it.")
    description = models.TextField(blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="conflicts")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="related_from")
    related_topics = models.JSONField(
        default=list,
        blank=True,
        validators=[list_of_names],
        help_text='Topics the source lists under "See also" that are no conflict (bilateral '
        "relations, a sentiment), as the source names them.",
    )
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="conflicts")

    _history_m2m_fields = ["citations", "places", "related"]

    class Meta(Record.Meta):
        constraints = [date_bounds_ordered()]
        indexes = [
            models.Index(fields=["date_earliest", "date_latest"], name="conflict_date_bounds"),
            *date_indexes("conflict"),
        ]


class Loss(Record):
    """Casualties or losses of one side of a conflict, with a count where the source gives one."""

    class Kind(models.TextChoices):
        ARRESTED = "arrested", "Arrested"
        KILLED = "killed", "Killed"
        WOUNDED = "wounded", "Wounded"
        MISSING = "missing", "Missing"
        AT_LARGE = "at_large", "At large"
        OTHER = "other", "Other"

    conflict = models.ForeignKey(Conflict, on_delete=models.CASCADE, related_name="losses")
    side = small_number()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    count = whole_number(null=True, blank=True, help_text="Null when the source gives no number.")
    description = models.CharField(max_length=500, help_text="As the source words it.")
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="losses")

    _history_m2m_fields = ["citations"]

    class Meta(Record.Meta):
        ordering = ["conflict__slug", "side", "slug"]
        verbose_name_plural = "losses"
        constraints = [side_is_positive("loss")]

    def __str__(self):
        return f"{self.description} (side {self.side})"


class Topic(models.TextChoices):
    """What a demand, or a position a statement takes, is about."""

    FOREIGN_INTERFERENCE = "foreign_interference", "Foreign interference"
    MEDIA = "media", "Media and broadcasting"
    ALLIANCE_MEMBERSHIP = "alliance_membership", "Alliance membership"
    BORDER_CONTROL = "border_control", "Border control"
    MILITARY_PRESENCE = "military_presence", "Foreign military presence"
    ELECTIONS = "elections", "Elections"
    OTHER = "other", "Other"


class Event(Record, UncertainDate):
    """Something that happened, dated as precisely as its source allows.

    ``conflict`` is empty for background events; ``attributed_to`` is the actor
    on whose word the event rests ("according to the Investigative Committee"),
    ``alleged_in`` the statement when it is a joint statement's word.
    """

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", "Announcement"
        ARREST = "arrest", "Arrest"
        CHARGE = "charge", "Charge"
        RECRUITMENT = "recruitment", "Recruitment"
        TRAINING = "training", "Training"
        MILITARY_OPERATION = "military_operation", "Military operation"
        MILITARY_EXERCISE = "military_exercise", "Military exercise"
        WITHDRAWAL = "withdrawal", "Withdrawal"
        REQUEST = "request", "Request"
        AGREEMENT = "agreement", "Agreement"
        STATEMENT = "statement", "Statement"
        VISIT = "visit", "Visit"
        AID = "aid", "Aid"
        PROTEST = "protest", "Protest"
        OTHER = "other", "Other"

    conflict = models.ForeignKey(
        Conflict, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    topic = models.CharField(
        max_length=32,
        choices=Topic.choices,
        blank=True,
        help_text="What a statement's position is about (e.g. elections); empty for other events.",
    )
    summary = models.TextField()
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    actors = models.ManyToManyField("actors.Actor", blank=True, related_name="events")
    attributed_to = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_events",
        help_text="The actor on whose word the event rests.",
    )
    alleged_in = alleged_in_field(
        "alleged_events",
        "The statement on whose word the event rests, when it is several actors' word at once "
        "(the signatories of a joint statement) or the statement's as a whole.",
    )
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="events")

    _history_m2m_fields = ["citations", "actors"]

    brief_columns = ("summary",)
    brief_source = "summary"
    brief_help = "The event's summary."

    def brief_name(self) -> str:
        return self.summary

    class Meta(Record.Meta):
        ordering = ["date_earliest", "slug"]
        constraints = [date_bounds_ordered()]
        indexes = [
            models.Index(fields=["date_earliest", "date_latest"], name="event_date_bounds"),
            *date_indexes("event", "conflict"),
        ]

    def __str__(self):
        return self.summary[:80]


class Reaction(Record, UncertainDate):
    """An actor's response to a conflict or allegation, and its stance toward it.

    A joint statement has its makers in ``signatories`` (``actor`` stays empty)
    and its own text as ``document``; its demands hang off it.
    """

    class Kind(models.TextChoices):
        STATEMENT = "statement", "Statement"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        EXPERT_ASSESSMENT = "expert_assessment", "Expert assessment"
        LEGAL_DEFENSE = "legal_defense", "Legal defense"
        NO_COMMENT = "no_comment", "Refusal to comment"
        OTHER = "other", "Other"

    class Stance(models.TextChoices):
        ASSERTS = "asserts", "Asserts"
        SUPPORTS = "supports", "Supports"
        CONSIDERS_PLAUSIBLE = "considers_plausible", "Considers plausible"
        DOUBTS = "doubts", "Doubts"
        DENIES = "denies", "Denies"
        DECLINES_TO_COMMENT = "declines_to_comment", "Declines to comment"
        CONDEMNS = "condemns", "Condemns"
        UNKNOWN = "unknown", "Unknown"

    conflict = models.ForeignKey(
        Conflict, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    actor = models.ForeignKey(
        "actors.Actor", on_delete=models.PROTECT, null=True, blank=True, related_name="reactions"
    )
    signatories = models.ManyToManyField("actors.Actor", blank=True, related_name="signed_reactions")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.STATEMENT)
    stance = models.CharField(max_length=32, choices=Stance.choices, default=Stance.UNKNOWN)
    summary = models.TextField(blank=True)
    quote = models.TextField(blank=True, help_text="The reaction's own words, where the source quotes them.")
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reactions",
        help_text="The document that is this reaction (a published statement).",
    )
    responds_to = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        help_text="The claim this reaction answers, when the source says which (a lawyer denying "
        "the charges answers the event that reports them).",
    )
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="reactions")

    _history_m2m_fields = ["citations", "signatories"]

    brief_columns = ("summary", "quote")
    brief_source = None
    brief_help = "The summary, or the quote when there is no summary."

    def brief_name(self) -> str:
        return self.summary or self.quote

    class Meta(Record.Meta):
        ordering = ["date_earliest", "slug"]
        constraints = [date_bounds_ordered()]
        indexes = [
            models.Index(fields=["date_earliest", "date_latest"], name="reaction_date_bounds"),
            *date_indexes("reaction", "conflict"),
        ]

    def __str__(self):
        return self.summary[:80] or self.slug


class Demand(Record):
    """A numbered demand of a statement, addressed to an actor, with a trackable status."""

    Topic = Topic

    class Status(models.TextChoices):
        UNKNOWN = "unknown", "Unknown"
        PENDING = "pending", "Pending"
        PARTIALLY_MET = "partially_met", "Partially met"
        MET = "met", "Met"
        REJECTED = "rejected", "Rejected"

    reaction = models.ForeignKey(Reaction, on_delete=models.CASCADE, related_name="demands")
    number = small_number()
    text = models.TextField()
    addressee = models.ForeignKey(
        "actors.Actor", on_delete=models.PROTECT, null=True, blank=True, related_name="demands_received"
    )
    topic = models.CharField(max_length=32, choices=Topic.choices, default=Topic.OTHER)
    places = models.ManyToManyField(
        Place, blank=True, related_name="demands", help_text="Places the demand names (an airport, a base)."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UNKNOWN)
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="demands")

    _history_m2m_fields = ["citations", "places"]

    brief_columns = ("number", "text")
    brief_source = None
    brief_help = '"<number>. <text>"'

    def brief_name(self) -> str:
        return f"{self.number}. {self.text}"

    class Meta(Record.Meta):
        ordering = ["reaction__slug", "number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=1), name="demand_number_positive"),
            models.UniqueConstraint(fields=["reaction", "number"], name="demand_one_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:70]}"

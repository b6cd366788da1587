"""Actors are stored once; Combatant and Commander are their roles in one conflict."""

from django.core.exceptions import ValidationError
from django.db import models

from project.records.base import Alias, Record, aliases_of, small_number
from project.records.history import History


def side_is_positive(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(side__gte=1), name=f"{model_name}_side_positive")


ALLEGED_IN_HELP = (
    "The statement on whose claim this rests, when it rests on several actors at once "
    "(the signatories of a joint statement) or on the statement as a whole."
)


def alleged_by_field(related_name: str, help_text: str) -> models.ForeignKey:
    """The single actor on whose claim a fact rests (null when it is no one's claim, or several's)."""
    return models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )


def alleged_in_field(related_name: str, help_text: str = ALLEGED_IN_HELP) -> models.ForeignKey:
    """The reaction (a statement) on whose claim a fact rests: its actor, or all its signatories."""
    return models.ForeignKey(
        "events.Reaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )


class Actor(Record):
    """A person, organization, state or group, shared across conflicts.

    The same Government of Armenia appears in several conflicts; its roles live
    in Combatant, Commander, Event, Reaction and Demand, not here.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State"
        GOVERNMENT = "government", "Government"
        STATE_AGENCY = "state_agency", "State agency"
        ARMED_GROUP = "armed_group", "Armed group"
        POLITICAL_GROUP = "political_group", "Political group or movement"
        ORGANIZATION = "organization", "Organization"
        NGO = "ngo", "Non-governmental organization"
        MEDIA = "media", "Media outlet"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.UNKNOWN)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code where known.")
    description = models.TextField(blank=True)
    description_citations = models.ManyToManyField(
        "documents.Citation",
        blank=True,
        related_name="actor_descriptions",
        help_text="The words that name or describe the actor, so its description is cited like any fact.",
    )

    _history_m2m_fields = ["description_citations"]

    class Meta(Record.Meta):
        indexes = [models.Index(fields=["name"])]


class ActorAlias(Alias):
    """Another name the sources use for an actor ("Gasparyan" for "Serob Gasparian")."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = History()
    owner = "actor"

    class Meta:
        ordering = ["actor__slug", "name"]
        verbose_name_plural = "actor aliases"
        constraints = [models.UniqueConstraint(fields=["actor", "name"], name="actoralias_unique")]

    natural_key = aliases_of("actors.actor")


class ConflictRole(Record):
    """Abstract: an actor's part on one side of one conflict (a combatant, a commander).

    A role can be someone's claim: ``alleged_by`` (one actor) or ``alleged_in`` (a statement),
    which each role declares after its own fields.
    """

    conflict = models.ForeignKey("events.Conflict", on_delete=models.CASCADE, related_name="%(class)ss")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="%(class)s_roles")
    side = small_number(help_text="Side number as in the source, from 1.")

    _history_m2m_fields = ["citations"]

    brief_source = "actor.name"

    class Meta(Record.Meta):
        abstract = True
        ordering = ["conflict__slug", "side", "slug"]
        constraints = [
            side_is_positive("%(class)s"),
            models.UniqueConstraint(fields=["conflict", "actor", "side"], name="%(class)s_one_role"),
        ]

    def brief_name(self) -> str:
        return self.actor.name


class Combatant(ConflictRole):
    """An actor's part on one side of one conflict, and who alleges it.

    ``alleged_by`` is set when the role rests on someone's claim: "Supported by:
    Russia (per Armenia)" is a supporter role alleged by the Government of Armenia.
    ``alleged_in`` is set when it rests on a statement: a joint statement's claim is
    made by all its signatories at once.
    """

    class Role(models.TextChoices):
        BELLIGERENT = "belligerent", "Belligerent"
        SUPPORTER = "supporter", "Supporter"

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.BELLIGERENT)
    alleged_by = alleged_by_field(
        "alleged_combatant_roles", "The actor on whose claim this role rests, if it is an allegation."
    )
    alleged_in = alleged_in_field("alleged_combatant_roles")
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="combatants")

    brief_help = "The actor's name."

    def __str__(self):
        return f"{self.actor} (side {self.side}, {self.conflict.slug})"


class Commander(ConflictRole):
    """A person's leadership of a side in one conflict, optionally of one combatant.

    Like a combatant role, a commander role can be someone's claim (``alleged_by``,
    ``alleged_in``): a plotter named by a government is that government's allegation.
    """

    combatant = models.ForeignKey(
        Combatant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commanders",
        help_text="The combatant this person leads, where the source says.",
    )
    title = models.CharField(max_length=300, blank=True, help_text="Title as the source gives it.")
    alleged_by = alleged_by_field(
        "alleged_commander_roles", "The actor on whose claim this role rests, if it is an allegation."
    )
    alleged_in = alleged_in_field("alleged_commander_roles")
    citations = models.ManyToManyField("documents.Citation", blank=True, related_name="commanders")

    brief_help = "The commander's name."

    def __str__(self):
        return f"{self.actor} (commands side {self.side}, {self.conflict.slug})"

    def clean(self):
        if self.combatant_id and self.conflict_id and self.side:
            combatant = self.combatant
            if combatant.conflict_id != self.conflict_id or combatant.side != self.side:
                raise ValidationError(
                    {
                        "combatant": f"{combatant} is not on side {self.side} of this conflict; "
                        "a commander leads a combatant of their own side."
                    }
                )

"""Finding and naming rows while ingesting: slugs for new rows, actors by name or alias, aliases.

Both ingest and its proposed events use these, so they sit below both."""

from django.utils.text import slugify

from actors.models import Actor, ActorAlias
from documents.models import content_hash
from events.models import PlaceAlias

DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "/": "-"})


def slug_for(text: str) -> str:
    """Django's slugify, with dashes kept as word breaks ("2020–present" -> "2020-present")."""
    return slugify(text.translate(DASHES))[:180]


def unique_slug(model, base: str) -> str:
    """A slug for a new row of ``model``: slugified ``base``, numbered if taken."""
    slug = slug_for(base) or f"{model._meta.model_name}-{content_hash(base)[:12]}"
    candidate, number = slug, 2
    while model.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def find_actor(name: str) -> Actor | None:
    """The actor with this name or alias (case-insensitive); an exact name wins over an alias."""
    by_name = Actor.objects.filter(name__iexact=name).order_by("slug").first()
    if by_name:
        return by_name
    alias = (
        ActorAlias.objects.filter(name__iexact=name).select_related("actor").order_by("actor__slug").first()
    )
    return alias.actor if alias else None


def add_alias(owner, name: str) -> None:
    """Record ``name`` as an alias of an Actor or Place unless it is already its name."""
    if name.casefold() == owner.name.casefold():
        return
    if isinstance(owner, Actor):
        ActorAlias.objects.get_or_create(actor=owner, name=name)
    else:
        PlaceAlias.objects.get_or_create(place=owner, name=name)

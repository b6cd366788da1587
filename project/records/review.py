"""The trust boundary: who may change what the public sees, and what a published record may refer to.

A draft is an unreviewed allegation, often against a named person. Two rules keep every draft
out of the public's sight, and both are enforced here, where the data is written (model
signals), so that every path obeys them: the API, the admin's forms, inlines, actions and
history reverts, and the commands.

- **A published record refers only to published records** (its foreign keys, its many-to-many
  relations, and the documents of the citations it carries). A write that would break this is
  refused with a :class:`DraftReference` naming the field and the draft, whichever path it
  takes. Drafts become public only by being published: explicitly, or as the references of a
  record being published (:func:`publish`, which publishes the closure in one transaction).
  Taking a record back to draft is refused while a published record refers to it.
- **Publishing is a permission.** Every model has ``publish_<model>`` besides Django's add,
  change, delete and view (``Record.Meta.default_permissions``). Any write that changes what an
  anonymous reader sees (publishing, taking back to draft, editing or deleting a published
  record, or its aliases and citations) needs it on the record's model; a cascade publishes
  only what the user may publish and otherwise refuses naming each record
  (:class:`PublishRefused`). The user is the request's (``acting``, set by
  :class:`ActingRequestMiddleware` and by the API after authentication); a management command
  acts as the operator and needs no permission.

A fact is published only if it cites at least one source. Raw saves (fixture loads, restores)
skip the per-row checks; their loaders check the whole database with :func:`relations.violations`.
"""

import contextvars
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, pre_delete, pre_save

from . import relations
from .base import Record, ReviewState
from .history import one_entry_per_write
from .relations import label

PUBLISHED = ReviewState.PUBLISHED
DRAFT = ReviewState.DRAFT


class DraftReference(ValidationError):
    """A published record would refer to a draft; ``message_dict`` names each field and draft."""


class PublishRefused(PermissionDenied):
    """The acting user lacks the publish permission a write needs; the message names the records."""


# --- the acting user -----------------------------------------------------------------------

_acting = contextvars.ContextVar("review_acting_request", default=None)


@contextmanager
def acting(request):
    """Writes inside the block are the request's user's (read when a write happens, so the
    API's token authentication, which runs inside the view, is seen)."""
    token = _acting.set(request)
    try:
        yield
    finally:
        _acting.reset(token)


class ActingRequestMiddleware:
    """Makes every write during a request the request's user's (admin and API alike), and one
    history entry per record it changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(request), one_entry_per_write():
            return self.get_response(request)


def acting_user():
    """The user a write is made by: None outside a request (a command, the operator)."""
    request = _acting.get()
    return None if request is None else getattr(request, "user", None)


def may_view_drafts(user, model) -> bool:
    """Whether ``user`` is a curator who may see ``model``'s drafts (its view permission)."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def visible(queryset, user):
    """``queryset`` as ``user`` may see it: published records only, unless a curator's."""
    if relations.is_record(queryset.model) and not may_view_drafts(user, queryset.model):
        return queryset.filter(review_state=PUBLISHED)
    return queryset


def publish_permission(model) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def may_publish(user, model) -> bool:
    """Whether ``user`` may change what the public sees of ``model``; None is the operator."""
    return user is None or (user.is_active and user.has_perm(publish_permission(model)))


# The default user of the functions below: whoever makes the write (``acting_user``).
ACTING = object()


def require_publish(records, user=ACTING) -> None:
    """PublishRefused naming the records of ``records`` whose models ``user`` may not publish."""
    user = acting_user() if user is ACTING else user
    refused = [record for record in records if not may_publish(user, type(record))]
    if refused:
        names = ", ".join(label(record) for record in refused[:10]) + (" ..." if len(refused) > 10 else "")
        needed = ", ".join(sorted({publish_permission(type(record)) for record in refused}))
        raise PublishRefused(
            f"This changes what the public sees of {names}, which needs the permission {needed}; "
            "nothing was saved."
        )


# Records a publish() or unpublish() under way changes together: (model, pk) -> their new state.
_pending = contextvars.ContextVar("review_pending", default=None)


def _pending_state(model, pk):
    pending = _pending.get()
    return None if pending is None else pending.get((model._meta.concrete_model, pk))


def _drafts_among(model, pks, using=None) -> list:
    """The rows of ``model`` (records, or rows of one) among ``pks`` that stand for a draft."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return []
    rows = (
        model._base_manager.db_manager(using)
        .filter(pk__in=pks)
        .exclude(**{relations.state_path(model): PUBLISHED})
    )
    owner = relations.owner_field(model)
    if owner is not None:
        rows = rows.select_related(owner.name)
    return [
        row
        for row in rows.order_by("pk")
        if _pending_state(type(relations.referred_record(row)), relations.referred_record(row).pk)
        != PUBLISHED
    ]


def _refusal(record, field, drafts) -> DraftReference:
    names = ", ".join(label(relations.referred_record(row)) for row in drafts[:5])
    return DraftReference(
        {
            field.name: [
                f"{names} {'is a draft' if len(drafts) == 1 else 'are drafts'}: published {label(record)} "
                "cannot refer to a draft. Publish it first, or publish this record with it "
                "(review_state published publishes both)."
            ]
        }
    )


def draft_references(record, values: dict) -> dict[str, list[str]]:
    """For a form or an API write about to set ``values`` (field name -> record, row, or list of
    them) on ``record``: the messages of the fields that would refer to a draft, if ``record``
    is or becomes published. Nothing is read: the values are loaded records."""
    errors = {}
    for field in relations.reference_fields(type(record)):
        value = values.get(field.name)
        if value is None:
            continue
        rows = list(value) if isinstance(value, (list, tuple, set, QuerySet)) else [value]
        drafts = [row for row in rows if relations.referred_record(row).review_state != PUBLISHED]
        if drafts:
            errors.update(_refusal(record, field, drafts).message_dict)
    return errors


def problems(record) -> list[str]:
    """Why ``record`` cannot be published, if anything stops it."""
    if hasattr(record, "citations") and not record.citations.exists():
        return [f"{label(record)} cites no source; add a citation before publishing it."]
    return []


@contextmanager
def _changing_together(records, state):
    pending = dict(_pending.get() or {})
    pending.update({(type(record)._meta.concrete_model, record.pk): state for record in records})
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)


@transaction.atomic
def publish(records, user=ACTING) -> list[Record]:
    """Publish ``records`` and the drafts they refer to; ValidationError naming every obstacle,
    PublishRefused naming the records ``user`` (default: the acting user) may not publish."""
    todo, seen = list(records), set()
    drafts = []
    while todo:  # breadth first, one wave of references loaded at once
        wave = []
        for record in todo:
            key = (type(record), record.pk)
            if key not in seen:
                seen.add(key)
                wave.append(record)
        relations.prefetch_references(wave)
        todo = []
        for record in wave:
            if record.review_state != PUBLISHED:
                drafts.append(record)
            todo.extend(r for r in relations.references(record) if r.review_state != PUBLISHED)
    require_publish(drafts, user)
    obstacles = [message for record in drafts for message in problems(record)]
    if obstacles:
        raise ValidationError(obstacles)
    with _changing_together(drafts, PUBLISHED):
        for record in drafts:
            record.review_state = PUBLISHED
            record.save()
    return drafts


@transaction.atomic
def unpublish(records, user=ACTING) -> list[Record]:
    """Take published ``records`` back to draft; refused while a published record refers to one."""
    records = [record for record in records if record.review_state == PUBLISHED]
    require_publish(records, user)
    keys = {(type(record), record.pk) for record in records}
    obstacles = []
    for record in records:
        blockers = [r for r in relations.referrers(record) if (type(r), r.pk) not in keys]
        if blockers:
            names = ", ".join(label(r) for r in blockers[:5]) + (" ..." if len(blockers) > 5 else "")
            obstacles.append(f"{label(record)} is referred to by published {names}; take those back first.")
    if obstacles:
        raise ValidationError(obstacles)
    with _changing_together(records, DRAFT):
        for record in records:
            record.review_state = DRAFT
            record.save()
    return records


# --- the guard: every write of every path passes here ----------------------------------------


def stored_state(instance):
    """The review state the database holds for ``instance`` (None for a new record)."""
    if instance.pk is None or instance._state.adding:
        return None
    return (
        type(instance)
        ._base_manager.db_manager(instance._state.db)
        .filter(pk=instance.pk)
        .values_list("review_state", flat=True)
        .first()
    )


def _guard_record_save(sender, instance, raw=False, using=None, **kwargs):
    if raw or not isinstance(instance, Record):
        return
    pending = _pending_state(type(instance), instance.pk)
    before = stored_state(instance)
    after = instance.review_state
    instance._was_published = before == PUBLISHED
    if PUBLISHED in (before, after):
        require_publish([instance])
    if pending == after:
        return  # publish() / unpublish() checked the batch as a whole
    if after == PUBLISHED:
        for field in relations.reference_fields(type(instance)):
            if field.many_to_many:
                continue
            drafts = _drafts_among(field.related_model, [getattr(instance, field.attname)], using)
            if drafts:
                raise _refusal(instance, field, drafts)
    elif before == PUBLISHED:
        blockers = relations.referrers(instance)
        blockers = [r for r in blockers if _pending_state(type(r), r.pk) != DRAFT]
        if blockers:
            names = ", ".join(label(r) for r in blockers[:5])
            raise DraftReference(
                {
                    "review_state": [
                        f"{label(instance)} is referred to by published {names}; take those back first."
                    ]
                }
            )


def _guard_delete(sender, instance, **kwargs):
    if isinstance(instance, Record):
        if stored_state(instance) == PUBLISHED:
            require_publish([instance])
    elif relations.owner_field(type(instance)) is not None and sender in relations.owned_rows():
        owner = getattr(instance, relations.owner_field(type(instance)).name)
        if owner.review_state == PUBLISHED:
            require_publish([owner])
    elif sender in relations.through_tables():
        _guard_through_row(sender, instance, adding=False)


def _guard_owned_row_save(sender, instance, raw=False, **kwargs):
    """An alias of a published actor is part of what the public sees of it."""
    if raw:
        return
    if sender in relations.owned_rows():
        owner = getattr(instance, relations.owner_field(sender).name)
        if owner is not None and owner.review_state == PUBLISHED:
            require_publish([owner])
    elif sender in relations.through_tables():
        _guard_through_row(sender, instance, adding=True)


def _guard_through_row(through, row, adding: bool):
    """A through-table row written directly (the admin's citation inline) is an m2m change."""
    model, field = relations.through_tables()[through]
    record = getattr(row, field.m2m_field_name())
    if record.review_state != PUBLISHED:
        return
    require_publish([record])
    if adding:
        target = getattr(row, field.m2m_reverse_field_name())
        if relations.referred_record(target).review_state != PUBLISHED and (
            _pending_state(type(relations.referred_record(target)), relations.referred_record(target).pk)
            != PUBLISHED
        ):
            raise _refusal(record, field, [target])


def _guard_m2m(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    if sender not in relations.through_tables() or not action.startswith("pre_"):
        return
    owner_model, field = relations.through_tables()[sender]
    if not reverse:
        if instance.review_state != PUBLISHED:
            return
        require_publish([instance])
        if action == "pre_add" and _pending_state(type(instance), instance.pk) != PUBLISHED:
            drafts = _drafts_among(model, pk_set, using)
            if drafts:
                raise _refusal(instance, field, drafts)
        return
    # The reverse side: ``instance`` is the target, ``pk_set`` the records referring to it.
    if pk_set is None:
        owners = list(getattr(instance, field.related_query_name()).filter(review_state=PUBLISHED))
    else:
        owners = list(
            owner_model._base_manager.db_manager(using).filter(pk__in=pk_set, review_state=PUBLISHED)
        )
    if not owners:
        return
    require_publish(owners)
    target = relations.referred_record(instance)
    if action == "pre_add" and target.review_state != PUBLISHED:
        raise _refusal(owners[0], field, [instance])


def connect() -> None:
    pre_save.connect(_guard_record_save, dispatch_uid="review-record-save")
    pre_save.connect(_guard_owned_row_save, dispatch_uid="review-row-save")
    pre_delete.connect(_guard_delete, dispatch_uid="review-delete")
    m2m_changed.connect(_guard_m2m, dispatch_uid="review-m2m")

"""ETags that cost no rendering: a conditional GET answered 304 reads the cache, not the data.

A representation depends on its record and on every record it shows (a nested actor's name,
a cited document's title). Rather than hashing the body (a full render for every 304), every
tag is a hash of

* the **data generations**: random tokens in the shared cache. The *public* one is replaced
  whenever anything an anonymous reader can see is saved or deleted (a published record, its
  relations, aliases and citations; publishing and taking back to draft); the *drafts* one when
  only drafts change. Anonymous tags are made of the public generation alone, so a curator's
  work on drafts never changes them (it would tell the world that someone is at work, and cost
  every cache a miss); curators' tags are made of both. Signals replace them at once and again
  when the transaction commits, so a tag issued between the two is never kept; so do
  ``migrate`` and the bulk writers that bypass signals (``synth``, ``restore``);
* the request's absolute URL (scheme, host, path and query: the body's links are absolute),
  the representation (JSON or CSV) and whether the caller sees drafts;
* for a detail, the record's ``version``;
* the **code** that renders it (:func:`code_version`): a deploy that changes how a record is
  shown makes every tag issued before it stale, though the data and its generation did not
  change (``migrate`` renews the generation; a new serializer field or a fixed escape does not).

A detail's tag is ``"<version>-<record>-<representation>"``: ``record`` is a keyed hash (the
SECRET_KEY) of the record's model, slug and version, which a client cannot make up, and
``representation`` the hash above. A write's ``If-Match`` must carry this record's current
``version-record`` pair (:func:`matches_record`): another record's tag, a made-up tag with the
right version, a weak tag and ``*`` never pass. The representation part is not compared: it
follows every other record the body shows, and a curator's save of one record would otherwise
refuse another curator's save of any other.

Within one generation the same request renders the same bytes, so the tag is strong. When a
generation is lost (cache flushed, entry evicted) a new one is drawn and every tag is simply
stale. When the cache does not answer, tags fall back to an MD5 of the rendered body.
"""

import functools
import hashlib
import hmac
import logging
import uuid
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.middleware import http as http_middleware
from django.utils.http import parse_etags, quote_etag

from project.records import relations
from project.records.base import Record, ReviewState

logger = logging.getLogger(__name__)

GENERATION_KEY = "api:data-generation"
DRAFTS_GENERATION_KEY = "api:drafts-generation"


def generation_keys(drafts: bool = False) -> list[str]:
    """The cache keys a generation is made of: the public one, and the drafts' one for a curator."""
    return [GENERATION_KEY, DRAFTS_GENERATION_KEY] if drafts else [GENERATION_KEY]


def generation(drafts: bool = False, read: dict | None = None) -> str | None:
    """The current data generation (public, or public and drafts for a curator), drawn if missing;
    None when the cache does not answer.

    ``read`` holds what was already read of :func:`generation_keys` (the throttle reads them in
    its round trip, project.api.throttles): only a key missing there is drawn, here.
    """
    keys = generation_keys(drafts)
    try:
        found = dict(read) if read is not None else cache.get_many(keys)
        for key in keys:
            if key not in found:
                cache.add(key, uuid.uuid4().hex, timeout=None)
                found[key] = cache.get(key)
        return "/".join(found[key] for key in keys)
    except Exception:  # any cache backend error: fall back to hashing bodies
        logger.exception("ETag generation unavailable: the cache does not answer")
        return None


def public_part(generation: str | None) -> str | None:
    """The public generation inside ``generation`` (which a curator's joins to the drafts')."""
    return None if generation is None else generation.split("/", 1)[0]


def _renew(public: bool = True) -> None:
    try:
        if public:
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        cache.set(DRAFTS_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception as error:  # e.g. before createcachetable; tags fall back to body hashes
        logger.warning("ETag generation not renewed: the cache does not answer (%s)", error)


def data_changed(public: bool = True) -> None:
    """Every tag issued so far is stale (only curators' when ``public`` is False): now, and again
    once the current transaction commits."""
    _renew(public)
    transaction.on_commit(lambda: _renew(public))


def _seen_by_public(sender, instance) -> bool:
    """Whether a saved or deleted row is part of what anonymous readers can see."""
    if isinstance(instance, Record):
        return instance.review_state == ReviewState.PUBLISHED or getattr(instance, "_was_published", True)
    through = relations.through_tables().get(sender)
    if through is not None:
        _, field = through
        return getattr(instance, field.m2m_field_name()).review_state == ReviewState.PUBLISHED
    owner = relations.owner_field(sender)
    if owner is not None and sender in relations.owned_rows():
        return getattr(instance, owner.name).review_state == ReviewState.PUBLISHED
    return True  # a citation moved by replace_text, anything else: assume the public sees it


def _on_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if sender._meta.app_label not in relations.data_apps() or relations.is_history(sender):
        return
    if (
        created
        and not raw
        and relations.owner_field(sender) is not None
        and sender not in relations.owned_rows()
    ):
        # A new citation: nothing cites it yet (the fact's relation change, which follows, decides).
        data_changed(public=False)
        return
    data_changed(public=raw or _seen_by_public(sender, instance))


def _on_delete(sender, instance, **kwargs) -> None:
    if sender._meta.app_label in relations.data_apps() and not relations.is_history(sender):
        data_changed(public=_seen_by_public(sender, instance))


def _on_m2m(sender, instance, reverse=False, **kwargs) -> None:
    if sender._meta.app_label not in relations.data_apps():
        return
    public = reverse or not isinstance(instance, Record) or instance.review_state == ReviewState.PUBLISHED
    data_changed(public=public)


def _on_migrate(sender, using="default", **kwargs) -> None:
    if sender.label in relations.data_apps():
        # The cache the tags (and the throttles) use, when it is a table: a database that has
        # been migrated has it, so no write ever finds it missing (on PostgreSQL a failed query
        # would abort the writer's transaction).
        call_command("createcachetable", database=using, verbosity=0)
        _renew()


def connect() -> None:
    post_save.connect(_on_save, dispatch_uid="etags-save")
    post_delete.connect(_on_delete, dispatch_uid="etags-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="etags-m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="etags-migrate")


def _digest(*parts) -> str:
    return hashlib.md5("\n".join(str(part) for part in parts).encode(), usedforsecurity=False).hexdigest()


def record_part(model, slug: str, version: int) -> str:
    """``<version>-<keyed hash>``: this record at this version, unforgeable without the SECRET_KEY."""
    message = f"{model._meta.label_lower}\n{slug}\n{version}".encode()
    mac = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]
    return f"{version}-{mac}"


def variant(format: str, drafts: bool) -> str:
    """The representation part of a tag: the format and whether the caller sees drafts."""
    return f"{format}; drafts={int(drafts)}"


# What a representation's bytes are made by besides the data: the project's code and templates,
# and the libraries that render (code_version).
CODE_FOLDERS = ("project", "events", "actors", "documents")
CODE_SUFFIXES = {".py", ".html", ".txt"}
RENDERING_LIBRARIES = ("django", "djangorestframework", "orjson")


@functools.cache
def code_version() -> str:
    """A hash of the code that renders representations: every source file and template of the
    project's apps, and the versions of the libraries that turn rows into bytes. The same on
    every worker and host that runs the same release; read once per process."""
    digest = hashlib.md5(usedforsecurity=False)
    root = Path(settings.BASE_DIR)
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
                digest.update(path.read_bytes())
    for name in RENDERING_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}\n".encode())
    return digest.hexdigest()[:16]


def tag_for(current: str, url: str, variant: str, record: str | None = None) -> str:
    """The tag of the representation of ``url`` (absolute) within generation ``current``, as
    this release renders it; a detail's carries its :func:`record_part` in front."""
    if record is None:
        return quote_etag(_digest(current, code_version(), url, variant))
    return quote_etag(f"{record}-{_digest(current, code_version(), url, variant, record)[:16]}")


def body_tag(record: str, body: bytes) -> str:
    """A detail's tag while the cache does not answer: the record part and a hash of the body."""
    return quote_etag(f"{record}-{hashlib.md5(body, usedforsecurity=False).hexdigest()[:16]}")


def tag_record(tag: str) -> str | None:
    """The ``version-record`` part of a detail's strong tag, or None for any other tag."""
    if tag.startswith("W/"):
        return None
    head, dash, rest = tag.strip('"').partition("-")
    mac = rest.partition("-")[0]
    if not (dash and head.isascii() and head.isdigit() and len(head) < 19 and len(mac) == 16):
        return None
    return f"{int(head)}-{mac}"


def tag_version(tag: str) -> int | None:
    """The record version a detail's tag carries, or None for any other tag."""
    record = tag_record(tag)
    return None if record is None else int(record.partition("-")[0])


def matches_record(tags: list[str], model, slug: str, version: int) -> bool:
    """Whether one of ``tags`` is a tag of this record at this version (If-Match)."""
    expected = record_part(model, slug, version)
    return any(
        (found := tag_record(tag)) is not None and hmac.compare_digest(found, expected) for tag in tags
    )


def none_match(request) -> list[str]:
    """The strong tags of If-None-Match (``*`` included); a weak tag never matches."""
    header = request.headers.get("If-None-Match")
    return parse_etags(header) if header else []


class ConditionalGetMiddleware(http_middleware.ConditionalGetMiddleware):
    """Django's (an MD5 of the body, and 304s) for answers that are representations (2xx) only:
    an error or a 429 has no representation to revalidate."""

    def needs_etag(self, response):
        return 200 <= response.status_code < 300 and super().needs_etag(response)

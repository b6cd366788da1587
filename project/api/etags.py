"""ETags that cost no rendering: a conditional GET answered 304 reads one cache key.

A representation depends on its record and on every record it shows (a nested actor's name,
a cited document's title). Rather than hashing the body (a full render for every 304), every
tag is a hash of

* the **data generation**: a random token in the shared cache, replaced whenever any record,
  citation, alias or relation of the three apps is saved or deleted (signals, at once and
  again when the transaction commits, so a tag issued between the two is never kept), after
  ``migrate``, and by the bulk writers that bypass signals (``synth``, ``restore``);
* the request's absolute URL (scheme, host, path and query: the body's links are absolute),
  the representation (JSON or CSV) and whether the caller sees drafts;
* for a detail, the record's ``version``, which the tag also carries in clear
  (``"<version>-<hash>"``) so a write's ``If-Match`` is checked against the record's version.

Within one generation the same request renders the same bytes, so the tag is strong. When the
generation is lost (cache flushed, entry evicted) a new one is drawn and every tag is simply
stale. When the cache does not answer, tags fall back to an MD5 of the rendered body.
"""

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.http import parse_etags, quote_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "api:data-generation"
APPS = {"events", "actors", "documents"}


def generation() -> str | None:
    """The current data generation, drawn if missing; None when the cache does not answer."""
    try:
        current = cache.get(GENERATION_KEY)
        if current is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            current = cache.get(GENERATION_KEY)
        return current
    except Exception:  # any cache backend error: fall back to hashing bodies
        logger.exception("ETag generation unavailable: the cache does not answer")
        return None


def _renew() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception as error:  # e.g. before createcachetable; tags fall back to body hashes
        logger.warning("ETag generation not renewed: the cache does not answer (%s)", error)


def data_changed() -> None:
    """Every tag issued so far is stale: now, and again once the current transaction commits."""
    _renew()
    transaction.on_commit(_renew)


def _on_change(sender, **kwargs) -> None:
    if sender._meta.app_label in APPS:
        data_changed()


def _on_migrate(sender, **kwargs) -> None:
    if sender.label in APPS:
        _renew()


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="etags-save")
    post_delete.connect(_on_change, dispatch_uid="etags-delete")
    m2m_changed.connect(_on_change, dispatch_uid="etags-m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="etags-migrate")


def tag_for(current: str, url: str, variant: str, version: int | None = None) -> str:
    """The tag of the representation of ``url`` (absolute) within generation ``current``."""
    key = "\n".join([current, url, variant, "" if version is None else str(version)])
    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
    return quote_etag(digest if version is None else f"{version}-{digest}")


def tag_version(tag: str) -> int | None:
    """The record version a detail's tag carries, or None for any other tag."""
    head, dash, _ = tag.strip('"').partition("-")
    return int(head) if dash and head.isascii() and head.isdigit() and len(head) < 19 else None


def none_match(request) -> list[str]:
    """The strong tags of If-None-Match (``*`` included); a weak tag never matches."""
    header = request.headers.get("If-None-Match")
    return parse_etags(header) if header else []

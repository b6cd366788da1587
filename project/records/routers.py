"""Reads of the public data from a replica, when DATABASE_REPLICA_URL adds one (settings).

The replica answers what a GET, HEAD or OPTIONS request reads of the three data apps, the bulk
of the load. Everything else reads the default database, because it must see its own writes:

* a request that writes (POST, PUT, PATCH, DELETE): its ``If-Match`` check, its save and the
  re-read of what it saved (after the transaction) see the same rows, never a lagging copy;
* anything inside a transaction on the default database (an admin save, ``ingest``);
* management commands (``load_seed`` decides what to add by what it reads);
* sessions, users, tokens and the database cache (throttle counts, the ETags' data generation):
  a login is read on the next request, a count right after it is written.

Writes and migrations go to the default database only; the replica gets them by replication.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections

from .relations import data_apps

REPLICA = "replica"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Whether the current request only reads; a context variable, so threads and tasks keep their own.
reading = ContextVar("reading", default=False)


def _started(sender, environ=None, **kwargs) -> None:
    reading.set((environ or {}).get("REQUEST_METHOD") in SAFE_METHODS)


def _finished(sender, **kwargs) -> None:
    reading.set(False)


def connect() -> None:
    """Called at startup (project/apps.py): routers are made at the first query, after the
    first request has started, so the router itself would not hear that request start."""
    request_started.connect(_started, dispatch_uid="replica-router-started")
    request_finished.connect(_finished, dispatch_uid="replica-router-finished")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            reading.get()
            and model._meta.app_label in data_apps()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one set of rows, whichever copy it was read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Also keeps createcachetable from creating its table on the replica.
        return db == DEFAULT_DB_ALIAS

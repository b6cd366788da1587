"""Suite-wide fixtures and markers.

The test database gets the cache table the throttles count in, as `make run` and a production
start create it (`manage.py createcachetable`).

Every test that touches the database (pytest-django's ``django_db`` marker, or a fixture that
opens it: ``db``, ``transactional_db``, ``live_server``, ``admin_client``, ...) is marked
``database`` here, so CI runs the others once and only these on each database (``-m database``,
``-m "not database"``). ``slow`` marks the few long tests (fuzzing, stateful machines, the
generated clients, whole commands run in other processes, the browser): `make test-fast` leaves
them out. ``fuzzing`` marks the longest two (Schemathesis, the stateful machine), which CI runs
on PostgreSQL in a pass of their own.
"""

import copy
import itertools

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import transaction

# The live server answers HTTP/1.1 keep-alive connections, writing headers and body in separate
# sends; with Nagle's algorithm on, each response then waits for the client's delayed ACK
# (40 ms on Linux). Measured on one connection: 51 ms a request with it, 8 ms without. The
# fuzzing and generated-client tests send thousands of requests through it.
WSGIRequestHandler.disable_nagle_algorithm = True

# Fixtures through which a test reaches the database without carrying the marker itself.
DATABASE_FIXTURES = {"_django_db_helper", "db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """``make_cited_world(8)`` built once per module, as Django's ``TestCase.setUpTestData`` builds
    a class's data: in a transaction left open while the module's tests run, each test's own
    transaction a savepoint inside it, all rolled back when the module ends. Building it per test
    cost 1.3 s each, about 200 times a pass. A module that uses it holds no transactional test
    (those run on other connections, which could not see the world)."""
    from tests.factories import make_cited_world

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        world = make_cited_world(8)
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed fixtures, loaded once for the module; each test's own writes are rolled back."""
    from tests.factories import empty_database

    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        yield
        empty_database()


@pytest.fixture
def seed(seeded, db):
    return None


@pytest.fixture
def world(shared_world, db):
    """The module's cited world, the instances copied so a test's changes to them stay its own."""
    return copy.deepcopy(shared_world)


# pytest-django's hook (tryfirst) has put the transactional tests last by now; pytest's own, which
# selects by marker (-m), comes after this one.
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.database)
    # Within each run of one module's tests, those that use the shared world go last: once it is
    # built it stays until the module ends, and the others may count on an empty database.
    runs = itertools.groupby(items, key=lambda item: item.path)
    items[:] = [
        item for _, run in runs for item in sorted(run, key=lambda item: "shared_world" in item.fixturenames)
    ]

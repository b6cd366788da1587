"""Suite-wide fixtures and markers.

The test database gets the cache table the throttles count in, as `make run` and a production
start create it (`manage.py createcachetable`).

Every test that touches the database (pytest-django's ``django_db`` marker, or a fixture that
opens it: ``db``, ``transactional_db``, ``live_server``, ``admin_client``, ...) is marked
``database`` here, so CI runs the others once and only these on each database (``-m database``,
``-m "not database"``). ``slow`` marks the few long tests (fuzzing, stateful machines, the
generated clients) that CI runs beside the rest rather than after it.
"""

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler

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


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.database)

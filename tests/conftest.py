"""Suite-wide fixtures: the test database gets the cache table the throttles count in, as
`make run` and a production start create it (`manage.py createcachetable`)."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)

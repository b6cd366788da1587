import pytest
from django.core.management import call_command


@pytest.fixture
def curator(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def seeded_curator(curator):
    call_command("load_seed", verbosity=0)
    return curator

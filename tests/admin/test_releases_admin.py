"""Releases in the admin: readable, never written there (the command writes a release with its
folder, and a cited version must stay what it was), not even by a superuser."""

import io

import pytest
from django.core.management import call_command

from project.releases.models import Release

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(seed, settings, tmp_path):
    settings.RELEASES_ROOT = tmp_path
    call_command("release", "1.0.0", stdout=io.StringIO())
    return Release.objects.get(version="1.0.0")


def test_a_release_is_shown_and_cannot_be_added_changed_or_deleted(admin_client, release):
    change = f"/admin/releases/release/{release.pk}/change/"
    assert admin_client.get("/admin/releases/release/").status_code == 200
    page = admin_client.get(change)
    assert page.status_code == 200 and b"1.0.0" in page.content and b'name="_save"' not in page.content
    assert admin_client.get("/admin/releases/release/add/").status_code == 403
    assert admin_client.post(change, {"version": "9.9.9", "citation": "changed"}).status_code == 403
    assert (
        admin_client.post(f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    actions = {"action": "delete_selected", "_selected_action": [release.pk], "post": "yes"}
    admin_client.post("/admin/releases/release/", actions)
    release.refresh_from_db()
    assert (release.version, Release.objects.count()) == ("1.0.0", 1)

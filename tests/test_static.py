"""With DEBUG off, as in production: static files collected into a manifest, every page that uses
them renders, and WhiteNoise serves what they reference."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ProductionStaticStorage(CompressedManifestStaticFilesStorage):
    """The production storage as the API's own install has it: gzip only. Brotli comes into the
    test environment with a load-test tool, not with the API, and compressing every asset with it
    tripled this module's setup."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)


PRODUCTION_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "tests.test_static.ProductionStaticStorage"},
}
PRODUCTION_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *settings.MIDDLEWARE[1:],
]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def production(collected):
    assert settings.DEBUG is False
    with override_settings(
        STATIC_ROOT=collected,
        STORAGES=PRODUCTION_STORAGES,
        MIDDLEWARE=PRODUCTION_MIDDLEWARE,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        yield Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/login/", "/api/docs/", "/api/redoc/"])
def test_pages_render_with_debug_off_and_their_assets_are_served(production, url):
    response = production.get(url)
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    assets = re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html)
    assert assets, "the page references its static files"
    for asset in assets:
        # Hashed names from the manifest, served by WhiteNoise with a long cache lifetime.
        assert re.search(r"\.[0-9a-f]{12}\.", asset), asset
        served = production.get(asset)
        assert served.status_code == 200, asset
        assert "immutable" in served["Cache-Control"]


@pytest.mark.django_db
def test_admin_pages_render_for_a_curator_with_debug_off(production, admin_user):
    production.force_login(admin_user)
    for url in ["/admin/", "/admin/events/conflict/", "/admin/events/conflict/add/"]:
        assert production.get(url).status_code == 200, url

"""The releases' routes: the API's list and detail, and the files' downloads."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api.views import ReleaseViewSet
from .views import release_file

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = False
router.register("releases", ReleaseViewSet)

api_urls = [path("v1/", include(router.urls))]
download_urls = [path("<str:version>/<path:name>", release_file, name="release-file")]

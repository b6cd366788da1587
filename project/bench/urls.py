"""The site's URLs plus the floor the benchmark measures the API against."""

from django.urls import path

from project.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

from . import floor

urlpatterns = [
    *urlpatterns,
    path("bench/floor/events/", floor.events),
    path("bench/floor/events/export.jsonl", floor.events_export),
    path("bench/floor/reactions/", floor.reactions),
    path("bench/floor/conflicts/<slug:slug>/", floor.conflict),
]

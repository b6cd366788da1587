"""The site's URLs plus the floor the benchmark measures the API against."""

from django.urls import path

from project.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

from . import floor, rawfloor

urlpatterns = [
    *urlpatterns,
    path("bench/floor/events/", floor.events),
    path("bench/floor/events/export.jsonl", floor.events_export),
    path("bench/floor/events/<slug:slug>/", floor.event),
    path("bench/floor/reactions/", floor.reactions),
    path("bench/floor/conflicts/<slug:slug>/", floor.conflict),
    # The stricter floor: raw SQL on a DB-API cursor (project/bench/rawfloor.py).
    path("bench/raw/events/", rawfloor.events),
    path("bench/raw/events/<slug:slug>/", rawfloor.event),
]

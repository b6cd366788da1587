"""The production settings plus the floor's views (project.bench.floor), for `make bench` only."""

from project.settings import *  # noqa: F403

ROOT_URLCONF = "project.bench.urls"

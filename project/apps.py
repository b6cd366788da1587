from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The framework under the apps: installed last, so that every app's models are loaded when it
    wires the rules that hold for all of them."""

    name = "project"

    def ready(self):
        from project.api import etags
        from project.records import review, routers

        review.connect()  # the trust boundary, on every write of every path
        etags.connect()  # every write makes the tags it could change stale
        routers.connect()  # the replica router hears each request start

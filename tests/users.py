"""Users with exactly the permissions a test names, for trying each path as someone who lacks one."""

from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

MODELS = {
    "documents": ["document"],
    "actors": ["actor", "combatant", "commander"],
    "events": ["conflict", "event", "reaction", "demand", "place", "loss"],
}
# Rows that belong to a record and have no review state (so no publish permission) of their own.
ROWS = {"documents": ["citation"], "actors": ["actoralias"], "events": ["placealias"]}


def every(*verbs: str) -> list[str]:
    """``app.verb_model`` for every record model (and row model, but for publish) and each of ``verbs``."""
    found = [f"{app}.{verb}_{model}" for app, models in MODELS.items() for model in models for verb in verbs]
    rows = [f"{app}.{verb}_{model}" for app, models in ROWS.items() for model in models for verb in verbs]
    return found + [row for row in rows if ".publish_" not in row]


def user_with(name: str, permissions: list[str], staff: bool = True) -> User:
    user = User.objects.create_user(name, is_staff=staff)
    for permission in permissions:
        app, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    return User.objects.get(pk=user.pk)  # no cached permissions


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client

"""Health for load balancers: is the database answering, is the cache answering."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

logger = logging.getLogger(__name__)


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "unavailable"], help_text="`ok` when every check passes.")
    database = serializers.CharField(help_text="`ok`, or what failed.")
    cache = serializers.CharField(help_text="`ok`, or what failed.")


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health: database unavailable: %s", error)
        return f"unavailable ({type(error).__name__})"
    return "ok"


def check_cache() -> str:
    try:
        cache.set("health-check", "ok", 5)
        if cache.get("health-check") != "ok":
            return "unavailable (a value written was not read back)"
    except Exception as error:  # any backend's failure (Redis down, table missing) is "unavailable"
        logger.warning("health: cache unavailable: %s", error)
        return f"unavailable ({type(error).__name__})"
    return "ok"


class HealthView(APIView):
    """200 when the database and the cache answer, 503 naming what does not. Never throttled."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        operation_id="health",
        summary="Health for load balancers",
        tags=["health"],
        responses={200: HealthSerializer, 503: HealthSerializer},
    )
    def get(self, request):
        checks = {"database": check_database(), "cache": check_cache()}
        healthy = all(value == "ok" for value in checks.values())
        return Response(
            {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
        )

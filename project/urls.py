"""Root URLs: the admin and, under /api/v1/, the read API."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]

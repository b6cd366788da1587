"""Releases in the admin, read-only: the command writes them and they never change."""

from django.contrib import admin

from .models import Release, ReleaseFile


class ReleaseFileInline(admin.TabularInline):
    model = ReleaseFile
    fields = ("name", "bytes", "sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ("version", "created", "previous")
    readonly_fields = ("version", "created", "previous", "citation", "changes")
    fields = readonly_fields
    inlines = [ReleaseFileInline]

    def has_add_permission(self, request):
        return False  # `manage.py release` makes them, with their folder

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a cited version must stay what it was

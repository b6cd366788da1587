"""Releases as the API shows them: what to cite, what changed, and each file to fetch and check."""

from django.urls import reverse
from rest_framework import serializers

from project.releases.models import Release, ReleaseFile


class ReleaseFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="Where to download the file (immutable, cacheable for good)."
    )

    class Meta:
        model = ReleaseFile
        fields = ["name", "bytes", "sha256", "url"]

    def get_url(self, file) -> str:
        path = reverse("release-file", args=[file.release.version, file.name])
        return self.context["request"].build_absolute_uri(path)


class TableChangesSerializer(serializers.Serializer):
    added = serializers.IntegerField(min_value=0, help_text="Rows added since the previous release.")
    changed = serializers.IntegerField(min_value=0, help_text="Rows whose values changed (same key).")
    removed = serializers.IntegerField(min_value=0, help_text="Rows gone since the previous release.")


class ReleaseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="release-detail", lookup_field="version", help_text="This release's detail."
    )
    previous = serializers.SerializerMethodField(
        help_text="The version its changes are counted against; null for the first release."
    )
    changes = serializers.DictField(
        child=TableChangesSerializer(),
        help_text="Per table with any change (e.g. `events`, `events_citations`), how many rows were added, "
        "changed and removed since the previous release; row by row in its CHANGELOG.md and changes.json.",
    )

    class Meta:
        model = Release
        fields = ["version", "url", "created", "previous", "citation", "changes"]

    def get_previous(self, release) -> str | None:
        return release.previous or None


class ReleaseDetailSerializer(ReleaseSerializer):
    """A release with its files: datapackage.json lists the same sizes and SHA-256s for all but itself."""

    files = ReleaseFileSerializer(many=True, read_only=True, help_text="Every file of the release, by name.")

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "files"]

"""What every record's admin shares: review state, versions that refuse stale saves, history.

- Publishing: "Publish" and "Back to draft" actions on every list (one row or many), by the
  rules of ``project.records.review``; the review state is read-only on the form.
- No lost updates: each change form carries the version it was opened at (a hidden field).
  Saving after someone else saved is refused with a message naming who changed which fields
  meanwhile, and the curator's input stays on the page. The database update itself is
  conditional too (``Record.save``), so even a save racing the check cannot win silently.
- History: django-simple-history's admin (the "History" button): every version with who,
  when, and each changed field's old and new value; a curator can revert to any version.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import review
from .admin_lists import shorten
from .base import ReviewState, StaleVersion
from .history import change_reason, changes


def changes_since(record, version: int) -> str:
    """Who changed which fields of ``record`` after ``version``, in one sentence."""
    entries = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    parts = []
    for index, entry in enumerate(entries):
        if index == 0 or (getattr(entry, "version", 0) or 0) <= version:
            continue
        fields = [
            c["field"] for c in changes(entry, entries[index - 1]) if c["field"] not in {"updated", "version"}
        ]
        who = entry.history_user.get_username() if entry.history_user else "someone"
        parts.append(f"{who} changed {', '.join(fields) or 'nothing visible'}")
    return "; ".join(parts) or "it was saved again"


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return ", ".join(sorted(str(item) for item in value)) or "(none)"
    return shorten(str(value), 120)


class VersionedForm(forms.ModelForm):
    """A record's form that remembers the version it was opened at and refuses a stale save.

    A stale save keeps the curator's input and names, field by field, their value beside the
    one now stored; ticking "save mine over version N" then saves theirs knowingly (over that
    version only: a newer save refuses it again). The trust boundary is checked here too, so a
    published record's form says which field names a draft rather than failing on save.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        widget=forms.HiddenInput,
        required=False,
        label="Save mine over the newer version",
        help_text="Your values replace the ones shown as now stored.",
    )

    def clean_version(self):
        if self.instance.pk is None:
            return self.instance.version  # a new record starts at its model default
        return self.cleaned_data.get("version")

    # Text boxes whose line endings are the source's own (a document's text); every other text box
    # is stored with LF, whatever the browser sent (HTML submits a textarea's line breaks as CRLF).
    keep_line_endings: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            field = self.fields.get(name)
            if isinstance(value, str) and field is not None and isinstance(field.widget, forms.Textarea):
                if name not in self.keep_line_endings:
                    cleaned[name] = value.replace("\r\n", "\n")
        instance = self.instance
        if instance.pk is None:
            return cleaned
        if not self.reverting:
            self.refuse_stale(cleaned)
        if review.stored_state(instance) == ReviewState.PUBLISHED:
            values = {name: value for name, value in cleaned.items() if name in self.fields}
            for name, messages in review.draft_references(instance, values).items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned

    def refuse_stale(self, cleaned) -> None:
        instance = self.instance
        opened_at = cleaned.get("version")
        stored = type(instance).objects.filter(pk=instance.pk).first()
        if opened_at is None:
            raise ValidationError("This form did not say which version it edits; reload the page.")
        if stored is None or opened_at == stored.version:
            return
        if cleaned.get("overwrite") and cleaned.get("seen_version") == stored.version:
            cleaned["version"] = stored.version  # knowingly over the version they were shown
            return
        # Keep the input, show what differs, and offer to save it over this version.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = str(stored.version)
        self.data.pop(self.add_prefix("overwrite"), None)
        self.fields["overwrite"].widget = forms.CheckboxInput()
        self.fields["overwrite"].label = f"Save mine over version {stored.version}"
        differences = []
        for name, field in self.fields.items():
            if name in {"version", "seen_version", "overwrite"} or name not in cleaned:
                continue
            now = getattr(stored, name, None)
            now = list(now.all()) if hasattr(now, "all") else now
            theirs = cleaned[name]
            if _shown(theirs) != _shown(now):
                differences.append(
                    f"{field.label or name}: yours “{_shown(theirs)}”, now stored “{_shown(now)}”."
                )
        raise ValidationError(
            [
                f"This {instance._meta.verbose_name} was changed after you opened it (your version "
                f"{opened_at}, now {stored.version}): {changes_since(instance, opened_at)}. Nothing of "
                "yours was saved; your input is kept below.",
                *differences,
                f"To keep your values over version {stored.version}, tick “Save mine over version "
                f"{stored.version}” and save again; to take the new values, reload the page.",
            ],
            code="stale",
        )

    reverting = False


class CuratedAdmin(SimpleHistoryAdmin):
    """Base of every record's admin: review state, version checks, history with values.

    What the public sees changes only with the model's publish permission: without it the
    publishing actions are not offered, and a published record's page is read-only (the rules
    themselves are ``project.records.review``'s, which every save passes through).
    """

    form = VersionedForm
    actions = ["publish", "back_to_draft"]

    def has_publish_permission(self, request) -> bool:
        return review.may_publish(request.user, self.model)

    def _may_touch(self, request, obj) -> bool:
        return obj is None or not obj.is_published or self.has_publish_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "review_state")

    def get_list_display(self, request):
        shown = tuple(super().get_list_display(request))
        return shown if "review_state" in shown else (*shown, "review_state")

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        return filters if "review_state" in filters else (*filters, "review_state")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "reverting_history", None) is not None:
            # A revert saves an old version's values over the current version: that is the point.
            return type(form.__name__, (form,), {"reverting": True})
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        entry = self.model.history.filter(history_id=version_id).values_list("version", flat=True).first()
        request.reverting_history = entry or 0
        return self.refusals_as_messages(
            request, super().history_form_view, request, object_id, version_id, extra_context
        )

    def save_model(self, request, obj, form, change):
        if getattr(request, "reverting_history", None) is not None and obj.pk is not None:
            # The old version's values, over the current version; its review state stays as it is
            # (publishing is not a revert's to change), and the history says it was a revert.
            current = type(obj).objects.filter(pk=obj.pk).values_list("version", "review_state").first()
            obj.version, obj.review_state = current
            with change_reason(f"reverted to version {request.reverting_history}"):
                super().save_model(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)

    def refusals_as_messages(self, request, view, *args):
        """Run an admin view; a save refused on the way (a concurrent save, the trust boundary in
        an inline) rolled everything back: say so on the page it came from."""
        try:
            return view(*args)
        except (StaleVersion, review.DraftReference, review.PublishRefused) as error:
            text = str(error) if not isinstance(error, ValidationError) else " ".join(error.messages)
            self.message_user(request, f"Nothing was saved: {text}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.refusals_as_messages(
            request, super().changeform_view, request, object_id, form_url, extra_context
        )

    def review(self, request, queryset, change, done: str, refused: str) -> None:
        """Run a review change over the selection and say what came of it."""
        try:
            changed = change(list(queryset))
        except (ValidationError, PermissionDenied) as error:
            reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
            for message in [*reasons, refused]:
                self.message_user(request, message, messages.ERROR)
            return
        self.message_user(request, done.format(len(changed)), messages.SUCCESS)

    @admin.action(
        description="Publish the selected records (and the drafts they refer to)", permissions=["publish"]
    )
    def publish(self, request, queryset):
        self.review(request, queryset, review.publish, "Published {} record(s).", "Nothing was published.")

    @admin.action(description="Take the selected records back to draft", permissions=["publish"])
    def back_to_draft(self, request, queryset):
        self.review(
            request,
            queryset,
            review.unpublish,
            "{} record(s) are drafts again.",
            "Nothing was taken back to draft.",
        )

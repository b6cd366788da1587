"""What every record's admin shares: review state, versions that refuse stale saves, history.

- Publishing: "Publish" and "Back to draft" actions on every list (one row or many), by the
  rules of ``project.review``; the review state is read-only on the form.
- No lost updates: each change form carries the version it was opened at (a hidden field).
  Saving after someone else saved is refused with a message naming who changed which fields
  meanwhile, and the curator's input stays on the page. The database update itself is
  conditional too (``Record.save``), so even a save racing the check cannot win silently.
- History: django-simple-history's admin (the "History" button): every version with who,
  when, and each changed field's old and new value; a curator can revert to any version.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import review
from .history import changes
from .records import StaleVersion


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


class VersionedForm(forms.ModelForm):
    """A record's form that remembers the version it was opened at and refuses a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_version(self):
        if self.instance.pk is None:
            return self.instance.version  # a new record starts at its model default
        return self.cleaned_data.get("version")

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or self.reverting:
            return cleaned
        opened_at = cleaned.get("version")
        stored = type(instance).objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        if opened_at is None:
            raise ValidationError("This form did not say which version it edits; reload the page.")
        if stored is not None and opened_at != stored:
            raise ValidationError(
                f"This {instance._meta.verbose_name} was changed after you opened it (your version {opened_at}, "
                f"now {stored}): {changes_since(instance, opened_at)}. Nothing of yours was saved: open it "
                "again to see the new values, then reapply your change.",
                code="stale",
            )
        return cleaned

    reverting = False


class CuratedAdmin(SimpleHistoryAdmin):
    """Base of every record's admin: review state, version checks, history with values."""

    form = VersionedForm
    actions = ["publish", "back_to_draft"]

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
        if getattr(request, "reverting_history", False):
            # A revert saves an old version's values over the current version: that is the point.
            return type(form.__name__, (form,), {"reverting": True})
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "reverting_history", False) and obj.pk is not None:
            obj.version = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as error:
            # Someone saved between this form's check and its save; nothing of this save was kept.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def review(self, request, queryset, change, done: str, refused: str) -> None:
        """Run a review change over the selection and say what came of it."""
        try:
            changed = change(list(queryset))
        except ValidationError as error:
            for message in [*error.messages, refused]:
                self.message_user(request, message, messages.ERROR)
            return
        self.message_user(request, done.format(len(changed)), messages.SUCCESS)

    @admin.action(description="Publish the selected records (and the drafts they refer to)")
    def publish(self, request, queryset):
        self.review(request, queryset, review.publish, "Published {} record(s).", "Nothing was published.")

    @admin.action(description="Take the selected records back to draft")
    def back_to_draft(self, request, queryset):
        self.review(
            request,
            queryset,
            review.unpublish,
            "{} record(s) are drafts again.",
            "Nothing was taken back to draft.",
        )

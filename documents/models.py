"""Source documents and citations: (document, start, end) spans quoted verbatim."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import models

from project.records.base import Record, whole_number
from project.records.dates import UncertainDate, date_bounds_ordered, date_indexes
from project.records.history import History

from .licences import NEEDS_ATTRIBUTION, Licence

# RFC 3986's URI: ASCII, and nothing outside its reserved and unreserved characters unless
# percent-encoded. Django's URLValidator also takes IRIs (non-ASCII hosts and paths) and some
# characters a URI must encode; the spec says `format: uri`, and clients validate by it.
URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*", re.ASCII
)


def validate_uri(value: str) -> None:
    if value and not URI.fullmatch(value):
        raise ValidationError(
            "Give the address as a URI (RFC 3986): ASCII only, with spaces and other characters "
            "percent-encoded (a space is %20, é is %C3%A9)."
        )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Document(Record, UncertainDate):
    """A source document kept whole: every citation is a span of its ``text``.

    ``date`` is the publication date (EDTF), which also serves as the reference
    date that relative dates in the text ("last year") resolve against.
    ``body_start`` / ``body_end`` delimit the document proper, excluding web
    boilerplate such as a news site's footer.
    """

    class Kind(models.TextChoices):
        ENCYCLOPEDIA_ARTICLE = "encyclopedia_article", "Encyclopedia article"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        NEWS_REPORT = "news_report", "News report"
        PRESS_RELEASE = "press_release", "Press release"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True, validators=[validate_uri])
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 language tag.")
    text = models.TextField(help_text="The full text, byte for byte as received.")
    body_start = whole_number(default=0)
    body_end = whole_number(
        blank=True, help_text="End of the document proper in ``text`` (defaults to its length)."
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    licence = models.CharField(
        max_length=32,
        choices=Licence.choices,
        blank=True,
        default=Licence.NOT_STATED,
        help_text="The source's licence as an SPDX identifier; empty when the source states none.",
    )
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text="Whom to credit when the text or facts from it are reused, as the source or its "
        "publisher names them; required by a licence that asks for attribution.",
    )

    brief_columns = ("title",)
    brief_source = "title"
    brief_help = "The document's title."

    def brief_name(self) -> str:
        return self.title

    class Meta(Record.Meta):
        constraints = [
            date_bounds_ordered(),
            models.CheckConstraint(
                condition=models.Q(body_start__lte=models.F("body_end")),
                name="document_body_span_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["date_earliest", "date_latest"], name="document_date_bounds"),
            *date_indexes("document"),
        ]

    def __str__(self):
        return self.title

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]

    def clean(self):
        self.refuse_cited_text_change()
        self.derive_text_fields()
        self.require_attribution()

    def require_attribution(self) -> None:
        """A licence that asks for credit (CC BY, ODbL) is useless to a reuser without a name to credit."""
        if self.licence in NEEDS_ATTRIBUTION and not self.attribution.strip():
            raise ValidationError(
                {"attribution": f"The licence {self.licence} requires attribution: say whom to credit."}
            )

    def refuse_cited_text_change(self) -> None:
        """Raise ValidationError if this save would change the text that citations point into.

        Every citation is a pair of offsets into ``text``: changing one character shifts or
        breaks them all. ``documents.reanchor.replace_text`` is the one way to change a cited
        text; it places every quote again and sets ``_reanchoring`` while it saves.
        """
        if self.pk is None or getattr(self, "_reanchoring", False):
            return
        stored = Document.objects.filter(pk=self.pk).values_list("text", flat=True).first()
        if stored is None or stored == self.text:
            return
        cited = Citation.objects.filter(document_id=self.pk).count()
        if cited:
            raise ValidationError(
                {
                    "text": f"The text of {self.slug!r} cannot change: {cited} citation(s) point into it. "
                    "Use `manage.py replace_text` to replace it and place every quote again."
                }
            )

    def derive_text_fields(self) -> None:
        """Hash the text, default the body to all of it, and refuse a body past its end."""
        self.content_hash = content_hash(self.text)
        if self.body_end is None:
            self.body_end = len(self.text)
        if self.body_end > len(self.text):
            raise ValidationError(
                {"body_end": f"body_end {self.body_end} is past the end of the text ({len(self.text)})."}
            )


class CitationManager(models.Manager):
    def get_by_natural_key(self, document_slug, start, end):
        return self.get(document__slug=document_slug, start=start, end=end)


class Citation(models.Model):
    """A verbatim span of a document: ``document.text[start:end] == quote`` always holds."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="citations")
    start = whole_number(help_text="Offset of the first character (0-based).")
    end = whole_number(help_text="Offset one past the last character.")
    quote = models.TextField(help_text="The cited words, exactly as in the document.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = CitationManager()
    history = History()

    class Meta:
        ordering = ["document__slug", "start", "end"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__gte=0) & models.Q(end__gt=models.F("start")),
                name="citation_span_ordered",
            ),
            models.UniqueConstraint(fields=["document", "start", "end"], name="citation_unique_span"),
        ]

    def __str__(self):
        return f"{self.document.slug}[{self.start}:{self.end}] {self.quote[:60]!r}"

    def natural_key(self):
        return (self.document.slug, self.start, self.end)

    natural_key.dependencies = ["documents.document"]

    def check_quote(self) -> None:
        """Raise ValidationError unless the quote is the document's text at the offsets."""
        text = Document.objects.values_list("text", flat=True).get(pk=self.document_id)
        if text[self.start : self.end] != self.quote:
            raise ValidationError(
                f"Citation quote {self.quote[:80]!r} does not match the text of document "
                f"{self.document_id} at [{self.start}:{self.end}]: "
                f"{text[self.start : self.end][:80]!r}."
            )

    def clean(self):
        """Report a quote that is not the document's text at the offsets as an error on ``quote``.

        The pre_save signal makes the same check on every save; running it here lets a form
        show it beside the field instead of failing the save.
        """
        super().clean()
        if self.document_id is None or self.start is None or self.end is None:
            return  # the missing field is reported on its own
        try:
            self.check_quote()
        except Document.DoesNotExist:
            return  # the document field reports an unknown document
        except ValidationError as error:
            raise ValidationError({"quote": error.messages}) from error

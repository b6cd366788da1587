"""Integrity checks that must hold for every save, fixture loads (raw saves) included."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from project.records.dates import UncertainDate

from .models import Citation, Document


@receiver(pre_save)
def derive_date_bounds(sender, instance, **kwargs):
    # Connected for every model: the bounds are derived, never trusted from input.
    if isinstance(instance, UncertainDate):
        instance.derive_date_bounds()


@receiver(pre_save, sender=Document)
def hash_document(sender, instance, **kwargs):
    instance.refuse_cited_text_change()
    instance.derive_text_fields()


@receiver(pre_save, sender=Citation)
def check_citation_quote(sender, instance, **kwargs):
    instance.check_quote()

"""The model layer every app builds on, knowing no app: the record base, uncertain dates, history,
the trust boundary (review), what refers to what (relations), the admin's shared pieces and the
replica router."""

# Django orders a model's fields by when they were made, and the fixtures follow that order: the
# uncertain date's fields come before the record's, as they always have, whichever module an app
# imports first.
# isort: off
from . import dates  # noqa: F401
from . import history, base  # noqa: F401
# isort: on

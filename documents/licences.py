"""The licences a source document can be under: SPDX identifiers, their names and deeds.

A release carries each source's licence and attribution into its package (``licenses`` and
``sources``), so a licence is stored as an identifier a reader can look up, never as free text.
An empty licence means the source states none: nothing is assumed in its place.
"""

from django.db import models


class Licence(models.TextChoices):
    NOT_STATED = "", "Not stated by the source"
    CC_BY_4_0 = "CC-BY-4.0", "Creative Commons Attribution 4.0 International"
    CC_BY_SA_4_0 = "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International"
    CC0_1_0 = "CC0-1.0", "Creative Commons Zero v1.0 Universal"
    ODBL_1_0 = "ODbL-1.0", "Open Data Commons Open Database License v1.0"
    PDDL_1_0 = "PDDL-1.0", "Open Data Commons Public Domain Dedication and License v1.0"


# Where each licence's text is published (the `path` a Data Package's licence carries).
LICENCE_URLS = {
    Licence.CC_BY_4_0: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4_0: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0_1_0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL_1_0: "https://opendatacommons.org/licenses/odbl/1-0/",
    Licence.PDDL_1_0: "https://opendatacommons.org/licenses/pddl/1-0/",
}

# Licences whose terms require crediting the source: a document under one names whom to credit.
NEEDS_ATTRIBUTION = {Licence.CC_BY_4_0, Licence.CC_BY_SA_4_0, Licence.ODBL_1_0}

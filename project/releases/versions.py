"""Release versions: MAJOR.MINOR.PATCH, as semantic versioning numbers them, and their order."""

import re

VERSION = re.compile(r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})", re.ASCII)


class VersionError(ValueError):
    """Not a release version; the message says what one looks like."""


def parse(version: str) -> tuple[int, int, int]:
    """(major, minor, patch) of ``version``; VersionError if it is not MAJOR.MINOR.PATCH.

    Pre-release and build suffixes are refused: a version names a folder and a URL path, and a
    plain triple orders itself without semantic versioning's rules for them.
    """
    match = VERSION.fullmatch(version)
    if not match:
        raise VersionError(
            f"{version!r} is not a release version: give MAJOR.MINOR.PATCH in whole numbers without "
            "leading zeros, e.g. 1.0.0 (bump MAJOR when a table or column goes or changes meaning, "
            "MINOR when one is added, PATCH when only the data changes)."
        )
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch

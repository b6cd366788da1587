"""The documentation site builds with `mkdocs build --strict`: a broken link or anchor, a page
missing from the nav or a nav entry with no page fails the suite, as it fails `make docs`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_docs_site_builds_strictly_and_works_offline(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # Material's notice about its successor
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every page of the nav is there, and the offline plugin's search index is a script a page
    # loads from a file (no server), not only the JSON a server would fetch.
    for page in ("index.html", "getting-started.html", "api/citations.html", "changelog.html"):
        assert (site / page).is_file(), page
    assert (site / "search" / "search_index.js").is_file()
    changelog = (site / "changelog.html").read_text(encoding="utf-8")
    assert "Unreleased" in changelog  # CHANGELOG.md is included, not a copy
    # Nothing is fetched from another host (fonts, scripts, styles): the site works offline.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and 'src="http' not in html, page

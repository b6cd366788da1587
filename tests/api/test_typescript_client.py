"""SDK proof for TypeScript: openapi-typescript types from the committed spec, used through
openapi-fetch, compile with ``tsc --strict`` and work against a live server.

The Node tools come from the npm registry at the versions pinned here, installed into the
session's temporary folder (npm's own cache makes later runs fast). Without npm or the
registry the test is skipped, saying so; every other failure fails it.
"""

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from events.models import Event
from tests.factories import make_cited_world

pytestmark = pytest.mark.slow  # builds a client with outside tools

# Exact versions, so every run compiles against the same generator and compiler.
NODE_TOOLS = ["openapi-typescript@7.9.1", "typescript@5.9.3", "openapi-fetch@0.17.0", "@types/node@20.19.39"]
PROGRAM = Path(__file__).parent / "typescript_client" / "client.ts"
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "target": "ES2022",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "types": ["node"],
        "skipLibCheck": False,
        "outDir": "dist",
    },
    "files": ["client.ts", "api.ts"],
}


def run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: the TypeScript client cannot be built here")
    folder = tmp_path_factory.mktemp("typescript-client")
    (folder / "package.json").write_text(json.dumps({"private": True, "type": "module"}), encoding="utf-8")
    installed = run(
        [npm, "install", "--no-audit", "--no-fund", "--save-exact", *NODE_TOOLS], folder, timeout=600
    )
    if installed.returncode != 0:
        pytest.skip(
            f"npm could not install {', '.join(NODE_TOOLS)} from the registry:\n{installed.stderr[-2000:]}"
        )
    generated = run(
        [
            str(folder / "node_modules/.bin/openapi-typescript"),
            str(settings.BASE_DIR / "openapi.yaml"),
            "-o",
            "api.ts",
        ],
        folder,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    shutil.copy(PROGRAM, folder / "client.ts")
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    return folder


def test_the_program_uses_no_casts_and_no_any():
    code = re.sub(r"//.*", "", PROGRAM.read_text(encoding="utf-8"))
    assert not re.search(r"\bas\b|\bany\b|<[A-Z]\w*>\s*\w|\w!\.", code), "casts would hide what the types say"


def test_types_generated_from_the_spec_compile_strict(project):
    compiled = run([str(project / "node_modules/.bin/tsc"), "-p", "tsconfig.json"], project)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    assert (project / "dist" / "client.js").exists()


def test_a_json_list_is_not_typed_as_csv_text(project):
    # If a list's 200 also documented text/csv, `data` would be `Page | string` and this would fail.
    probe = project / "probe.ts"
    probe.write_text(
        'import type { paths } from "./api.js";\n'
        'type Page = paths["/api/v1/events/"]["get"]["responses"][200]["content"];\n'
        'const mediaTypes: Array<keyof Page> = ["application/json"];\n'
        'const only: keyof Page extends "application/json" ? true : false = true;\n'
        "console.log(mediaTypes, only);\n",
        encoding="utf-8",
    )
    compiled = run(
        [str(project / "node_modules/.bin/tsc"), "--strict", "--noEmit", "--module", "NodeNext", "probe.ts"],
        project,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


@pytest.mark.django_db(transaction=True)
def test_the_compiled_client_lists_filters_fetches_and_walks(project, live_server):
    compiled = run([str(project / "node_modules/.bin/tsc"), "-p", "tsconfig.json"], project)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    make_cited_world(5)
    day = datetime.date(2024, 9, 1)
    result = run(["node", "dist/client.js", live_server.url, day.isoformat()], project, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    output = json.loads(result.stdout)

    expected = {
        e.slug for e in Event.objects.exclude(date="") if e.date_latest is None or e.date_latest >= day
    }
    assert set(output["filtered"]) == expected and expected
    first = Event.objects.get(slug=output["filtered"][0])
    quotes = [c.quote for c in first.citations.order_by("document__slug", "start", "end")]
    assert output["detail"] == {"slug": first.slug, "date": first.date, "quotes": quotes}
    assert sorted(output["walked"]) == sorted(Event.objects.values_list("slug", flat=True))
    assert len(output["walked"]) == len(set(output["walked"]))

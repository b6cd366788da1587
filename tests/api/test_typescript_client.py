"""SDK proof for TypeScript: openapi-typescript types from the committed spec, used through
openapi-fetch by the typical script tests/api/clients/openapi_fetch.ts, compile with
``tsc --strict`` and work against a live server.

The Node tools come from the npm registry at the versions pinned here (named in
docs/api/clients.md), installed by tests.node_tools.
"""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.api import clients
from tests.node_tools import npm_install, run, strict_tsconfig

pytestmark = pytest.mark.slow  # builds a client with outside tools

# Exact versions, so every run compiles against the same generator and compiler. TypeScript stays
# on 5.x: openapi-typescript 7 loads the compiler's API, which TypeScript 7 no longer ships.
NODE_TOOLS = ["openapi-typescript@7.13.0", "typescript@5.9.3", "openapi-fetch@0.17.0", "@types/node@20.19.39"]
PROGRAM = Path(__file__).parent / "clients" / "openapi_fetch.ts"
TSCONFIG = strict_tsconfig(["openapi_fetch.ts", "api.ts"])


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typescript-client")
    bin_folder = npm_install(folder, NODE_TOOLS)
    generated = run(
        [str(bin_folder / "openapi-typescript"), str(settings.BASE_DIR / "openapi.yaml"), "-o", "api.ts"],
        folder,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "warn" not in (generated.stdout + generated.stderr).lower(), generated.stdout + generated.stderr
    shutil.copy(PROGRAM, folder / PROGRAM.name)
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    compiled = run([str(bin_folder / "tsc"), "-p", "tsconfig.json"], folder)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return folder


def test_the_program_uses_no_casts_and_no_any():
    code = re.sub(r"//.*", "", PROGRAM.read_text(encoding="utf-8"))
    assert not re.search(r"\bas\b|\bany\b|<[A-Z]\w*>\s*\w|\w!\.", code), "casts would hide what the types say"


def test_types_generated_from_the_spec_compile_strict(project):
    assert (project / "dist" / "openapi_fetch.js").exists()


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
def test_the_typical_script_runs_against_a_live_server(project, live_server):
    arguments = clients.make_world()
    result = run(
        ["node", "dist/openapi_fetch.js", live_server.url, arguments["token"], arguments["event"]],
        project,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    clients.check(json.loads(result.stdout), arguments)


def test_the_docs_example_compiles_strict(project):
    page = (settings.BASE_DIR / "docs" / "api" / "clients.md").read_text(encoding="utf-8")
    [example] = [block for block in re.findall(r"```ts\n(.*?)```", page, re.S) if "openapi-fetch" in block]
    assert not re.search(r"\bas\b|\bany\b|\w!\.", re.sub(r"//.*", "", example))
    (project / "docs_example.ts").write_text(example, encoding="utf-8")
    tsconfig = {**TSCONFIG, "files": ["docs_example.ts", "api.ts"]}
    tsconfig["compilerOptions"] = {**TSCONFIG["compilerOptions"], "noEmit": True}
    (project / "tsconfig.docs.json").write_text(json.dumps(tsconfig), encoding="utf-8")
    compiled = run([str(project / "node_modules/.bin/tsc"), "-p", "tsconfig.docs.json"], project)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

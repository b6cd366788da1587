"""Clients from openapi-generator (the PyPI package openapi-generator-cli, which bundles the
generator and runs it with Java): its `python` and `typescript-fetch` clients, generated from the
committed spec into temporary folders, run the typical scripts of tests/api/clients against a
live server. If the generator cannot handle the spec, or warns about it, fix the spec, never the
generated code.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from events.models import Event
from tests.api import clients
from tests.node_tools import npm_install, run, strict_tsconfig

pytestmark = pytest.mark.slow  # builds two clients with outside tools

GENERATOR = Path(sys.executable).parent / "openapi-generator-cli"
SCRIPTS = Path(__file__).parent / "clients"
# The python generator (7.26) logs this for every spec, the smallest valid one with one path and
# one model included: a lookup inside the generator, naming nothing in the spec to fix.
GENERATOR_NOISE = "ModelUtils - Failed to get the schema name: null"
# The compiler for the TypeScript client, as tests/api/test_typescript_client.py pins it.
NODE_TOOLS = ["typescript@5.9.3", "@types/node@20.19.39"]
# --strict, as for the openapi-fetch client, without noUncheckedIndexedAccess (not part of strict):
# the generated runtime.ts indexes arrays unchecked.
TSCONFIG = strict_tsconfig(["generator_fetch.ts"], unchecked_index=True)


def generate(generator: str, output: Path, *options: str) -> None:
    if shutil.which("java") is None:
        pytest.skip("java is not installed: openapi-generator runs on Java (11 or later)")
    result = subprocess.run(
        [str(GENERATOR), "generate", "-i", str(settings.BASE_DIR / "openapi.yaml"), "-g", generator,
         "-o", str(output), *options],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    warnings = [
        line
        for line in log.splitlines()
        if re.search(r"\b(WARN|ERROR)\b", line) and GENERATOR_NOISE not in line
    ]
    assert warnings == [], "\n".join(warnings)


@pytest.fixture(scope="module")
def python_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generator-python")
    generate("python", folder, "--package-name", "coup_api")
    return folder


@pytest.fixture(scope="module")
def fetch_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generator-fetch")
    bin_folder = npm_install(folder, NODE_TOOLS)
    # ES modules for Node: relative imports name their files' .js.
    generate("typescript-fetch", folder / "api", "--additional-properties=importFileExtension=.js")
    shutil.copy(SCRIPTS / "generator_fetch.ts", folder)
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    compiled = run([str(bin_folder / "tsc"), "-p", "tsconfig.json"], folder)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return folder


def test_the_typescript_script_uses_no_casts_and_no_any():
    code = re.sub(r"//.*", "", (SCRIPTS / "generator_fetch.ts").read_text(encoding="utf-8"))
    assert not re.search(r"\bas\b|\bany\b|<[A-Z]\w*>\s*\w|\w!\.", code), "casts would hide what the types say"


@pytest.mark.django_db(transaction=True)
def test_both_clients_run_the_typical_script_against_a_live_server(python_client, fetch_client, live_server):
    # One world for both: each script reads the event's ETag afresh before it writes.
    arguments = clients.make_world()
    command = [live_server.url, arguments["token"], arguments["event"]]
    output = clients.run_python(SCRIPTS / "generator_python.py", live_server.url, arguments, python_client)
    clients.check(output, arguments)

    # The docs' example walks the same filter's pages.
    example = docs_example("python", "from coup_api").replace("http://127.0.0.1:8000", live_server.url)
    walked = subprocess.run(
        [sys.executable, "-c", example],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(python_client)},
    )
    assert walked.returncode == 0, walked.stdout + walked.stderr
    assert sorted(line.split()[0] for line in walked.stdout.splitlines()) == sorted(
        Event.objects.filter(review_state="published", kind=clients.KIND).values_list("slug", flat=True)
    )

    fetch = run(["node", "dist/generator_fetch.js", *command], fetch_client, timeout=120)
    assert fetch.returncode == 0, fetch.stdout + fetch.stderr
    clients.check(json.loads(fetch.stdout), arguments)


def docs_example(language: str, marker: str) -> str:
    page = (settings.BASE_DIR / "docs" / "api" / "clients.md").read_text(encoding="utf-8")
    [example] = [block for block in re.findall(rf"```{language}\n(.*?)```", page, re.S) if marker in block]
    return example


def test_the_docs_typescript_example_compiles_strict(fetch_client):
    example = docs_example("ts", "typescript-fetch").replace("./typescript-fetch/", "./api/")
    assert not re.search(r"\bas\b|\bany\b|\w!\.", re.sub(r"//.*", "", example))
    (fetch_client / "docs_example.ts").write_text(example, encoding="utf-8")
    tsconfig = {**TSCONFIG, "files": ["docs_example.ts"]}
    tsconfig["compilerOptions"] = {**TSCONFIG["compilerOptions"], "noEmit": True}
    (fetch_client / "tsconfig.docs.json").write_text(json.dumps(tsconfig), encoding="utf-8")
    compiled = run([str(fetch_client / "node_modules/.bin/tsc"), "-p", "tsconfig.docs.json"], fetch_client)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

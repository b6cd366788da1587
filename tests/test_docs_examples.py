"""Every example in the README and the documentation site runs, and prints what the page shows.

A `console` block holds commands (lines starting with `$ `, continued by lines ending ` \\`),
each followed by its expected output. The suite runs each block's commands in one shell, in the
repository's root, against a live server holding the seed data (what `make run` serves), with
`http://127.0.0.1:8000` rewritten to the live server's address and back in the output. Output is
compared exactly, trailing whitespace aside, except where it holds `...`, which matches any text
(doctest's ELLIPSIS). A failure names the block's page and line.

The blocks that only read share one seeded server, in page order (loading the seed is most of an
example's cost: 31 blocks took 2.5 minutes on SQLite and 10 on PostgreSQL, one seed each); a
block that writes gets a fresh seed of its own, so what it changes never reaches another page.

Writes need a curator's token: the pages tell the reader to create a superuser `curator` and
its token (the commands that do it are in `bash` blocks, not run: they would write into the
reader's own database); the test creates the same user in the live server's database and hands
its key to the commands as `$TOKEN`.
"""

import difflib
import doctest
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LOCAL = "http://127.0.0.1:8000"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```console[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def parse(body: str, indent: str) -> list[tuple[str, str]]:
    """A block's (command, expected output) pairs."""
    lines = [line.removeprefix(indent) for line in body.splitlines()]
    pairs: list[tuple[str, list[str]]] = []
    continued = False
    for line in lines:
        if continued:
            pairs[-1] = (pairs[-1][0] + "\n" + line, pairs[-1][1])
        elif line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
        else:
            raise ValueError(f"output before any command: {line!r}")
        continued = line.endswith(" \\") and not pairs[-1][1]
    return [(command, "\n".join(output)) for command, output in pairs]


def blocks() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every console block as (page:line, its pairs), in page order."""
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{page.relative_to(ROOT)}:{line}", parse(match["body"], match["indent"])))
    return found


# A request that changes data: a method other than GET, or a body.
WRITES = re.compile(r"-X\s*(?:POST|PUT|PATCH|DELETE)\b|(?:^|\s)(?:-d|--data\S*)\s", re.M)


def writes(pairs: list[tuple[str, str]]) -> bool:
    return any(WRITES.search(command) for command, _ in pairs)


def groups():
    """The reading blocks as one group, each writing block as a group of its own."""
    found = blocks()
    reading = [block for block in found if not writes(block[1])]
    yield pytest.param(reading, id="reading-blocks")
    for name, pairs in found:
        if writes(pairs):
            yield pytest.param([(name, pairs)], id=name)


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_block(pairs: list[tuple[str, str]], server: str, env: dict[str, str]) -> list[str]:
    """Runs the commands in one shell (so a variable one sets reaches the next) and returns
    each one's output, stdout and stderr together as a terminal shows them."""
    marker = f"--- {uuid.uuid4().hex} ---"
    script = "".join(f"printf '%s\\n' '{marker}'\n{command.replace(LOCAL, server)}\n" for command, _ in pairs)
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    outputs = result.stdout.replace(server, LOCAL).split(marker + "\n")[1:]
    assert len(outputs) == len(pairs), result.stdout
    return outputs


@pytest.mark.slow
# Numeric ids (a citation's) and the cursors made of them are those of a fresh database, as after
# `make run`, whatever other tests of the suite inserted before.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
@pytest.mark.parametrize("group", list(groups()))
def test_the_examples_print_what_the_docs_show(group, live_server, tmp_path):
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    commands = " ".join(command for _, pairs in group for command, _ in pairs)
    for tool in ("curl", "jq"):
        if re.search(rf"\b{tool}\b", commands) and not shutil.which(tool):
            pytest.skip(f"{tool} is not installed here; the page's readers need it too")
    call_command("load_seed", verbosity=0)
    curator = User.objects.create_superuser("curator", email="", password=None)
    # The reader's shell: the project's own settings, not the suite's (which set a SECRET_KEY).
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    # A command that opens a database (makemigrations checks its history) gets an empty one of its
    # own: never the suite's, nor a database DATABASE_URL names that the suite never created.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'commands.sqlite3'}"
    env.pop("DATABASE_REPLICA_URL", None)
    env.pop("DEBUG", None)  # commands run as a reader types them: manage.py needs no variable
    env["TOKEN"] = Token.objects.create(user=curator).key
    checker = doctest.OutputChecker()
    failures = []
    for name, pairs in group:
        cache.clear()  # the throttle's counts: the suite's other live servers also ask from 127.0.0.1
        for (command, expected), got in zip(pairs, run_block(pairs, live_server.url, env), strict=True):
            want, got = normalise(expected), normalise(got)
            if not checker.check_output(want + "\n", got + "\n", doctest.ELLIPSIS):
                diff = "\n".join(
                    difflib.unified_diff(want.splitlines(), got.splitlines(), "docs", "got", lineterm="")
                )
                failures.append(f"{name}\n$ {command}\n{diff}")
    assert not failures, "\n\n".join(failures)


def test_blocks_are_found_and_parsed():
    """The parser itself: a continued command, its output, a second command with none."""
    text = '```console\n$ curl -s \\\n    x\n{"a": 1}\n...\n$ true\n```\n'
    [match] = FENCE.finditer(text)
    assert parse(match["body"], match["indent"]) == [("curl -s \\\n    x", '{"a": 1}\n...'), ("true", "")]
    assert len(blocks()) >= 10  # the pages hold examples; a broken fence would hide them
    assert writes([("curl -s -X PATCH -d '{}' x", "")]) and not writes([("curl -s x | cut -d' ' -f2", "")])


BASH_FENCE = re.compile(r"^(?P<indent>[ \t]*)```bash[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
MANAGE = re.compile(r"manage\.py\s+(?P<command>[^|;)#\n]+)")


def templates() -> list[tuple[str, str]]:
    """Every `manage.py` command written in a `bash` block (not run: it names the reader's own
    files or database) as (page:line, the command's words)."""
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for match in BASH_FENCE.finditer(text):
            body = match["body"].replace("\\\n", " ")
            line = text.count("\n", 0, match.start()) + 1
            for command in MANAGE.finditer(body):
                found.append((f"{page.relative_to(ROOT)}:{line}", command["command"].strip()))
    return found


def test_the_commands_the_docs_do_not_run_still_parse():
    """The commands shown but not run (placeholders, the reader's own database) name a command
    that exists and options it takes: a renamed option fails here."""
    import shlex

    from django.core.management import CommandError, get_commands, load_command_class

    shown = templates()
    assert len(shown) >= 8, shown  # ingest, backup, restore, replace_text, release, load_release ...
    commands = get_commands()
    for where, words in shown:
        name, *arguments = shlex.split(words)
        assert name in commands, f"{where}: no command {name!r}"
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        try:
            parser.parse_args(arguments)
        except (CommandError, SystemExit) as error:
            pytest.fail(f"{where}: manage.py {words}: {error}", pytrace=False)

"""Node tools from the npm registry at exact versions, for the tests that build or lint with them.

Each is installed into a test's temporary folder (npm's own cache makes later runs fast). Without
npm or the registry the test is skipped, saying so; every other failure fails it.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def npm_install(folder: Path, tools: list[str]) -> Path:
    """``folder`` as an npm project with ``tools`` (``name@version``) installed; its bin folder."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"npm is not installed: cannot install {', '.join(tools)}")
    (folder / "package.json").write_text(json.dumps({"private": True, "type": "module"}), encoding="utf-8")
    installed = run([npm, "install", "--no-audit", "--no-fund", "--save-exact", *tools], folder, timeout=600)
    if installed.returncode != 0:
        pytest.skip(
            f"npm could not install {', '.join(tools)} from the registry:\n{installed.stderr[-2000:]}"
        )
    return folder / "node_modules" / ".bin"


def strict_tsconfig(files: list[str], unchecked_index: bool = False) -> dict:
    """The compiler options every TypeScript client of the suite is held to: ``--strict`` on
    Node's ES2022 modules, the library's own types checked too. ``noUncheckedIndexedAccess`` (not
    part of strict) too, unless a generator's own runtime indexes arrays unchecked."""
    options = {
        "strict": True,
        "target": "ES2022",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "types": ["node"],
        "skipLibCheck": False,
        "outDir": "dist",
    }
    if not unchecked_index:
        options["noUncheckedIndexedAccess"] = True
    return {"compilerOptions": options, "files": files}

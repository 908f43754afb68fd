"""Every command the README shows must run: the ```sh blocks, in order, in one temporary folder.

What runs: lines starting with `mindmap` or `export` (a line ending in `\\` continues on the next); `make ...`
and everything else is skipped. The folder starts as a git repository holding a copy of the checkout's
`maps/` and `examples/`, committed; after each block the test commits everything again, as a reader who
commits their work would (so `mindmap diff --git HEAD` has something to compare with). The venv's
`mindmap` is first on PATH. A command passes when it exits 0, or 1 without an `Error:` line (`diff` and
`merge` answer "different" that way); anything else fails the test, naming the line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
COPIED = ("maps", "examples")


def sh_blocks(text: str) -> list[list[str]]:
    """Return the commands to run from each ```sh block of TEXT, continuation lines joined."""
    blocks = []
    for body in re.findall(r"^```(?:sh|bash|shell)[ \t]*\n(.*?)^```", text, flags=re.M | re.S):
        commands, pending = [], ""
        for raw in body.splitlines():
            line = pending + raw.strip()
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            pending = ""
            if re.match(r"(mindmap|export)\s", line):
                commands.append(line)
        blocks.append(commands)
    return blocks


def test_sh_blocks_finds_commands_and_joins_continued_lines():
    text = "```sh\nmake demo\nmindmap init X \\\n  --author Y   # note\nexport A=1\n```\n```python\nmindmap\n```\n"
    assert sh_blocks(text) == [["mindmap init X  --author Y   # note", "export A=1"]]


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, timeout=60)


def run_line(line: str, folder: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run LINE with bash in FOLDER; return the result and the environment it leaves (for `export`)."""
    script = f"set -eo pipefail\n{line}\nstatus=$?\nenv -0 > .readme-env\nexit $status\n"
    result = subprocess.run(["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    dumped = (folder / ".readme-env").read_bytes().decode() if (folder / ".readme-env").exists() else ""
    (folder / ".readme-env").unlink(missing_ok=True)
    after = dict(item.split("=", 1) for item in dumped.split("\0") if "=" in item)
    return result, after or env


def test_every_readme_command_runs(tmp_path: Path):
    blocks = sh_blocks(README.read_text(encoding="utf-8"))
    assert sum(len(block) for block in blocks) >= 5, "the README shows hardly any commands: is the parser broken?"
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "mindmap").exists():
        pytest.fail(f"no mindmap script beside {sys.executable}: install with pip install -e '.[test]'")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path / "readme"
    folder.mkdir()
    for name in COPIED:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, folder / name)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "Reader",
        "GIT_AUTHOR_EMAIL": "reader@example.org",
        "GIT_COMMITTER_NAME": "Reader",
        "GIT_COMMITTER_EMAIL": "reader@example.org",
        "HOME": str(tmp_path),  # no user's git config or shell settings
    }
    env.pop("MINDMAP_FILE", None)
    git(folder, "init", "-q")
    (folder / ".git" / "info" / "exclude").write_text(".readme-env\n")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--allow-empty", "-m", "checkout")
    for number, block in enumerate(blocks, 1):
        for line in block:
            result, env = run_line(line, folder, env)
            failed = result.returncode not in (0, 1) or (result.returncode == 1 and "Error:" in result.stderr)
            assert not failed, (
                f"README block {number}: `{line}` exited {result.returncode}\n"
                f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
            )
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "--allow-empty", "-m", f"after block {number}")

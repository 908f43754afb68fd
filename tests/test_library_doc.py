"""Every ```python block of docs/library.md runs, in order, in one namespace and one temporary folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY_DOC = ROOT / "docs" / "library.md"


def python_blocks(text: str) -> list[str]:
    """Return the code of each ```python block of TEXT."""
    return re.findall(r"^```python[ \t]*\n(.*?)^```", text, flags=re.M | re.S)


def test_python_blocks_finds_the_code():
    text = "x\n```python\na = 1\n```\n```sh\nmindmap\n```\n```python\nb = 2\n```\n"
    assert python_blocks(text) == ["a = 1\n", "b = 2\n"]


def test_every_example_of_the_library_guide_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copy(ROOT / "examples" / "contributions.csv", tmp_path)
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(LIBRARY_DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5, "the guide shows hardly any Python: is the parser broken?"
    namespace: dict[str, object] = {"__name__": "library_doc"}
    for number, code in enumerate(blocks, 1):
        exec(compile(code, f"docs/library.md block {number}", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "derby.mm").is_file() and (tmp_path / "arts.svg").is_file()


def test_the_examples_type_check_with_mypy_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # What a script that uses mindmap gets from its annotations: the guide's code as one script, checked as
    # strictly as mypy can (mindmap's own modules are followed but not judged here: `mypy` in CI does that).
    from mypy import api

    monkeypatch.setenv("MYPYPATH", str(ROOT))  # an editable install's import hook is hidden from mypy
    script = tmp_path / "library_doc.py"
    script.write_text("\n".join(python_blocks(LIBRARY_DOC.read_text(encoding="utf-8"))), encoding="utf-8")
    out, err, status = api.run(
        ["--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path / ".mypy_cache"), str(script)]
    )
    assert status == 0, out + err

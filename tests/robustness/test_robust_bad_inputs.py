"""The bad-input corpus: every case in bad_inputs/cases.toml fails with one clear error and changes nothing.

A case is one [[case]] in the table (see its header); adding a bad input for a new format is one file
in bad_inputs/ and one [[case]] naming the command that reads it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from mindmap import store
from mindmap.cli import app

HERE = Path(__file__).parent / "bad_inputs"
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
VALID = HERE / "valid.json"
MIN_CASES = 40


def json_100mb(folder: Path) -> Path:
    """Write a 100 MB map: valid JSON whose one note holds 100,000,000 characters."""
    document = orjson.loads(VALID.read_bytes())
    document["graph"]["nodes"][2]["note"] = "x" * 100_000_000
    path = folder / "huge.json"
    path.write_bytes(orjson.dumps(document))
    return path


def json_nesting_10000(folder: Path) -> Path:
    """Write a map whose graph is a list nested 10,000 deep."""
    path = folder / "deep.json"
    path.write_bytes(b'{"format": "mindmap", "schema": 1, "graph": ' + b"[" * 10_000 + b"]" * 10_000 + b"}")
    return path


def folder(folder: Path) -> Path:
    """Return a folder standing where a file should be."""
    path = folder / "a-folder.json"
    path.mkdir()
    return path


def device(folder: Path) -> Path:
    """Return a device that never ends: reading it whole would hang."""
    return Path("/dev/zero")


def missing(folder: Path) -> Path:
    """Return a path with no file."""
    return folder / "missing.json"


def missing_folder(folder: Path) -> Path:
    """Return a path in folders that do not exist (a failed edit must not create them)."""
    return folder / "no" / "such" / "map.json"


def opml_nesting_100000(folder: Path) -> Path:
    """Write an OPML file whose outlines are nested 100,000 deep."""
    path = folder / "deep.opml"
    depth = 100_000
    path.write_bytes(
        b'<opml version="2.0"><head><title>t</title></head><body>'
        + b'<outline text="a">' * depth
        + b"</outline>" * depth
        + b"</body></opml>"
    )
    return path


GENERATORS: dict[str, Callable[[Path], Path]] = {
    f.__name__: f
    for f in (json_100mb, json_nesting_10000, folder, device, missing, missing_folder, opml_nesting_100000)
}


def case_id(case: dict[str, Any]) -> str:
    name = case.get("file") or case.get("generate") or "args"
    if "args" in case:
        shown = " ".join(case["args"])[:40]
        name += ":" + re.sub(r"[^\w{}*.-]+", "_", shown)
    return name


def expand(arg: str, values: dict[str, str]) -> str:
    arg = re.sub(r"\{(.)\*(\d+)\}", lambda m: m.group(1) * int(m.group(2)), arg)
    for key, value in values.items():
        arg = arg.replace("{" + key + "}", value)
    return arg


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def check_failure(exit_code: int, stderr: str, stdout: str, fragments: list[str]) -> None:
    assert exit_code == 1, f"exit {exit_code}; stdout={stdout!r} stderr={stderr!r}"
    assert "Traceback" not in stderr + stdout
    lines = stderr.splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and len(lines) == 1, f"stderr must be one Error line, got {stderr!r}"
    for fragment in fragments:
        assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"


def commands(case: dict[str, Any]) -> list[list[str]]:
    if "args" in case:
        return [case["args"]]
    return [["tree"], ["add", "sector", "X"]]


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= MIN_CASES
    listed = {case["file"] for case in CASES if "file" in case}
    on_disk = {p.name for p in HERE.iterdir() if p.name != "cases.toml"}
    assert on_disk == listed, f"files without a case: {on_disk - listed}; cases without a file: {listed - on_disk}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_bad_input_fails_cleanly(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    made = tmp_path / "made"
    made.mkdir()
    if "generate" in case:
        given = GENERATORS[case["generate"]](made)
    elif "file" in case:
        given = work / case["file"]
        shutil.copyfile(HERE / case["file"], given)
    else:
        given = None
    if case.get("role") == "map":
        assert given is not None
        map_path = given
    elif case.get("new_map"):
        map_path = work / "new.json"  # never made: the watched folder shows it if the command makes it
    else:
        map_path = work / "map.json"
        shutil.copyfile(VALID, map_path)
    if "max_bytes" in case:
        monkeypatch.setattr(store, "MAX_MAP_BYTES", case["max_bytes"])
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    values = {"map": str(map_path), "input": str(given or "")}
    watched = [work] + ([made] if given is not None and made in given.parents else [])
    before = [snapshot(f) for f in watched]
    for command in commands(case):
        args = [expand(arg, values) for arg in command]
        result = CliRunner().invoke(app, ["--map", str(map_path), *args], input=case.get("stdin"))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception  # would be a traceback for the user
        check_failure(result.exit_code, result.stderr, result.stdout, case["error"])
        # Nothing changed: no byte of the map or the input, no file added (not even a temporary one).
        after = [snapshot(f) for f in watched]
        added = [set(a) - set(b) for a, b in zip(after, before, strict=True)]
        assert all(name.endswith(".lock") for names in added for name in names), added
        for old, new in zip(before, after, strict=True):
            assert {k: v for k, v in new.items() if not k.endswith(".lock")} == old


SAMPLED = ["truncated.json", "cycle.json", "ansi_in_note.json", "invalid_utf8.json"]


@pytest.mark.parametrize("name", SAMPLED)
def test_bad_map_fails_cleanly_in_a_real_process(name: str, tmp_path: Path) -> None:
    """Run a few corpus files through the installed command, outside the test runner."""
    map_path = tmp_path / name
    shutil.copyfile(HERE / name, map_path)
    before = map_path.read_bytes()
    case = next(c for c in CASES if c.get("file") == name and c.get("role") == "map")
    done = subprocess.run(
        [sys.executable, "-m", "mindmap", "--map", str(map_path), "add", "sector", "X"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    check_failure(done.returncode, done.stderr, done.stdout, case["error"])
    assert map_path.read_bytes() == before


def test_undecodable_argument_is_refused(tmp_path: Path) -> None:
    """A label that is not UTF-8 (arrives as lone surrogates) gets an Error line, not a traceback."""
    map_path = tmp_path / "map.json"
    shutil.copyfile(VALID, map_path)
    before = map_path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "mindmap", "--map", str(map_path), "add", "sector", b"Caf\xe9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    check_failure(done.returncode, done.stderr, done.stdout, ["a label is not valid text", "U+DCE9 at position 4"])
    assert map_path.read_bytes() == before

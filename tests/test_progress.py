"""Progress bars: on a terminal for work that can take a while, never in pipes."""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from mindmap.cli import _progress


def test_drawing_shows_progress_only_for_big_drawn_maps(monkeypatch: pytest.MonkeyPatch):
    shown: list[str] = []

    @contextlib.contextmanager
    def fake_progress(description: str, total: int | None = None):
        shown.append(description)
        yield lambda steps=1: None

    monkeypatch.setattr(_progress, "progress", fake_progress)
    for nodes, format_name in [(10, "svg"), (_progress.BIG_MAP_NODES, "json"), (_progress.BIG_MAP_NODES, "svg")]:
        with _progress.drawing(nodes, format_name):
            pass
    with _progress.drawing(2_000, "html"):
        pass
    assert shown == [f"Drawing {_progress.BIG_MAP_NODES:,} nodes", "Drawing 2,000 nodes"]


def run_on_a_terminal(args: list[str], stdin: bytes, env: dict[str, str]) -> bytes:
    """Run mindmap with standard error on a pseudo-terminal; return what the terminal showed."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mindmap", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert process.wait(timeout=120) == 0, shown
    return shown


def test_batch_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path):
    env = {**os.environ, "MINDMAP_FILE": str(tmp_path / "map.json"), "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    subprocess.run([sys.executable, "-m", "mindmap", "init", "T"], env=env, check=True, capture_output=True)
    lines = b"".join(b"add sector S%d\n" % number for number in range(300))

    on_terminal = run_on_a_terminal(["batch", "-"], lines, env)
    more = lines.replace(b"sector S", b"sector P")  # siblings need labels of their own
    piped = subprocess.run(
        [sys.executable, "-m", "mindmap", "batch", "-"], input=more, env=env, capture_output=True, check=True
    )

    assert b"Editing" in on_terminal
    assert b"Editing" not in piped.stderr and b"\x1b[" not in piped.stderr

"""Hostile content stays text in the terminal: no Rich markup applied, no escape sequence from a map printed.

Escape sequences cannot get into a map at all (every control character but tab and line break is refused,
from the command line and from map files); markup and HTML can, and `tree`, `show` and `find` print them
literally, with colour on as well as off.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mindmap.errors import MapFileError, RuleError
from mindmap.model import MindMap, escape_path_part

HOSTILE_LABELS = [
    "[bold red]ALARM[/bold red]",
    "[link=https://evil.example]click[/link]",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    '"]; a -> b [label="',
    "graph TD; A-->B; click A call alert(1)",
    "**bold** _it_ [x](javascript:alert(1))",
    ":smile: :warning:",
    "%s %n {0} $(rm -rf ~) `id`",
    "back\\slash [/] [[double]]",
]
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes mindmap itself prints
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"]


@pytest.fixture
def hostile_map(run: Any) -> list[str]:
    """Fill the test map with hostile labels, notes, urls and attributes; return the labels."""
    sector = run("add", "sector", HOSTILE_LABELS[0], "--note", HOSTILE_LABELS[2]).stdout.strip()
    org = run("add", "org", HOSTILE_LABELS[1], "--under", sector, "--attr", f"x={HOSTILE_LABELS[3]}").stdout.strip()
    # A channel refuses such a link when added (see test_channels); a topic keeps it, so it reaches the screen.
    assert (
        run("add", "topic", "Twitter", "--under", org, "--url", "javascript:alert('[red]x[/red]')", "--force").exit_code
        == 0
    )
    for label in HOSTILE_LABELS[2:]:
        assert run("add", "topic", label, "--under", sector, "--note", label).exit_code == 0
    assert run("link", org, sector, "--label", "[blink]linked[/blink]").exit_code == 0
    return HOSTILE_LABELS


def assert_literal(output: str, texts: list[str], *, coloured: bool) -> None:
    if coloured:
        assert SGR.search(output), "colour was meant to be on"
    plain = SGR.sub("", output)
    assert "\x1b" not in plain and "\x9b" not in plain, "an escape sequence other than mindmap's colours"
    for text in texts:
        assert text in plain, f"{text!r} was not printed literally"


@pytest.mark.parametrize("coloured", [False, True])
def test_tree_prints_markup_literally(
    coloured: bool, hostile_map: list[str], run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if coloured:
        import mindmap.cli.view

        monkeypatch.setattr(mindmap.cli.view, "use_colour", lambda: True)
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")  # Rich colours even though the runner is not a terminal
        monkeypatch.setenv("TERM", "xterm-256color")
    result = run("tree", "--ids")
    assert result.exit_code == 0
    assert_literal(result.stdout, hostile_map, coloured=coloured)


def test_show_and_find_print_fields_literally(hostile_map: list[str], run: Any) -> None:
    shown = run("show", "Twitter")
    # Paths write '/' inside a label as '\\/', so the markup shows in its escaped path form there.
    assert_literal(
        shown.stdout, ["[link=https:\\/\\/evil.example]", "javascript:alert('[red]x[/red]')"], coloured=False
    )
    shown = run("show", HOSTILE_LABELS[1])
    assert_literal(shown.stdout, [HOSTILE_LABELS[3], "[blink]linked[/blink]"], coloured=False)
    for label in hostile_map[2:]:
        found = run("find", label)
        assert found.exit_code == 0
        assert_literal(found.stdout, [escape_path_part(label)], coloured=False)  # find prints paths
        as_json = json.loads(run("show", label, "--json").stdout)
        assert as_json["label"] == as_json["note"] == label


def test_tree_in_a_real_terminal(hostile_map: list[str], map_path: Path) -> None:
    """Run `mindmap tree` on a pseudo-terminal, where it colours with Rich, and read what reaches the screen."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="200")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mindmap", "--map", str(map_path), "tree"],
        stdout=follower,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    screen = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert_literal(screen, hostile_map, coloured=True)


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_refused(control: str) -> None:
    mindmap = MindMap("Controls")
    for field in ("label", "note", "url", "handle"):
        with pytest.raises(RuleError, match=f"U\\+{ord(control):04X}"):
            if field == "label":
                mindmap.add("sector", f"a{control}b")
            else:
                mindmap.add("sector", "ok", **{field: f"a{control}b"})
    sector = mindmap.add("sector", "ok")
    with pytest.raises(RuleError):
        mindmap.rename(sector, f"x{control}")
    with pytest.raises(RuleError):
        mindmap.update(sector, attributes={"k": f"x{control}"})
    with pytest.raises(RuleError):
        mindmap.link(sector, mindmap.root, f"x{control}")
    assert [n.label for n in mindmap.nodes()] == ["Controls", "ok"]


@pytest.mark.parametrize("field", ["label", "note", "url", "platform", "handle", "added_by", "color"])
def test_escape_sequences_in_a_map_file_are_refused(field: str) -> None:
    document = MindMap("Escapes").to_document()
    document["graph"]["nodes"][0][field] = "x\x1b]52;c;cHduZWQ=\x07y"
    with pytest.raises(MapFileError, match=f"graph.nodes\\[0\\].{field}: .*control character U\\+001B"):
        MindMap.from_document(document)

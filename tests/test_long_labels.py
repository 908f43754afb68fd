"""A very long label is shown by its start and end where a command echoes it on one line."""

from __future__ import annotations

import json
from typing import Any

from mindmap.cli._app import elided


def labels(mindmap: Any) -> set[str]:
    return {mindmap.label(node_id) for node_id, _ in mindmap.walk()}


LONG = "Derby " + "long name " * 100 + "Trust"


def test_elided_keeps_start_and_end_and_short_text_whole() -> None:
    assert elided("Derby QUAD") == "Derby QUAD"
    shown = elided(LONG)
    assert len(shown) <= 160
    assert shown.startswith("Derby long name") and shown.endswith("name Trust") and " … " in shown
    assert elided("a\nb") == "a ⏎ b"


def test_undo_and_redo_echo_a_long_label_briefly(run: Any, load: Any) -> None:
    assert run("add", "topic", LONG).exit_code == 0
    undone = run("undo")
    assert undone.exit_code == 0 and LONG not in labels(load())
    assert undone.stderr.startswith("Undid: add topic 'Derby long name") and len(undone.stderr) < 200
    redone = run("redo")
    assert redone.exit_code == 0 and redone.stderr.startswith("Redid: add topic") and len(redone.stderr) < 200
    assert LONG in labels(load())


def test_check_shows_a_long_path_briefly_and_json_whole(run: Any) -> None:
    assert run("add", "sector", "Health").exit_code == 0
    assert run("add", "org", LONG, "--under", "Health").exit_code == 0
    lines = [line for line in run("check").stdout.splitlines() if "organisation-without-channel" in line]
    assert len(lines) == 1 and lines[0].startswith("warning: Health/Derby long name") and len(lines[0]) < 260
    found = json.loads(run("check", "--json").stdout)
    assert f"Health/{LONG}" in [finding["path"] for finding in found]


def test_undo_past_a_change_outside_mindmap_names_a_long_edit_briefly(run: Any, map_path: Any) -> None:
    from mindmap import MapFile
    from mindmap.formats import json_map
    from mindmap.store import write_atomically

    assert run("add", "topic", LONG).exit_code == 0
    changed = MapFile(map_path).load()  # a git merge brings a sector in
    changed.add("sector", "Sport")
    write_atomically(map_path, json_map.dumps(changed.to_document()))
    assert run("add", "sector", "Media").exit_code == 0
    assert run("undo").exit_code == 0
    result = run("undo")
    assert result.exit_code == 1
    assert "after \"add topic 'Derby long name" in result.stderr and " … " in result.stderr
    assert LONG not in result.stderr and len(result.stderr) < 500

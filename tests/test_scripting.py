"""Using mindmap from scripts: --json shapes (docs/json.md), quiet, version, exit codes, '-', plain output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import _app, app

NODE_FIELDS = {
    "id", "kind", "label", "note", "url", "platform", "handle", "attributes",
    "added_by", "added_at", "modified_at", "folded", "color",
}  # fmt: skip
ROW_FIELDS = {
    "sector", "organisations", "channels", "organisations_using", "total_channels", "without_channel",
    "without_working_link",
}  # fmt: skip
DIFF_SECTIONS = {
    "added", "removed", "moved", "renamed", "changed", "reordered",
    "links_added", "links_removed", "links_changed", "meta",
}  # fmt: skip


@pytest.fixture
def derbyish(run) -> dict[str, str]:
    ids = {}
    ids["arts"] = run("add", "sector", "Arts and culture").stdout.strip()
    ids["quad"] = run("add", "org", "Derby QUAD", "--under", "Arts and culture", "--note", "Cinema").stdout.strip()
    ids["channel"] = run("add", "channel", "@derbyquad", "--under", "Derby QUAD", "-p", "twitter").stdout.strip()
    ids["lonely"] = run("add", "org", "Derby Theatre", "--under", "Arts and culture").stdout.strip()
    return ids


def parse(result) -> object:
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def test_tree_json_nests_nodes_with_every_field(run, derbyish):
    tree = parse(run("tree", "--json"))
    assert set(tree) == NODE_FIELDS | {"children"} and tree["kind"] == "root"
    arts = tree["children"][0]
    assert arts["id"] == derbyish["arts"] and arts["note"] == "" and arts["folded"] is False
    quad = arts["children"][0]
    assert set(quad) == NODE_FIELDS | {"children"}
    assert quad["children"][0]["platform"] == "twitter" and quad["children"][0]["children"] == []
    shallow = parse(run("tree", "Arts and culture", "--json", "--depth", "1"))
    assert [child["children"] for child in shallow["children"]] == [[], []]


def test_show_json(run, derbyish):
    shown = parse(run("show", "Derby QUAD", "--json"))
    assert set(shown) == NODE_FIELDS | {"path", "parent", "children", "links_out", "links_in"}
    assert shown["path"] == "Arts and culture/Derby QUAD" and shown["parent"] == derbyish["arts"]
    assert shown["children"] == [derbyish["channel"]] and shown["links_in"] == []


def test_find_json(run, derbyish):
    found = parse(run("find", "derby", "--json"))
    assert [set(item) for item in found] == [{"id", "kind", "label", "path"}] * 3
    assert [item["id"] for item in found] == [derbyish["quad"], derbyish["channel"], derbyish["lonely"]]
    assert parse(run("find", "nothing like this", "--json")) == []


def test_stats_json(run, derbyish):
    counts = parse(run("stats", "--json"))
    assert set(counts) == {
        "title",
        "sectors",
        "totals",
        "platforms",
        "organisations_without_channel",
        "channels_with_faulty_link",
        "channels_without_link",
        "organisations_without_working_link",
    }
    assert set(counts["totals"]) == ROW_FIELDS and counts["totals"]["organisations"] == 2
    assert [set(row) for row in counts["sectors"]] == [ROW_FIELDS]
    assert counts["platforms"] == [{"platform": "twitter", "name": "Twitter", "organisations": 1, "channels": 1}]
    assert counts["organisations_without_channel"] == ["Arts and culture/Derby Theatre"]


def test_check_json_and_its_exit_code(run, derbyish):
    result = run("check", "--json")
    findings = parse(result)
    assert result.exit_code == 0  # warnings only
    assert [set(f) for f in findings] == [{"severity", "rule", "node_id", "path", "message"}]
    assert findings[0]["severity"] == "warning" and findings[0]["node_id"] == derbyish["lonely"]


def test_diff_json_and_its_exit_code(run, derbyish, map_path: Path):
    old = map_path.with_name("old.json")
    old.write_bytes(map_path.read_bytes())
    same = run("diff", str(old), str(map_path), "--json")
    assert same.exit_code == 0 and parse(same) == {"equal": True, **{name: [] for name in DIFF_SECTIONS}}
    run("rename", "Derby Theatre", "Derby Playhouse")
    changed = run("diff", str(old), str(map_path), "--json")
    assert changed.exit_code == 1
    result = parse(changed)
    assert set(result) == {"equal"} | DIFF_SECTIONS and result["equal"] is False
    assert result["renamed"] == [
        {
            "id": derbyish["lonely"],
            "from": "Derby Theatre",
            "to": "Derby Playhouse",
            "path": result["renamed"][0]["path"],
        }
    ]


def test_log_json(run, derbyish):
    entries = parse(run("log", "--json", "-n", "2"))
    assert len(entries) == 2
    for entry in entries:
        assert {"id", "type", "at", "by", "command", "summary", "nodes"} <= set(entry)
    assert entries[0]["command"] == "add org 'Derby Theatre' --under 'Arts and culture'"
    assert entries[0]["nodes"] == [derbyish["lonely"]] and entries[0]["type"] == "edit"


def test_formats_json(run):
    rows = parse(run("formats", "--json"))
    assert all(set(row) == {"name", "extensions", "read", "write", "description"} for row in rows)
    names = {row["name"]: row for row in rows}
    assert names["json"]["read"] and names["json"]["write"] and ".svg" in names["svg"]["extensions"]


def test_every_json_option_in_the_cli_is_documented():
    """A command that grows --json must get a line in docs/json.md."""
    import typer

    documented = (Path(__file__).resolve().parents[1] / "docs" / "json.md").read_text()
    group = typer.main.get_command(app)
    with_json = [
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if any("--json" in getattr(param, "opts", []) for param in command.params)
    ]
    assert {"tree", "show", "find", "stats", "check", "diff", "log", "formats"} <= set(with_json)
    for name in with_json:
        assert f"`{name} " in documented, f"docs/json.md does not describe '{name} --json'"


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"mindmap {version('mindmap')}\n"


def test_quiet_keeps_results_and_drops_notes(map_path: Path):
    loud = CliRunner().invoke(app, ["--map", str(map_path), "add", "sector", "A"])
    quiet = CliRunner().invoke(app, ["--map", str(map_path), "-q", "remove", "A"])
    again = CliRunner().invoke(app, ["--map", str(map_path), "--quiet", "add", "sector", "B"])
    assert loud.exit_code == quiet.exit_code == again.exit_code == 0
    assert quiet.stderr == "" and quiet.stdout == ""
    assert again.stderr == "" and len(again.stdout.strip()) == 10  # the id, and nothing else


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "No such node"], 1),  # an error mindmap reports
        (["add", "planet", "Mars"], 1),
        (["no-such-command"], 1),  # a mistake in the command line: the same one line
        (["add", "sector"], 1),
        (["tree", "--no-such-option"], 1),
    ],
)
def test_exit_codes(run, args, code):
    result = run(*args)
    assert result.exit_code == code
    assert "Traceback" not in result.stderr
    if code == 1:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_export_to_standard_output_and_batch_from_standard_input(run, derbyish, load):
    exported = run("export", "-", "--format", "json")
    assert exported.exit_code == 0 and json.loads(exported.stdout)["format"] == "mindmap"
    added = run("batch", "-", input='add org "From stdin" --under "Arts and culture"\n')
    assert added.exit_code == 0 and load().resolve("From stdin") == added.stdout.strip()


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert _app.use_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _app.use_colour()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not _app.use_colour()


def test_progress_only_on_a_terminal(monkeypatch):
    from mindmap.cli import _progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not _progress.progress_wanted()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    assert _progress.progress_wanted()
    monkeypatch.setattr(_app, "_current", _app.Settings(quiet=True))
    assert not _progress.progress_wanted()


def test_piped_output_has_no_escape_codes_even_without_no_color(tmp_path: Path):
    """A real process with pipes: no colour, no progress bar, whatever the environment says about colour."""
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env.update(MINDMAP_FILE=str(tmp_path / "map.json"), TERM="xterm-256color", FORCE_COLOR="")
    commands = [
        ["init", "Piped"],
        ["batch", "-"],
        ["tree"],
        ["stats"],
        ["check"],
        ["export", str(tmp_path / "map.svg")],
    ]
    for args in commands:
        result = subprocess.run(
            [sys.executable, "-m", "mindmap", *args],
            input=b"add sector Arts\nadd org QUAD --under Arts\n" if args == ["batch", "-"] else b"",
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert result.returncode in (0, 1), result.stderr
        assert b"\x1b[" not in result.stdout + result.stderr, args

"""Help that teaches: every command and option explains itself, commands come grouped, typos get suggestions."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from mindmap.cli import app

PANELS = ["Edit", "View", "Exchange", "Collaborate"]


def all_commands() -> list[tuple[str, Any]]:
    """Return (name, command) for the group and every command below it, however deep."""
    found = []
    pending: list[tuple[str, Any]] = [("mindmap", typer.main.get_command(app))]
    while pending:
        name, command = pending.pop()
        found.append((name, command))
        for child_name, child in sorted(getattr(command, "commands", {}).items()):
            pending.append((f"{name} {child_name}", child))
    return found


COMMANDS = all_commands()


def test_the_walk_sees_the_commands():
    names = {name for name, _ in COMMANDS}
    assert {"mindmap add", "mindmap batch", "mindmap view", "mindmap diff", "mindmap export"} <= names
    assert len(names) > 20


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_and_option_has_help_and_every_command_an_example(name: str, command: Any):
    assert (command.help or "").strip(), f"{name} has no help"
    if name != "mindmap":
        assert "Example: mindmap " in command.help, f"{name}'s help shows no 'Example: mindmap ...'"
        assert getattr(command, "rich_help_panel", None) in PANELS, f"{name} is in no help panel"
    for param in command.params:
        if param.name == "help":
            continue
        assert (getattr(param, "help", None) or "").strip(), f"{name}: {param.human_readable_name} has no help"


def test_no_arguments_shows_the_commands_grouped_in_order():
    result = CliRunner().invoke(app, [], env={"COLUMNS": "120"})
    output = result.stdout
    positions = [output.find(f" {panel} ") for panel in PANELS]
    assert all(position >= 0 for position in positions), output
    assert positions == sorted(positions)
    assert "Usage: mindmap" in output and "batch" in output and "view" in output


def test_a_command_help_shows_its_example():
    result = CliRunner().invoke(app, ["batch", "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "Example: mindmap batch" in result.stdout


def test_a_mistyped_command_gets_a_suggestion():
    result = CliRunner().invoke(app, ["ad", "sector", "X"])
    assert result.exit_code == 1
    assert "No such command 'ad'" in result.output and "Did you mean 'add'?" in result.output


def test_a_mistyped_node_gets_a_suggestion(run):
    run("add", "sector", "Arts and culture")
    run("add", "org", "Derby QUAD", "--under", "Arts and culture")
    result = run("move", "Derby Qaud", "--under", "Arts and cultur")
    assert result.exit_code == 1
    assert result.stderr == "Error: no node 'Derby Qaud'; did you mean 'Derby QUAD'?\n"


def test_a_mistyped_option_gets_a_suggestion(run):
    result = run("add", "org", "X", "--undr", "Y")
    assert result.exit_code == 1
    assert "No such option: --undr" in result.stderr and "--under" in result.stderr

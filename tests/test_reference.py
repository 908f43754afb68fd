"""docs/commands.md is generated from the CLI's own help: it must name every command and option, and be fresh."""

from __future__ import annotations

from pathlib import Path

import typer

from mindmap.cli import app
from mindmap.cli._reference import main, reference

COMMANDS_MD = Path(__file__).resolve().parents[1] / "docs" / "commands.md"
REGENERATE = "regenerate it with: python -m mindmap.cli._reference docs/commands.md"


def test_every_command_and_option_is_in_the_reference():
    text = COMMANDS_MD.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing: list[str] = []  # every gap, so that one run lists them all
    for option in group.params:
        missing += [f"mindmap {opt}" for opt in option.opts if f"`{opt}" not in text and f", {opt}" not in text]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if f"### `mindmap {name}`" not in text:
            missing.append(f"mindmap {name}")
            continue
        section = text.split(f"### `mindmap {name}`", 1)[1].split("\n### ", 1)[0]
        for param in command.params:
            if param.name == "help":
                continue
            is_option = getattr(param, "param_type_name", "") == "option"
            shown = param.opts if is_option else [param.get_help_record(typer.Context(command))[0]]
            missing += [f"mindmap {name} {opt}" for opt in shown if opt not in section]
    assert not missing, f"docs/commands.md lacks {', '.join(missing)}; {REGENERATE}"


def test_the_reference_is_up_to_date():
    assert COMMANDS_MD.read_text(encoding="utf-8") == reference(), f"docs/commands.md is stale; {REGENERATE}"


def test_the_script_writes_the_file(tmp_path: Path, capsys):
    assert main([str(tmp_path / "commands.md")]) == 0
    assert (tmp_path / "commands.md").read_text(encoding="utf-8") == reference()
    assert main([]) == 0
    assert capsys.readouterr().out == reference()

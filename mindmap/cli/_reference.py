"""Write the command reference (docs/commands.md) from the command line's own help.

Run `python -m mindmap.cli._reference docs/commands.md` after changing a command; a test fails while it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

PANEL_ORDER = ("Edit", "View", "Exchange", "Collaborate")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _params_table(params: list[Any], ctx: Any, heading: str) -> list[str]:
    rows = [record for record in (param.get_help_record(ctx) for param in params) if record]
    if not rows:
        return []
    lines = [f"{heading}:", "", "| | |", "|---|---|"]
    lines += [f"| `{_cell(names)}` | {_cell(help_text)} |" for names, help_text in rows]
    return [*lines, ""]


def _help_text(help_text: str) -> list[str]:
    """Return a command's help as Markdown paragraphs, its example as code."""
    out = []
    for paragraph in help_text.strip().split("\n\n"):
        if paragraph.strip().startswith("Example: "):
            # Several examples are written 'Example: mindmap a   or   mindmap b'.
            examples = paragraph.strip().removeprefix("Example: ").split("   or   ")
            text = "Example: " + " or ".join(f"`{' '.join(example.split())}`" for example in examples)
        else:
            text = " ".join(paragraph.split())
        out += [text, ""]
    return out


def _command_section(name: str, command: Any, parent: Any) -> list[str]:
    import typer

    ctx = typer.Context(command, info_name=name, parent=parent)
    lines = [f"### `mindmap {name}`", "", "```", ctx.get_usage(), "```", ""]
    lines += _help_text(command.help or "")
    arguments = [p for p in command.params if getattr(p, "param_type_name", "") == "argument"]
    options = [p for p in command.params if getattr(p, "param_type_name", "") != "argument"]
    lines += _params_table(arguments, ctx, "Arguments")
    lines += _params_table(options, ctx, "Options")
    return lines


def reference() -> str:
    """Return the command reference as Markdown."""
    import typer

    from mindmap.cli import app

    group: Any = typer.main.get_command(app)
    root = typer.Context(group, info_name="mindmap")
    lines = [
        "# Command reference",
        "",
        "Generated from the command line's own help by `python -m mindmap.cli._reference docs/commands.md`;",
        "do not edit by hand. `mindmap COMMAND --help` shows the same at the terminal. A NODE is an id, a label",
        'that is unique in the map, or a path of labels below the root such as `"Arts and culture/Derby QUAD"`.',
        "",
        "```",
        root.get_usage(),
        "```",
        "",
    ]
    lines += _help_text(group.help or "")
    lines += _params_table(list(group.params), root, "Global options (before the command)")
    names = group.list_commands(root)
    panels: dict[str, list[str]] = {}
    for name in names:
        panel = getattr(group.get_command(root, name), "rich_help_panel", None) or "Other"
        panels.setdefault(panel, []).append(name)
    ordered = [p for p in PANEL_ORDER if p in panels] + [p for p in panels if p not in PANEL_ORDER]
    for panel in ordered:
        lines += [f"## {panel}", ""]
        lines += [", ".join(f"[`{name}`](#mindmap-{name})" for name in panels[panel]), ""]
        for name in panels[panel]:
            lines += _command_section(name, group.get_command(root, name), root)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    """Write the reference to the file named in ARGV, or print it."""
    text = reference()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

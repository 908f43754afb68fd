"""Commands that examine a map: find problems in it and count who uses what."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from mindmap.cli._app import app, elided, note, one_line, settings, use_colour
from mindmap.errors import MindmapError, RuleError

PANEL = "View"


def _plain_table(header: list[str], rows: list[list[str]], left: int = 0) -> str:
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    out = []
    for index, line in enumerate([header, *rows]):
        cells = [
            cell.ljust(w) if i == left else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def _sector_lines(counts: Any, width: int) -> str:
    """Return the sector-by-platform counts as one line per sector, wrapped to WIDTH (for a narrow terminal)."""
    import textwrap

    return "".join(
        textwrap.fill(line, width=max(width, 40), subsequent_indent="    ").replace("\xa0", " ") + "\n"
        for line in counts.sector_lines()
    )


# Above this many findings `check` ends with a count by rule: thousands of lines are not read one by one
# (the scale trial's 100,000-node map gave 10,601 findings, all of one rule).
SUMMARISE_FROM = 20


@app.command(rich_help_panel=PANEL)
def check(
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """List faulty links, misplaced or duplicate channels and gaps; exit 1 if there are errors.

    Example: mindmap check
    """
    from mindmap import checks

    mindmap = settings().map_file.load()
    findings = checks.check(mindmap)
    errors = checks.count(findings, checks.ERROR)
    warnings = checks.count(findings, checks.WARNING)
    if as_json:
        import json

        typer.echo(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        colour = use_colour()
        for finding in findings:
            severity = finding.severity
            if colour:
                severity = typer.style(severity, fg="red" if severity == checks.ERROR else "yellow", bold=True)
            # One finding, one line, even for multi-line labels.
            typer.echo(f"{severity}: {elided(finding.path)}: {one_line(finding.message)} [{finding.rule}]")
        if len(findings) > SUMMARISE_FROM:
            note(rule_summary(findings))
        if not findings:
            note("No problems found")
        elif not errors:
            note(f"{warnings} warning{'s' if warnings != 1 else ''}, no errors")
    if errors:
        also = f" (and {warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        raise MindmapError(f"{errors:,} error{'s' if errors != 1 else ''} found{also}")


def rule_summary(findings: list[Any]) -> str:
    """Return one line counting FINDINGS by rule, most frequent first."""
    from collections import Counter

    counts = Counter(finding.rule for finding in findings)
    return "By rule: " + ", ".join(f"{rule} {number:,}" for rule, number in counts.most_common())


@app.command(rich_help_panel=PANEL)
def stats(
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Print the sector-by-platform table as CSV."),
    svg: Optional[Path] = typer.Option(None, "--svg", help="Also draw the counts as a bar chart in this SVG file."),
) -> None:
    """Count organisations and channels per sector and platform.

    Example: mindmap stats --svg derby-stats.svg
    """
    import os
    import shutil
    import sys

    from mindmap import stats as counting
    from mindmap.store import write_atomically

    if as_json and as_csv:
        raise RuleError("choose one of --json and --csv")
    mindmap = settings().map_file.load()
    counts = counting.compute(mindmap)
    if svg is not None:
        try:
            write_atomically(svg, counting.to_svg(counts))
        except OSError as error:
            raise MindmapError(f"cannot write {svg}: {error.strerror or error}") from None
        note(f"Wrote {svg}")
    if as_json:
        import json

        typer.echo(json.dumps(counts.to_dict(), indent=2, ensure_ascii=False))
        return
    if as_csv:
        typer.echo(counts.to_csv(), nl=False)
        return
    header, rows = counts.table()
    ranking = [[str(i), u.name, str(u.organisations), str(u.channels)] for i, u in enumerate(counts.platforms, 1)]
    table = _plain_table(header, rows)
    if use_colour():
        from rich.console import Console
        from rich.table import Table

        console = Console(highlight=False)
        sectors = Table(title=counts.title, show_footer=False)
        for index, name in enumerate(header):
            sectors.add_column(name, justify="left" if index == 0 else "right")
        for index, row in enumerate(rows):
            sectors.add_row(*row, style="bold" if index == len(rows) - 1 else None, end_section=index == len(rows) - 2)
        with console.capture() as captured:
            console.print(sectors)
        drawn = captured.get()
        # Rich squeezes a wide table into the terminal by breaking its headers: past a platform name broken in
        # two (many platforms), one wrapped line per sector reads better.
        if all(name in drawn for name in header[2:-2]):
            console.file.write(drawn)
        else:
            from rich.text import Text

            console.print(Text(counts.title, style="bold"))
            console.print()
            console.print(_sector_lines(counts, console.width), markup=False, end="")
        ranked = Table(title="Platforms by organisations using them")
        for index, name in enumerate(["#", "Platform", "Organisations", "Channels"]):
            ranked.add_column(name, justify="left" if index == 1 else "right")
        for line in ranking:
            ranked.add_row(*line)
        console.print(ranked)
        if counts.without_channel:
            console.print(f"[bold]Organisations without a channel ({len(counts.without_channel)})[/bold]")
            for path in counts.without_channel:
                console.print(f"  {one_line(path)}", markup=False)
        if counts.without_working_link:
            console.print(f"[bold]Organisations without a working link ({len(counts.without_working_link)})[/bold]")
            for path in counts.without_working_link:
                console.print(f"  {one_line(path)}", markup=False)
        if counts.link_gaps():
            console.print(counts.link_gaps(), markup=False)
        return
    typer.echo(counts.title)
    typer.echo()
    # On a terminal (or with COLUMNS set) a table wider than it would wrap: one wrapped line per sector then.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() or os.environ.get("COLUMNS") else None
    if width is not None and max(len(line) for line in table.splitlines()) > width:
        table = _sector_lines(counts, width)
    typer.echo(table, nl=False)
    typer.echo()
    typer.echo("Platforms by organisations using them")
    typer.echo(_plain_table(["#", "Platform", "Organisations", "Channels"], ranking, left=1), nl=False)
    if counts.without_channel:
        typer.echo()
        typer.echo(f"Organisations without a channel ({len(counts.without_channel)})")
        for path in counts.without_channel:
            typer.echo(f"  {one_line(path)}")
    if counts.without_working_link:
        typer.echo()
        typer.echo(f"Organisations without a working link ({len(counts.without_working_link)})")
        for path in counts.without_working_link:
            typer.echo(f"  {one_line(path)}")
    if counts.link_gaps():
        typer.echo()
        typer.echo(counts.link_gaps())

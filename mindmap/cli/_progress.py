"""Progress bars on standard error, shown only when it is a terminal (never in scripts, pipes or logs)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from mindmap.cli._app import settings, warn

if TYPE_CHECKING:
    from mindmap.formats import Exported, Format, WriteOptions
    from mindmap.model import MindMap


def progress_wanted() -> bool:
    """Return whether to draw progress: stderr is a terminal, not --quiet, and TERM is not 'dumb'."""
    return sys.stderr.isatty() and not settings().quiet and os.environ.get("TERM", "") != "dumb"


@contextlib.contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """Show a progress bar (or, without TOTAL, a pulsing one) while the block runs; yield advance(steps)."""
    if not progress_wanted():

        def skip(steps: int = 1) -> None:
            pass

        yield skip
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    columns.append(TimeElapsedColumn())
    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(steps: int = 1) -> None:
            bar.advance(task, steps)

        yield advance


# Maps from this many nodes take Graphviz about a second or more to draw.
BIG_MAP_NODES = 500
DRAWN_FORMATS = ("svg", "html")


@contextlib.contextmanager
def drawing(nodes: int, format_name: str = "svg") -> Iterator[None]:
    """Show a pulsing bar while a map of NODES nodes is drawn (SVG, HTML), if it is big enough to take a while."""
    if nodes < BIG_MAP_NODES or format_name not in DRAWN_FORMATS:
        yield
        return
    with progress(f"Drawing {nodes:,} nodes"):
        yield


def write_warned(fmt: Format, mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write MINDMAP in FMT, warning first of what the format knows before it starts, then of the rest."""
    from mindmap.exporting import render

    return render(mindmap, fmt, options, warn=warn, writing=lambda: drawing(len(mindmap), fmt.name))

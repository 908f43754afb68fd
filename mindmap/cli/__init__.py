"""The `mindmap` command line: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

from mindmap.cli import analyse, collaborate, edit, exchange, view  # noqa: F401  (importing registers the commands)
from mindmap.cli._app import app


def main() -> None:
    """Run the mindmap command line."""
    app()


__all__ = ["app", "main"]

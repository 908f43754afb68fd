"""The `mindmap` command line: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

# Importing a module registers its commands; the order here is the order of the help's panels.
# isort: off
from mindmap.cli import edit  # noqa: F401
from mindmap.cli import batch  # noqa: F401
from mindmap.cli import view  # noqa: F401
from mindmap.cli import analyse  # noqa: F401
from mindmap.cli import exchange  # noqa: F401
from mindmap.cli import collaborate  # noqa: F401

# isort: on
from mindmap.cli._app import app


def main() -> None:
    """Run the mindmap command line."""
    app()


__all__ = ["app", "main"]

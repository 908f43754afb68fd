"""The `mindmap` command line: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

import contextlib
import os
import sys

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
    try:
        app()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    # Leave without freeing every object one by one, as mypy does (hard_exit): after a command on a
    # 100,000-node map that teardown costs a sixth of a second, and every file is closed already.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code or 0)


__all__ = ["app", "main"]

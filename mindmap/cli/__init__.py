"""The `mindmap` command line: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

import contextlib
import copy
import errno
import gc
import os
import sys
from typing import TYPE_CHECKING

# Importing a module registers its commands; the order here is the order of the help's panels.
# isort: off
from mindmap.cli import _interrupt  # first: a Ctrl-C from here on ends the import quietly
from mindmap.cli import edit  # noqa: F401
from mindmap.cli import batch  # noqa: F401
from mindmap.cli import view  # noqa: F401
from mindmap.cli import analyse  # noqa: F401
from mindmap.cli import exchange  # noqa: F401
from mindmap.cli import collaborate  # noqa: F401

# isort: on
from mindmap import store
from mindmap.cli._app import CLOSED_PIPE_EXIT, app, silence_stdout

_interrupt.restore()

if TYPE_CHECKING:
    from typer.models import CommandInfo

# What writing to a full, closed or vanished standard output raises (with no file name, unlike a file's).
_OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO})
# Global options as `mindmap --help` lists them: those that take a value, and flags.
_VALUE_OPTIONS = ("--map", "-m")
_FLAG_OPTIONS = ("--quiet", "-q")
# Commands that run other commands (so need the whole group built).
_RUNS_OTHER_COMMANDS = frozenset({"batch"})


def command_name(info: CommandInfo) -> str:
    """Return the name a registered Typer command INFO is typed as."""
    if info.name:
        return info.name
    return getattr(info.callback, "__name__", "").lower().replace("_", "-")


def requested_command(argv: list[str]) -> str | None:
    """Return the command ARGV runs, or None if it asks for help, completion or the version, or is unclear."""
    if any(key.endswith("_COMPLETE") and key.startswith("_") for key in os.environ):
        return None  # shell completion: it lists every command
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif word.startswith("--map=") or word in _FLAG_OPTIONS:
            continue
        elif word.startswith("-"):
            return None  # --help, --version, a mistake: the whole command line answers those
        else:
            names = {command_name(info) for info in app.registered_commands}
            return word if word in names and word not in _RUNS_OTHER_COMMANDS else None
    return None


def after_broken_pipe(error: BaseException) -> bool:
    """Return whether ERROR was raised while a write to a closed pipe was being handled."""
    seen = error.__context__
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.EPIPE:
            return True
        seen = seen.__context__
    return False


def main() -> None:
    """Run the mindmap command line."""
    # The modules imported so far live as long as the process: freezing them keeps the garbage
    # collector's full passes, which a command's allocations set off, from walking them again.
    gc.freeze()
    # And the collector stays off while the command runs: one command leaves few cycles, which die with
    # the process (os._exit below), while each pass of the collector walks every object of the map that
    # the command read (60-80 ms a pass at 100,000 nodes; bulk work paused it already, see paused_gc).
    gc.disable()
    # For the same reason, the maps a command read are kept until the process ends (see store.leftovers).
    store.leftovers = []
    # Typer builds the parameters of every command before it runs one (about 15 ms for two dozen
    # commands, a tenth of start-up). A run that names its command gets a group holding only that one;
    # help, completion, the version and mistakes (which suggest commands) get the whole group.
    name = requested_command(sys.argv[1:])
    group = app
    if name is not None:
        group = copy.copy(app)
        group.registered_commands = [info for info in app.registered_commands if command_name(info) == name]
    try:
        group()
    except SystemExit as done:
        # rich (printing the help: Console.on_broken_pipe) and click (printing the version) meet a closed
        # pipe with exit 1; a closed pipe is normal use, not a failure.
        code = CLOSED_PIPE_EXIT if after_broken_pipe(done) else done.code
    except OSError as error:
        # Help and the version are printed while the command line is parsed, before MindmapGroup.invoke
        # can turn a full or closed standard output into one line: do it here. Anything else is a bug.
        if error.filename is not None or error.errno not in _OUTPUT_ERRORS:
            raise
        silence_stdout()
        if error.errno != errno.EPIPE:
            print(f"Error: cannot write to standard output: {error.strerror}", file=sys.stderr)
        code = CLOSED_PIPE_EXIT if error.errno == errno.EPIPE else 1
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

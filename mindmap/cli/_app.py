"""The Typer application, its global options, and the one place that turns errors into exit codes."""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import typer

try:  # what typer raises for command-line mistakes: its own copy of click's from typer 0.2x, else click's
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer, with click installed beside it
    from click.exceptions import UsageError  # type: ignore[import-not-found,no-redef]
from typer.core import TyperGroup

from mindmap.errors import MindmapError
from mindmap.store import DEFAULT_MAP, MapFile

_command_line = ""  # the command as typed after the global options, for the edit journal
# The exit status when the reader of standard output went away (`mindmap tree | head -1`). git, cat and
# seq die of SIGPIPE there (the shell shows 141), but the reader got all it asked for: 0 keeps scripts
# under `set -o pipefail` going and matches docs/json.md ("0 success"). Full disks still exit 1.
CLOSED_PIPE_EXIT = 0


def usage_error(error: UsageError, command: str = "mindmap") -> typer.Exit:
    """Print the command-line mistake ERROR as one 'Error: ...' line and return the exit to raise."""
    # COMMAND is whose help to point at when the error does not say (typer's parser leaves out the context of an option
    # given without its value, as in `mindmap add org X --under`).
    # Bad input of any kind gets one line and status 1 (click would print a usage block and exit 2).
    message = " ".join(error.format_message().split())
    command = error.ctx.command_path if error.ctx is not None else command
    misplaced = _misplaced_global_option(error)
    if misplaced:
        message, command = misplaced, "mindmap"
    typer.echo(f"Error: {message} (see '{command} --help')", err=True)
    return typer.Exit(1)


def _misplaced_global_option(error: UsageError) -> str:
    """Return what to say when ERROR is a command not knowing one of mindmap's own options (-q, --map), or ''."""
    name = getattr(error, "option_name", "")
    ctx = error.ctx
    if not name or ctx is None or ctx.parent is None:
        return ""  # not an unknown option, or one given to mindmap itself
    given = global_option_usage(ctx.find_root().command, name)
    if not given:
        return ""
    return (
        f"{name} is an option of mindmap itself: give it before the command, "
        f"as in 'mindmap {given} {ctx.info_name} ...'"
    )


def global_option_usage(root: Any, name: str) -> str:
    """Return how option NAME of mindmap itself (ROOT) is written before a command ('-q', '--map FILE'), or ''."""
    for param in root.params:
        # Some act alone, no command going with them: --version (eager) and the completion ones (no value).
        if param.param_type_name == "option" and name in param.opts and not param.is_eager and param.expose_value:
            return name if getattr(param, "is_flag", False) else f"{name} FILE"
    return ""


def shell_word(word: str) -> str:
    """Return WORD as a shell reads it back: "Students' Union" rather than shlex's 'Students'"'"' Union'."""
    if "'" in word and not any(char in word for char in '"$`\\!\n'):
        return f'"{word}"'  # double quotes keep every other character as it is
    return shlex.quote(word)


class MindmapGroup(TyperGroup):
    """A command group that reports MindmapError and command-line mistakes as one 'Error: ...' line, exit 1."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as error:  # a mistake in the global options, such as `mindmap --bogus`
            raise usage_error(error) from None

    def invoke(self, ctx: Any) -> Any:
        global _command_line
        words = [*getattr(ctx, "_protected_args", []), *ctx.args]
        _command_line = " ".join(shell_word(word) for word in words)
        try:
            return super().invoke(ctx)
        except UsageError as error:  # no such command, or a mistake in the command's own arguments
            named = words[0] if words and self.get_command(ctx, words[0]) is not None else ""
            raise usage_error(error, f"{ctx.command_path} {named}".strip()) from None
        except MindmapError as error:
            message = " ".join(str(error).split("\n"))
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(1) from None
        except OSError as error:
            if error.errno == errno.EPIPE:
                # The reader went away (`mindmap find x | head -1`): stop quietly, as `tree | head` does.
                silence_stdout()
                raise typer.Exit(CLOSED_PIPE_EXIT) from None
            from_stdout = error.filename is None and (writing_stdout(error) or not stdout_works())
            if not from_stdout:
                raise
            silence_stdout()  # else Python reports the same failure again when it flushes at exit
            typer.echo(f"Error: cannot write to standard output: {error.strerror}", err=True)
            raise typer.Exit(1) from None


def writing_stdout(error: BaseException) -> bool:
    """Return whether ERROR came from an echo (click's or typer's) to standard output."""
    frame = error.__traceback__
    while frame is not None:
        stream = frame.tb_frame.f_locals.get("file") if frame.tb_frame.f_code.co_name == "echo" else None
        if stream is not None and stream in (sys.stdout, getattr(sys.stdout, "buffer", None)):
            return True
        frame = frame.tb_next
    return False


def stdout_works() -> bool:
    """Return whether standard output is open and takes what was written to it."""
    if sys.stdout is None:
        return False
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return False
    return True


def silence_stdout() -> None:
    """Point standard output at the null device, so that nothing more fails on writing or flushing it."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def hide_flag_types() -> None:
    """Show no '<bool>' beside flags in the rich help, as the plain help does: a flag takes no value."""
    # A patch, since typer 0.29 offers no setting for it (0.28 prints no type for flags, so it finds nothing to
    # patch): its rich help prints display_type_rich() for every option. metavar="" would blank the column for
    # our own flags, but not for typer's --help, --install-completion and --show-completion; typer means to
    # rework that column (fastapi/typer#1410).
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "hides_flags", False):
        return  # another typer (nothing to hide), or done already

    def display_type_rich(self: Any, ctx: Any) -> Any:
        if getattr(self, "is_flag", False) and self.metavar is None:
            return None  # `--json <bool>` reads as if it wanted `--json true`
        return shown(self, ctx)

    display_type_rich.hides_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign,attr-defined,unused-ignore]


hide_flag_types()

app = typer.Typer(
    cls=MindmapGroup,
    name="mindmap",
    help="Build mind maps of who is active where: sectors, organisations and their social-media channels.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    """What the global options chose for this run."""

    map_path: str = DEFAULT_MAP
    quiet: bool = False

    @property
    def map_file(self) -> MapFile:
        """Return the map file the command works on; its edits are journaled under the command typed."""
        return MapFile(self.map_path, command=_command_line)


_current = Settings()


def settings() -> Settings:
    """Return the settings that the global options chose for the running command."""
    return _current


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"mindmap {version('mindmap')}")
        raise typer.Exit()


@app.callback()
def main_options(
    map_path: str = typer.Option(
        DEFAULT_MAP, "--map", "-m", envvar="MINDMAP_FILE", help="The map file to work on.", show_default=True
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only results, no notes or summaries."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Build mind maps of who is active where: sectors, organisations and their social-media channels."""
    global _current
    _current = Settings(map_path=map_path, quiet=quiet)


def use_colour() -> bool:
    """Return whether to colour output: only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


LINE_BREAK_SHOWN = " ⏎ "


def one_line(text: str) -> str:
    """Return TEXT on one line, each line break shown as ' ⏎ ', for listings that print one line per item."""
    return LINE_BREAK_SHOWN.join(text.splitlines())


def elided(text: str, limit: int = 160) -> str:
    """Return TEXT on one line, its middle left out as ' … ' when it is longer than LIMIT characters."""
    from mindmap.model import elided as elided_text

    return elided_text(one_line(text), limit)


# Notes held back while a batch runs (see notes_held): None when notes print at once.
_held_notes: list[str] | None = None


@contextlib.contextmanager
def notes_held() -> Iterator[list[str]]:
    """Hold the notes printed inside, for the caller to print once the work they tell of is saved."""
    global _held_notes
    held: list[str] = []
    before, _held_notes = _held_notes, held
    try:
        yield held
    finally:
        _held_notes = before


def note(message: str) -> None:
    """Print an informational line on stderr unless --quiet."""
    if _held_notes is not None:
        _held_notes.append(message)
    elif not settings().quiet:
        typer.echo(message, err=True)


def warn(message: str) -> None:
    """Print a warning line on stderr (shown even with --quiet)."""
    typer.echo(f"Warning: {message}", err=True)

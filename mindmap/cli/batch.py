"""The batch command: many edits from one file, in one process, saved once, all or nothing."""

from __future__ import annotations

import contextlib
import io
import shlex
from collections.abc import Iterator
from typing import Any

import typer

from mindmap.cli._app import app, global_option_usage, note, notes_held, settings
from mindmap.errors import MindmapError, RuleError

# Commands that only change the map; anything else (init, export, undo ...) has no place in a batch.
BATCH_COMMANDS = ("add", "move", "rename", "set", "remove", "combine", "link", "unlink")


def _scan(line: str) -> tuple[int, bool]:
    """Return where LINE's comment starts (its length if none) and whether it ends in an escaping backslash.

    As the shell reads a line: a '#' is a comment only where a word starts (after unescaped blanks), outside
    quotes; a backslash escapes the next character except in single quotes, and one at the end continues the line.
    """
    quote = ""
    escaped = False
    word_start = True
    for index, char in enumerate(line):
        blank = False
        if escaped:
            escaped = False  # an escaped blank is part of a word
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and word_start:
            return index, False  # a backslash in a comment continues nothing
        else:
            blank = char.isspace()
        word_start = blank
    return len(line), escaped


def without_comment(line: str) -> str:
    """Return LINE up to its comment, as the shell reads one: a '#' that starts a word, outside quotes."""
    # shlex's comments=True cuts at any '#', so `--url https://twitter.com/#!/derbyquad` lost its handle and
    # `--note Meeting#3` its number, where the shell that the lines are copied from keeps them.
    return line[: _scan(line)[0]]


def _joined_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (number of its first line, line) for TEXT's lines, a line ending in '\\' joined to the next."""
    # As in the shell script the lines come from: a command written over several lines with '\\'. A backslash
    # in a comment or in single quotes is only a character there.
    first, joined = 0, ""
    for number, line in enumerate(text.splitlines(), 1):
        first = first or number
        joined += line
        if _scan(joined)[1]:
            joined = joined[:-1]
            continue
        yield first, joined
        first, joined = 0, ""
    if first:
        yield first, joined


def parse_batch(text: str) -> list[tuple[int, list[str]]]:
    """Return the (line number, words) of each command in TEXT; skip blank lines and # comments."""
    commands = []
    for number, line in _joined_lines(text):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            words = shlex.split(without_comment(line))
        except ValueError as error:
            raise RuleError(f"line {number}: {error} in {line.strip()!r}") from None
        if not words:
            continue
        if words[0] == "mindmap":  # a line copied from a shell script
            words = words[1:]
        if not words or words[0] not in BATCH_COMMANDS:
            found = words[0] if words else "nothing"
            raise RuleError(
                f"line {number}: {found!r} cannot run in a batch; a batch takes the edit commands "
                f"{', '.join(BATCH_COMMANDS)}"
            )
        commands.append((number, words))
    return commands


# Words that ask a command for its help: it would only print it, and the line would count as an edit.
HELP_WORDS = ("--help", "-h")


def asks_for_help(command: Any, words: list[str]) -> str | None:
    """Return the help word (--help or -h) in the command line WORDS, not as an option's value, or None."""
    takes_value = {
        name
        for param in command.params
        if param.param_type_name == "option" and not param.is_flag and not param.count
        for name in param.opts
    }
    value_next = False
    for word in words[1:]:
        if value_next:
            value_next = False  # e.g. `set X --note -h`: the note is '-h'
        elif word == "--":
            return None  # what follows is arguments, as typed
        elif word in HELP_WORDS:
            return word
        else:
            value_next = word in takes_value
    return None


def _error_text(error: Exception) -> str:
    format_message = getattr(error, "format_message", None)
    text = format_message() if callable(format_message) else str(error)
    return " ".join(str(text).split())


# At most this many failing lines are listed; past it, a count (later lines most often fail for an earlier one).
LISTED_FAILURES = 20


def _failure_report(failures: list[tuple[int, str]], total: int) -> str:
    """Return the Error text for FAILURES; when there are several, print them on stderr first."""
    if len(failures) == 1:
        number, text = failures[0]
        # Lines before and after it ran in memory only: say that none of them was kept.
        return f"line {number}: {text}" + ("; nothing was saved" if total > 1 else "")
    for number, text in failures[:LISTED_FAILURES]:
        typer.echo(f"line {number}: {text}", err=True)
    more = len(failures) - LISTED_FAILURES
    unlisted = f" ({more:,} not listed)" if more > 0 else ""
    return (
        f"{len(failures):,} of {total:,} lines failed{unlisted}, the first on line {failures[0][0]}; nothing was saved"
    )


@app.command(rich_help_panel="Edit")
def batch(
    ctx: typer.Context,
    file: str = typer.Argument(
        ...,
        metavar="FILE",
        help="A file of edit commands, one per line as on the command line ('-' for standard input).",
    ),
) -> None:
    """Run edit commands from a file, one per line as typed after 'mindmap': one save, none if a line fails.

    Example: mindmap batch organisations.txt
    """
    from mindmap.cli._progress import progress
    from mindmap.cli.exchange import read_input

    data = read_input(file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RuleError(f"{file}: not UTF-8 text (byte {error.start})") from None
    commands = parse_batch(text)
    root = ctx.find_root()  # the mindmap group, whose commands the lines name
    group: Any = root.command
    for number, words in commands:
        help_word = asks_for_help(group.get_command(root, words[0]), words)
        if help_word:
            raise RuleError(
                f"line {number}: {help_word} has no place in a batch (it would only print help); "
                f"read it with `mindmap {words[0]} --help`"
            )
    printed = io.StringIO()  # what the commands print (add's ids) appears only when the batch is saved
    # After a failing line the others still run on the map in memory, so that one run names every bad line
    # (a 2,500-line batch with 10 bad links took 11 runs otherwise); nothing is saved if any failed.
    failures: list[tuple[int, str]] = []
    # The lines' notes ('Changed note of A') likewise: a batch that fails saves nothing, and says so alone.
    with notes_held() as held, settings().map_file.batch():
        with progress("Editing", total=len(commands)) as advance:
            for number, words in commands:
                command = group.get_command(root, words[0])
                try:
                    with contextlib.redirect_stdout(printed):
                        code = command.main(words[1:], prog_name=f"mindmap {words[0]}", standalone_mode=False)
                except (MindmapError, typer.TyperException) as error:
                    option = getattr(error, "option_name", None) or ""
                    given = global_option_usage(group, option) if option else ""
                    if given:  # `add sector Arts -q`: an option of mindmap itself, which goes before `batch`
                        raise MindmapError(
                            f"line {number}: {option} is an option of mindmap itself, not of a line: "
                            f"give it before batch, as in 'mindmap {given} batch {file}'"
                        ) from None
                    failures.append((number, _error_text(error)))
                else:
                    if code:
                        failures.append((number, f"{words[0]} failed (exit code {code})"))
                advance(1)
        # The bar is gone before the failing lines are listed (a bar redrawn over them garbles a terminal);
        # the batch still sees the error, so nothing is saved.
        if failures:
            raise MindmapError(_failure_report(failures, len(commands)))
    typer.echo(printed.getvalue(), nl=False)
    for line in held:
        note(line)
    note(f"Ran {len(commands):,} command{'s' if len(commands) != 1 else ''} from {file}")

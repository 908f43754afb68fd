"""`mindmap batch`: many edits in one process, saved once, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindmap.cli.batch import parse_batch
from mindmap.errors import RuleError
from mindmap.journal import history
from mindmap.store import MapFile


def organisations_batch(count: int, broken_line: int | None = None) -> str:
    """Return a batch that adds a sector (line 1) and COUNT organisations in it, one per line."""
    lines = ['add sector "Community and third sector"']
    for number in range(2, count + 2):
        under = "No such sector" if number == broken_line else "Community and third sector"
        lines.append(f'add org "Group {number - 1}" --under "{under}" --url https://example.org/{number - 1}')
    return "\n".join(lines) + "\n"


def test_two_hundred_organisations_in_one_batch_print_ids_and_make_one_journal_entry(run, load, map_path):
    batch_file = map_path.parent / "orgs.txt"
    batch_file.write_text(organisations_batch(200))

    result = run("batch", str(batch_file))

    assert result.exit_code == 0, result.stderr
    mindmap = load()
    sector = mindmap.resolve("Community and third sector")
    assert [mindmap.label(n) for n in mindmap.children(sector)] == [f"Group {i}" for i in range(1, 201)]
    printed = result.stdout.split()
    assert len(printed) == 201 and all(node_id in mindmap for node_id in printed)
    assert "Ran 201 commands" in result.stderr
    entries = history(MapFile(map_path))
    assert len(entries) == 1 and entries[0]["command"].startswith("batch")


def test_a_failing_line_leaves_the_map_byte_for_byte_unchanged(run, map_path):
    batch_file = map_path.parent / "orgs.txt"
    batch_file.write_text(organisations_batch(200, broken_line=150))
    before = map_path.read_bytes()

    result = run("batch", str(batch_file))

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: line 150: no node 'No such sector'")
    assert result.stdout == ""  # no ids of nodes that were never saved
    assert map_path.read_bytes() == before
    assert history(MapFile(map_path)) == []


def test_a_failing_batch_prints_no_notes_of_edits_it_did_not_save(run, map_path):
    # The Leicester trial: 'Changed note of A' was printed, then 'nothing was saved'.
    batch_file = map_path.parent / "edits.txt"
    batch_file.write_text('add sector A\nset A --note "hi"\nadd org B --under "No such sector"\n')
    failed = run("batch", str(batch_file))
    assert failed.exit_code == 1
    assert "Changed" not in failed.stderr and failed.stderr.startswith("Error: line 3: no node 'No such sector'")
    batch_file.write_text('add sector A\nset A --note "hi"\n')
    saved = run("batch", str(batch_file))
    assert saved.exit_code == 0, saved.stderr
    assert saved.stderr.splitlines()[-2:] == ["Changed note of A", f"Ran 2 commands from {batch_file}"]
    batch_file.write_text('set A --note "bye"\n')
    quiet = run("--quiet", "batch", str(batch_file))
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_batch_reads_standard_input_skips_comments_and_accepts_shell_lines(run, load):
    script = """
# the arts, as pasted from a shell script
mindmap add sector "Arts and culture"

add org "Derby QUAD" --under "Arts and culture"   # with a trailing comment
add channel @derbyquad --under "Derby QUAD" --platform twitter
set "Derby QUAD" --note 'Arts centre & cinema'
"""
    result = run("batch", "-", input=script)

    assert result.exit_code == 0, result.stderr
    mindmap = load()
    quad = mindmap.resolve("Arts and culture/Derby QUAD")
    assert mindmap.node(quad).note == "Arts centre & cinema"
    assert mindmap.node(mindmap.children(quad)[0]).url == "https://twitter.com/derbyquad"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("export map.svg", "line 2: 'export' cannot run in a batch"),
        ("init Another", "line 2: 'init' cannot run in a batch"),
        ("--map other.json add sector X", "line 2: '--map' cannot run in a batch"),
        ('add sector "unclosed', "line 2: No closing quotation"),
        ("add sector", "line 2: Missing argument 'LABEL'"),
        ("add planet Mars", "line 2: "),
        ("move Nowhere --under Elsewhere", "line 2: no node 'Nowhere'"),
    ],
)
def test_bad_lines_are_refused_with_their_line_number(run, map_path, line, message):
    before = map_path.read_bytes()

    result = run("batch", "-", input=f"add sector Fine\n{line}\n")

    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}"), result.stderr
    assert "Traceback" not in result.stderr
    assert map_path.read_bytes() == before


def test_parse_batch_numbers_lines_as_in_the_file():
    commands = parse_batch("\n# note\nadd sector A\n\n  rename A B  \n")
    assert commands == [(3, ["add", "sector", "A"]), (5, ["rename", "A", "B"])]
    with pytest.raises(RuleError, match="line 1: 'undo' cannot run"):
        parse_batch("undo\n")


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        # A backslash ending a comment is part of the comment: the next line is a command of its own.
        ("add sector A # see C:\\\nadd sector B\n", [(1, ["add", "sector", "A"]), (2, ["add", "sector", "B"])]),
        # An escaped blank is part of a word, so a '#' after it starts no comment.
        ("add topic a\\ #b --under A\n", [(1, ["add", "topic", "a #b", "--under", "A"])]),
        # In single quotes a backslash is only a character: it continues nothing.
        ("add topic 'C:\\'\nadd sector B\n", [(1, ["add", "topic", "C:\\"]), (2, ["add", "sector", "B"])]),
        # Two backslashes are one, escaped: no continuation either.
        ("add topic x\\\\\nadd sector B\n", [(1, ["add", "topic", "x\\"]), (2, ["add", "sector", "B"])]),
        # Outside quotes and comments a backslash at the end does continue the line.
        ("add topic 'x' \\\n  --under A # c\n", [(1, ["add", "topic", "x", "--under", "A"])]),
    ],
    ids=["comment", "escaped-blank", "single-quotes", "escaped-backslash", "continued"],
)
def test_parse_batch_reads_comments_and_backslashes_as_the_shell_does(text, commands):
    # As bash reads the same lines (each case checked with `printf '[%s]'`).
    assert parse_batch(text) == commands


def test_a_missing_batch_file_is_a_clear_error(run, tmp_path: Path):
    result = run("batch", str(tmp_path / "absent.txt"))
    assert result.exit_code == 1
    assert "no file" in result.stderr


def test_library_batch_saves_once_and_nothing_on_failure(map_path):
    map_file = MapFile(map_path)
    first = map_path.read_bytes()
    with map_file.batch() as outer:
        with map_file.edit() as inner:
            assert inner is outer
            inner.add("sector", "A")
        assert map_path.read_bytes() == first  # saved only when the batch ends
    assert MapFile(map_path).load().resolve("A")

    before = map_path.read_bytes()
    with pytest.raises(RuleError), map_file.batch():
        with map_file.edit() as mindmap:
            mindmap.add("sector", "B")
        raise RuleError("stop")
    assert map_path.read_bytes() == before


EDITS = [
    'add sector "Arts and culture"',
    'add sector "Education"',
    'add org "Derby QUAD" --under "Arts and culture" --note "Cinema" --attr city=Derby',
    "add channel https://twitter.com/derbyquad --under 'Derby QUAD'",
    'add org "University of Derby" --under Education --url https://www.derby.ac.uk',
    'add topic "Students" --under "University of Derby"',
    'rename "Students" "Student life"',
    'move "Derby QUAD" --under Education --position 0',
    'set "Derby QUAD" --unset city --url https://www.derbyquad.co.uk',
    'link "University of Derby" "Derby QUAD" --label "films at"',
    'add sector "Gone"',
    'remove "Gone"',
    'move "Derby QUAD" --under "Arts and culture"',
    'unlink "University of Derby" "Derby QUAD"',
]


def content(map_path: Path) -> list[tuple[str, ...]]:
    """Return what a map says, without ids and times: each node's path and fields, and the cross-links."""
    mindmap = MapFile(map_path).load()
    nodes = [
        (mindmap.path(n), mindmap.kind(n), mindmap.node(n).note, mindmap.node(n).url, str(mindmap.node(n).attributes))
        for n, _ in mindmap.walk()
    ]
    links = [(mindmap.path(link.source), mindmap.path(link.target), link.label) for link in mindmap.links()]
    return [*nodes, *links]


def test_a_batch_gives_the_same_map_as_the_commands_one_by_one(tmp_path: Path):
    import shlex

    from typer.testing import CliRunner

    from mindmap.cli import app

    one_by_one, batched = tmp_path / "one.json", tmp_path / "batch.json"
    for path in (one_by_one, batched):
        assert CliRunner().invoke(app, ["--map", str(path), "init", "Derby"]).exit_code == 0
    for line in EDITS:
        result = CliRunner().invoke(app, ["--map", str(one_by_one), *shlex.split(line)])
        assert result.exit_code == 0, (line, result.output)
    result = CliRunner().invoke(app, ["--map", str(batched), "batch", "-"], input="\n".join(EDITS))
    assert result.exit_code == 0, result.output

    assert content(batched) == content(one_by_one)
    assert len(history(MapFile(batched))) == 1 and len(history(MapFile(one_by_one))) == len(EDITS)


def test_one_undo_takes_back_a_whole_batch(run, map_path):
    before = map_path.read_bytes()
    assert run("batch", "-", input="add sector A\nadd org B --under A\nadd org C --under A\n").exit_code == 0
    result = run("undo")
    assert result.exit_code == 0 and result.stderr.startswith("Undid: batch -")
    assert [n.label for n in MapFile(map_path).load().nodes()] == ["Test map"]
    assert map_path.read_bytes() == before


@pytest.mark.parametrize(
    ("line", "word", "command"),
    [("add --help", "--help", "add"), ('set "A" -h', "-h", "set"), ("mindmap rename A B --help", "--help", "rename")],
)
def test_a_help_line_is_refused_not_counted_as_an_edit(run, map_path, line, word, command):
    run("add", "sector", "A")
    before = map_path.read_bytes()

    result = run("batch", "-", input=f"add sector Fine\n{line}\n")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: line 2: {word} has no place in a batch (it would only print help); "
        f"read it with `mindmap {command} --help`"
    )
    assert result.stdout == ""  # no help text, and no ids
    assert map_path.read_bytes() == before


def test_a_help_word_as_an_option_value_or_after_double_dash_is_text(run, load):
    result = run("batch", "-", input="add sector A --note -h\nadd sector B\nrename B -- --help\n")

    assert result.exit_code == 0, result.stderr
    mindmap = load()
    assert mindmap.node(mindmap.resolve("A")).note == "-h"
    assert mindmap.resolve("--help")


@pytest.mark.parametrize(
    ("line", "given"), [("add sector B -q", "-q"), ("add sector B --map other.json", "--map FILE")]
)
def test_a_global_option_on_a_line_says_it_goes_before_batch(run, map_path, line, given):
    before = map_path.read_bytes()

    result = run("batch", "-", input=f"add sector A\n{line}\n")

    assert result.exit_code == 1
    option = given.split()[0]
    assert result.stderr.strip() == (
        f"Error: line 2: {option} is an option of mindmap itself, not of a line: "
        f"give it before batch, as in 'mindmap {given} batch -'"
    )
    assert map_path.read_bytes() == before


def test_an_unknown_option_on_a_line_is_still_named_as_such(run, map_path):
    result = run("batch", "-", input="add sector A --bogus\n")

    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: line 1: No such option: --bogus"


def test_a_refused_set_leaves_no_relabel_behind_for_the_later_lines(run, load, map_path):
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    assert run("add", "channel", "https://instagram.com/oldquad", "--under", "Derby QUAD").exit_code == 0
    before = map_path.read_bytes()
    batch_file = map_path.parent / "edits.txt"
    # Line 1 fails after its new link would have renamed the channel; line 2 names it as it still is.
    batch_file.write_text(
        'set "Derby QUAD/Instagram @oldquad" --url https://instagram.com/newquad --note x --unset note\n'
        'set "Derby QUAD/Instagram @oldquad" --note "The main account"\n'
    )

    result = run("batch", str(batch_file))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: line 1: cannot both set and unset 'note' in one change: give one of them; nothing was saved"
    )
    assert map_path.read_bytes() == before
    assert load().resolve("Derby QUAD/Instagram @oldquad")

"""The Markdown export credits the map (front matter: authors, licence, date, description), and its import reads
the credits back: the details the web page and the drawing credit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats import WriteOptions, markdown
from mindmap.model import MindMap
from mindmap.store import MapFile


def credited_map(tmp_path: Path) -> Path:
    """Return the path of a map with authors, a licence and a description, an organisation and a channel."""
    path = tmp_path / "derby.json"
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["--map", str(path), "init", "Social media in Derby", "-a", "Tim Davies", "-a", "Paul Cole"]
        + ["--license", "CC BY-SA 4.0", "--description", 'Who runs which "accounts": & < >'],
    )
    assert made.exit_code == 0, made.output
    for args in (
        ["add", "sector", "Arts"],
        ["add", "org", "Derby QUAD", "--under", "Arts"],
        ["add", "channel", "https://twitter.com/derbyquad", "--under", "Derby QUAD"],
    ):
        assert runner.invoke(app, ["--map", str(path), *args]).exit_code == 0
    return path


def test_markdown_export_credits_the_map_and_the_import_reads_them_back(tmp_path: Path) -> None:
    path = credited_map(tmp_path)
    target = tmp_path / "derby.md"
    result = CliRunner().invoke(app, ["--map", str(path), "export", str(target)])
    assert result.exit_code == 0, result.output
    assert "author" not in result.stderr and "licence" not in result.stderr  # no longer reported as left out
    original = MapFile(path).load()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[:8] == [
        "---",
        'author: ["Tim Davies", "Paul Cole"]',
        'license: "CC BY-SA 4.0"',
        f'date: "{original.meta.created}"',
        'description: "Who runs which \\"accounts\\": & < >"',
        "---",
        "",
        "# Social media in Derby",
    ]
    copy = tmp_path / "copy.json"
    back = CliRunner().invoke(app, ["--map", str(copy), "init", "--from", str(target)])
    assert back.exit_code == 0, back.output
    read = MapFile(copy).load()
    assert read.meta.authors == ["Tim Davies", "Paul Cole"]
    assert (read.meta.license, read.meta.description) == ("CC BY-SA 4.0", original.meta.description)
    assert (read.meta.title, read.meta.created) == (original.meta.title, original.meta.created)
    # The front matter is no note of the root, nor a node: the tree comes back as it was.
    assert read.node(read.root).note == ""
    assert [(read.label(n), level) for n, level in read.walk()] == [
        (original.label(n), level) for n, level in original.walk()
    ]


def test_a_map_without_credits_exports_none(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    assert CliRunner().invoke(app, ["--map", str(path), "init", "Plain"]).exit_code == 0
    mindmap = MapFile(path).load()
    mindmap.meta.created = ""
    text = markdown.write(mindmap, WriteOptions()).data.decode()
    assert text == "# Plain\n\n"


def test_credits_in_front_matter_from_other_tools_are_read() -> None:
    source = '---\ntitle: "Derby"\nauthor: Tim, Paul\ndate: 2010-06-01\nmarkmap:\n  date: x\n---\n\nBy someone\n\n- A\n'
    read: Any = markdown.read(source.encode()).mindmap
    assert (read.meta.title, read.meta.authors, read.meta.created) == ("Derby", ["Tim", "Paul"], "2010-06-01")
    assert read.node(read.root).note == "By someone"  # a paragraph stays the note it always was


def test_credits_written_on_the_lines_below_their_key_are_read_whole() -> None:
    # pandoc's and Jekyll's usual forms: a list of authors, a description folded (>) or kept (|) over lines.
    # The first line alone gave the description '>' and no authors.
    source = (
        '---\nauthor:\n  - Tim\n  - "Paul Cole"\ndescription: |\n  Which organisations of Derby\n  run which'
        " channels.\nlicense: >-\n  CC BY 4.0\n  (text and figures)\nmarkmap:\n  colorFreezeLevel: 2\n---\n\n- A\n"
    )
    read: Any = markdown.read(source.encode()).mindmap
    assert read.meta.authors == ["Tim", "Paul Cole"]
    assert read.meta.description == "Which organisations of Derby\nrun which channels."
    assert read.meta.license == "CC BY 4.0 (text and figures)"
    assert [read.label(node_id) for node_id, _ in read.walk()][1:] == ["A"]


def test_front_matter_in_yaml_block_forms_is_read_not_taken_for_its_indicators() -> None:
    # pandoc's authors as a '- ' list (names or maps with 'name:'), a '|' or '>' text, single quotes, comments:
    # the credits are the texts, never '|', '>-' or a Python spelling of what the file holds.
    source = (
        "---\nauthor:\n  - Ann\n  - name: 'O''Brien'\n    affiliation: Derby\n"
        "description: |\n  line one\n  line two\n\nlicense: >-\n  CC BY\n  4.0\n"
        "date: 2010-06-01 # first survey\nkeywords: [1, true, null]\n---\n# Root\n- a\n"
    )
    read: Any = markdown.read(source.encode()).mindmap
    assert read.meta.authors == ["Ann", "O'Brien"]
    assert (read.meta.description, read.meta.license, read.meta.created) == (
        "line one\nline two",
        "CC BY 4.0",
        "2010-06-01",
    )
    assert [read.label(n) for n, _ in read.walk()] == ["Root", "a"]
    flow: Any = markdown.read(b'---\nauthor: ["Ann", [1, 2], true, null, 3]\n---\n# R\n- a\n').mindmap
    assert flow.meta.authors == ["Ann", "3"]


def test_a_title_other_than_the_root_label_goes_in_front_matter_and_comes_back() -> None:
    # The export wrote no title, so a map titled apart from its root came back titled as its root, unreported.
    mindmap = MindMap("Social media in Derby", root_label="Derby")
    mindmap.add("sector", "Arts", mindmap.root)
    text = markdown.write(mindmap, WriteOptions()).data.decode()
    assert text.startswith('---\ntitle: "Social media in Derby"\n')
    back = markdown.read(text.encode()).mindmap
    assert (back.meta.title, back.label(back.root)) == ("Social media in Derby", "Derby")
    assert [back.label(n) for n, _ in back.walk()] == ["Derby", "Arts"]
    # A map titled as its root writes no title: the heading says it.
    same = MindMap("Derby")
    assert "title:" not in markdown.write(same, WriteOptions()).data.decode()

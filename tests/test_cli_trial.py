"""What a new user's trial of the command line found: stale channel labels, silent no-ops, plural slips."""

from __future__ import annotations

import pytest

from mindmap.formats import counted, describe_losses
from mindmap.importing import ImportReport


@pytest.fixture
def org(run):
    run("add", "sector", "Arts")
    run("add", "org", "O2", "--under", "Arts")
    return "O2"


def test_set_url_remakes_a_label_made_from_the_old_link(run, load, org):
    node_id = run("add", "channel", "https://twitter.com/oldhandle", "--under", org).stdout.strip()
    result = run("set", "Twitter @oldhandle", "--url", "https://www.instagram.com/newhandle")
    assert result.exit_code == 0, result.stderr
    node = load().node(node_id)
    assert (node.label, node.platform, node.url) == (
        "Instagram @newhandle",
        "instagram",
        "https://instagram.com/newhandle",
    )
    assert "Relabelled 'Twitter @oldhandle' as 'Instagram @newhandle'" in result.stderr


def test_set_url_keeps_a_label_the_user_chose(run, load, org):
    node_id = run("add", "channel", "Our feed", "--url", "https://twitter.com/feed", "--under", org).stdout.strip()
    result = run("set", node_id, "--url", "https://www.instagram.com/feed2")
    assert result.exit_code == 0, result.stderr
    node = load().node(node_id)
    assert (node.label, node.url) == ("Our feed", "https://instagram.com/feed2")
    assert "Relabelled" not in result.stderr


@pytest.mark.parametrize("text", ["https://twitter.com/derby quad", "@derby quad", "www.derby quad.org"])
def test_add_channel_refuses_a_link_with_a_space(run, map_path, org, text):
    before = map_path.read_bytes()
    result = run("add", "channel", text, "--under", org)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "not a link or handle" in result.stderr
    assert map_path.read_bytes() == before


def test_add_channel_still_takes_a_free_label(run, load, org):
    result = run("add", "channel", "Twitter @derbyquad", "--under", org)
    assert result.exit_code == 0, result.stderr
    assert load().node(result.stdout.strip()).url == ""


def test_set_with_nothing_to_change_is_refused(run, map_path, org):
    before = map_path.read_bytes()
    result = run("set", org)
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: nothing to change: give --note, --url, --kind, --colour, --attr, --unset or --fold\n"
    )
    assert map_path.read_bytes() == before


def test_counts_of_one_are_singular():
    assert counted(1, "nodes") == "1 node"
    assert counted(2, "unsafe urls") == "2 unsafe urls"
    assert describe_losses("svg", {"unsafe urls": 1, "notes": 1, "cross-links": 3}) == (
        "svg: 1 unsafe url, 1 note and 3 cross-links not written"
    )
    report = ImportReport(top="x", dropped={"attributes": 1})
    assert report.dropped_line("freemind") == "freemind: 1 attribute not imported"


def test_export_of_one_node_says_node(run, tmp_path):
    result = run("export", str(tmp_path / "one.json"))
    assert result.exit_code == 0, result.stderr
    assert "(json, 1 node)" in result.stderr


@pytest.mark.parametrize("command", ["export", "view"])
def test_layout_help_names_every_layout_the_renderer_takes(command):
    import typer

    from mindmap.cli import app
    from mindmap.formats._dot import LAYOUTS

    group = typer.main.get_command(app)
    option = next(p for p in group.commands[command].params if p.name == "layout")  # type: ignore[attr-defined]
    for name in LAYOUTS:
        assert name in option.help


def test_coloured_tree_dims_only_the_guides(run, org, monkeypatch):
    import re

    from mindmap.cli import view

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setattr(view, "use_colour", lambda: True)
    result = run("tree")
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "O2" in line)
    # The SGR codes in force where the label starts: none of them is 2 (dim).
    before_label = line[: line.index("O2")]
    codes = re.findall(r"\x1b\[([0-9;]*)m", before_label)
    assert codes, "the tree was not coloured"
    last_reset = max((i for i, code in enumerate(codes) if code in ("", "0")), default=-1)
    in_force = [part for code in codes[last_reset + 1 :] for part in code.split(";")]
    assert "2" not in in_force, repr(line)
    assert "\x1b[2m" in line  # the guide is still dim


def test_listings_print_one_line_per_item(run, org):
    run("add", "org", "Two\nlines", "--under", "Arts")
    found = run("find", "lines")
    assert found.exit_code == 0
    assert found.stdout.count("\n") == 1 and "Arts/Two ⏎ lines  [" in found.stdout
    checked = run("check")
    assert "Arts/Two ⏎ lines" in checked.stdout
    for line in checked.stdout.splitlines():
        assert not line.startswith(("lines", "  lines")), checked.stdout
    run("rename", "Two\nlines", "Three\nlines")
    logged = run("log", "-n", "1")
    assert logged.stdout.splitlines()[0].endswith("rename 'Two ⏎ lines' 'Three ⏎ lines'"), logged.stdout
    assert all(line.startswith(("20", "    ")) for line in logged.stdout.splitlines()), logged.stdout


def test_svg_and_stats_chart_say_one_node_and_one_organisation():
    from mindmap.formats import WriteOptions, get_format
    from mindmap.model import MindMap
    from mindmap.stats import compute, to_svg

    mindmap = MindMap("Alone")
    write = get_format("svg").write
    assert write is not None
    assert b"A mind map of 1 node." in write(mindmap, WriteOptions()).data
    org = mindmap.add("org", "Gallery", mindmap.add("sector", "Arts"))
    mindmap.add("channel", "t", org, url="https://twitter.com/gallery")
    assert b"1 organisation runs 1 channel; 0 organisations have none." in to_svg(compute(mindmap))


def test_set_url_remakes_a_label_made_the_old_way_from_a_youtube_path(run, load, org):
    # Before stop 15 a YouTube channel added by link was labelled 'YouTube user/derbycc'; such a label is
    # still known as made from the link, so a new link remakes it.
    node_id = run(
        "add", "channel", "YouTube user/derbycc", "--url", "https://youtube.com/user/derbycc", "--under", org
    ).stdout.strip()
    result = run("set", node_id, "--url", "https://www.youtube.com/user/derbycouncil")
    assert result.exit_code == 0, result.stderr
    assert load().node(node_id).label == "YouTube derbycouncil"
    assert "Relabelled 'YouTube user/derbycc' as 'YouTube derbycouncil'" in result.stderr


def test_a_coloured_tree_prints_in_chunks_the_same_as_line_by_line(run, org, monkeypatch):
    # The scale trial: a print per line took a 100,000-node tree 8 s on a terminal (1.2 s uncoloured).
    import re

    from mindmap.cli import view

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for index in range(7):
        assert run("add", "org", f"Org {index}", "--under", "Arts", "--note", "a note").exit_code == 0
    plain = run("tree").stdout
    monkeypatch.setattr(view, "use_colour", lambda: True)
    outputs = []
    for lines_per_print in (1, 3, 4, 10_000):
        monkeypatch.setattr(view, "_LINES_PER_PRINT", lines_per_print)
        result = run("tree")
        assert result.exit_code == 0
        outputs.append(result.stdout)
    assert outputs[1:] == outputs[:1] * 3
    assert "\x1b[" in outputs[0] and re.sub(r"\x1b\[[0-9;]*m", "", outputs[0]) == plain

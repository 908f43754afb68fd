"""Each editing and viewing command through the CLI, with the saved file checked through the library."""

from __future__ import annotations

import json

import pytest

from mindmap.store import MapFile


@pytest.fixture
def derbyish(run):
    """Fill the test map with a sector, an organisation and a channel; return their ids."""
    sector = run("add", "sector", "Arts and culture").stdout.strip()
    org = run("add", "org", "Derby QUAD", "--under", "Arts and culture", "--note", "cinema").stdout.strip()
    channel = run("add", "channel", "Twitter @derbyquad", "--under", org, "--url", "https://twitter.com/derbyquad")
    return {"sector": sector, "org": org, "channel": channel.stdout.strip()}


@pytest.mark.parametrize(
    ("title", "hint"),
    [("social.json", "mindmap --map social.json init TITLE"), ("map.mm", "mindmap init --from map.mm")],
)
def test_init_refuses_a_file_name_as_title(run, tmp_path, title, hint):
    # A newcomer's `mindmap init social.json` made ./mindmap.json titled 'social.json'.
    new = tmp_path / "new.json"
    result = run("--map", str(new), "init", title)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and hint in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not new.exists()


@pytest.mark.parametrize("name", ["new.mm", "new.CSV", "new.opml"])
def test_init_refuses_a_map_file_named_as_another_format(run, tmp_path, name):
    # A trial's `mindmap -m new.mm init Title` wrote JSON into new.mm, which `init --from new.mm` then refused.
    path = tmp_path / name
    result = run("--map", str(path), "init", "Title")
    assert result.exit_code == 1
    assert "name it 'new.json'" in result.stderr and "mindmap export" in result.stderr
    assert not path.exists()


def test_a_mistyped_parent_is_not_offered_as_a_new_sector(run, tmp_path):
    path = tmp_path / "m.json"
    assert run("--map", str(path), "init", "Leicester").exit_code == 0
    run("--map", str(path), "add", "sector", "Media")
    run("--map", str(path), "add", "org", "Leicester Mercury", "--under", "Media")
    typo = run("--map", str(path), "add", "channel", "x", "--under", "Leicster Mercury")
    assert "did you mean 'Leicester Mercury'" in typo.stderr and "start it" not in typo.stderr
    typo = run("--map", str(path), "add", "org", "BBC", "--under", "Medai")
    assert "did you mean 'Media'" in typo.stderr and "start it" not in typo.stderr
    new = run("--map", str(path), "add", "org", "BBC", "--under", "Broadcasting")
    assert "mindmap add sector Broadcasting" in new.stderr


def test_init_takes_titles_with_dots(run, tmp_path):
    path = tmp_path / "new.json"
    for title in ("Derby 2.0", "Social media in Derby (v1.2)", "maps.example.org"):
        assert run("--map", str(path), "init", title, "--force").exit_code == 0
        assert MapFile(path).load().meta.title == title


def test_init_refuses_to_overwrite_without_force(run, map_path):
    before = map_path.read_bytes()
    result = run("init", "Other")
    assert result.exit_code == 1
    assert "already exists; use --force" in result.stderr
    assert map_path.read_bytes() == before
    assert run("init", "Other", "--force", "--author", "A", "--author", "B", "--license", "CC0").exit_code == 0
    meta = MapFile(map_path).load().meta
    assert (meta.title, meta.authors, meta.license) == ("Other", ["A", "B"], "CC0")


def test_add_prints_the_id_and_saves_fields(run, map_path, derbyish):
    m = MapFile(map_path).load()
    org = m.node(derbyish["org"])
    assert (org.kind, org.label, org.note, org.added_by) == ("organisation", "Derby QUAD", "cinema", "tester")
    assert org.added_at.endswith("Z")
    channel = m.node(derbyish["channel"])
    assert m.parent(channel.id) == org.id
    result = run("add", "topic", "Ideas", "--attr", "a=1", "--attr", "b=x=y", "--by", "Bel")
    node = MapFile(map_path).load().node(result.stdout.strip())
    assert node.attributes == {"a": "1", "b": "x=y"}
    assert node.added_by == "Bel"


def test_move_rename_set_remove(run, map_path, derbyish):
    run("add", "sector", "Education")
    assert run("move", "Derby QUAD", "--under", "Education").exit_code == 0
    assert run("rename", "Derby QUAD", "QUAD").exit_code == 0
    assert (
        run("set", "QUAD", "--url", "https://derbyquad.co.uk", "--attr", "city=Derby", "--unset", "note").exit_code == 0
    )
    m = MapFile(map_path).load()
    org = m.node(derbyish["org"])
    assert m.path(org.id) == "Education/QUAD"
    assert (org.url, org.note, org.attributes) == ("https://derbyquad.co.uk", "", {"city": "Derby"})
    result = run("remove", "QUAD")
    assert result.exit_code == 1 and "--recursive" in result.stderr
    assert run("remove", "QUAD", "--recursive").exit_code == 0
    assert derbyish["org"] not in MapFile(map_path).load()


def test_link_and_unlink(run, map_path, derbyish):
    assert run("link", "Derby QUAD", "Arts and culture", "--label", "in").exit_code == 0
    links = MapFile(map_path).load().links()
    assert [(x.source, x.target, x.label) for x in links] == [(derbyish["org"], derbyish["sector"], "in")]
    assert run("unlink", "Derby QUAD", "Arts and culture").exit_code == 0
    assert MapFile(map_path).load().links() == []


def test_tree_plain_shows_markers_and_literal_labels(run):
    run("add", "sector", "[bold]Not markup[/bold]")
    out = run("tree").stdout
    assert out.splitlines() == ["◉ Test map", "└── ■ [bold]Not markup[/bold]"]
    assert run("tree", "--depth", "0").stdout == "◉ Test map\n"


def test_tree_json_and_show_json(run, derbyish):
    tree = json.loads(run("tree", "--json").stdout)
    assert tree["children"][0]["children"][0]["label"] == "Derby QUAD"
    shown = json.loads(run("show", "Derby QUAD", "--json").stdout)
    assert shown["path"] == "Arts and culture/Derby QUAD"
    assert shown["children"] == [derbyish["channel"]]


def test_show_and_find(run, derbyish):
    out = run("show", derbyish["channel"]).stdout
    assert "https://twitter.com/derbyquad" in out and "Arts and culture/Derby QUAD/Twitter @derbyquad" in out
    assert run("find", "CINEMA").stdout.startswith("Arts and culture/Derby QUAD")
    found = json.loads(run("find", "twitter", "--json").stdout)
    assert [f["id"] for f in found] == [derbyish["channel"]]


def test_find_by_kind_and_platform(run, derbyish):
    facebook = run(
        "add", "channel", "Facebook QUAD", "--under", derbyish["org"], "--url", "https://www.facebook.com/derbyquad"
    )
    facebook_id = facebook.stdout.strip()
    run("add", "topic", "Twitter list", "--under", "Arts and culture")
    assert run("find", "--platform", "Twitter").stdout.splitlines() == [
        f"Arts and culture/Derby QUAD/Twitter @derbyquad  [{derbyish['channel']}]"
    ]
    assert [f["id"] for f in json.loads(run("find", "-p", "fb", "--json").stdout)] == [facebook_id]
    assert [f["id"] for f in json.loads(run("find", "twitter", "--kind", "topic", "--json").stdout)] != []
    assert [f["kind"] for f in json.loads(run("find", "--kind", "org", "--json").stdout)] == ["organisation"]
    nothing = run("find", "quad", "--kind", "sector")
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (1, "", "No node matches 'quad', kind sector\n")
    for words, message in (
        ([], "Error: say what to find: TEXT, --kind or --platform"),
        (["--kind", "planet"], "Error: unknown kind 'planet'"),
        (["--platform", "myspace"], "Error: unknown platform 'myspace'"),
    ):
        result = run("find", *words)
        assert result.exit_code == 1 and result.stderr.startswith(message), result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "channel", "x", "--under", "Arts and culture"), "a channel cannot go under a sector"),
        (("add", "org", "", "--under", "Arts and culture"), "a label cannot be empty"),
        (("add", "topic", "x", "--under", "Nowhere"), "no node 'Nowhere'"),
        (("add", "topic", "x", "--attr", "novalue"), "--attr takes KEY=VALUE"),
        (("move", "Arts and culture", "--under", "Derby QUAD"), "under itself or its own descendant"),
        (("remove", "Test map", "--recursive"), "the root cannot be removed"),
        (("rename", "Derby QUAD", "a\x07b"), "control character"),
        (("set", "Derby QUAD", "--kind", "channel"), "a channel cannot go under a sector"),
        (("unlink", "Derby QUAD", "Arts and culture"), "there is no link"),
        (("show", "Derby"), "no node 'Derby'"),
    ],
)
def test_errors_exit_1_with_one_line_and_leave_the_file(run, map_path, derbyish, args, message):
    before = map_path.read_bytes()
    result = run(*args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert map_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "planet", "X"), "unknown kind 'planet'"),
        (("add", "root", "X"), "a map has exactly one root"),
        (("add", "org", " ", "--under", "Anywhere"), "a label cannot be empty"),
        (("add", "org", "X", "--platform", "twitter"), "--platform and --label are for channels only"),
        (("add", "topic", "X", "--attr", "novalue"), "--attr takes KEY=VALUE"),
        (("rename", "Anything", ""), "a label cannot be empty"),
        (("set", "Anything", "--kind", "planet"), "unknown kind 'planet'"),
    ],
)
def test_mistakes_that_need_no_map_are_found_before_the_map_is_read(tmp_path, monkeypatch, args, message):
    # A big map takes a second to read: a mistyped kind or label fails at once, whatever the map holds.
    from typer.testing import CliRunner

    from mindmap.cli import app
    from mindmap.model import MindMap

    def unread(self: MapFile) -> bytes:
        raise AssertionError("the map was read")

    map_path = tmp_path / "map.json"
    MapFile(map_path).create(MindMap("Test map"))
    monkeypatch.setattr(MapFile, "read_bytes", unread)
    result = CliRunner().invoke(app, ["--map", str(map_path), *args])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}"), result.stderr


def test_missing_map_file_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from mindmap.cli import app

    result = CliRunner().invoke(app, ["--map", str(tmp_path / "none.json"), "tree"])
    assert result.exit_code == 1
    assert "no map file" in result.stderr and "mindmap init" in result.stderr


def test_command_line_mistakes_get_one_error_line_and_exit_1(run, map_path):
    before = map_path.read_bytes()
    for words, message in (
        (["add"], "Error: Missing argument 'KIND'. (see 'mindmap add --help')\n"),
        (["frobnicate"], "Error: No such command 'frobnicate'. (see 'mindmap --help')\n"),
        (["--bogus", "tree"], "Error: No such option: --bogus (see 'mindmap --help')\n"),
        (["tree", "--depth", "x"], None),
        (["log", "-n", "-3"], None),
    ):
        result = run(*words)
        assert result.exit_code == 1, words
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
        if message is not None:
            assert result.stderr == message
    assert map_path.read_bytes() == before


def test_map_from_environment(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from mindmap.cli import app

    path = tmp_path / "env.json"
    monkeypatch.setenv("MINDMAP_FILE", str(path))
    assert CliRunner().invoke(app, ["init", "From env"]).exit_code == 0
    assert MapFile(path).load().meta.title == "From env"


def test_a_move_to_where_the_node_already_is_changes_nothing(run, map_path, derbyish):
    run("add", "org", "Museum", "--under", "Arts and culture")
    before = map_path.read_bytes()
    result = run("move", "Derby QUAD", "--under", "Arts and culture", "--position", "0")
    assert result.exit_code == 0
    assert result.stderr == "Already at Arts and culture/Derby QUAD\n"
    assert map_path.read_bytes() == before  # not saved, so not journaled, and modified_at unchanged
    moved = run("move", "Derby QUAD", "--under", "Arts and culture")  # to the end: a real move
    assert moved.stderr == "Moved to Arts and culture/Derby QUAD\n"
    assert map_path.read_bytes() != before
    assert MapFile(map_path).load().children(derbyish["sector"])[-1] == derbyish["org"]


def test_set_fold_and_unfold_a_node_for_the_mm_and_markdown_exports(run, load, map_path, tmp_path):
    arts = run("add", "sector", "Arts and culture").stdout.strip()
    run("add", "org", "Derby QUAD", "--under", arts)

    folded = run("set", "Arts and culture", "--fold")

    assert folded.exit_code == 0, folded.stderr
    assert folded.stderr == "Folded Arts and culture\n"
    assert load().node(arts).folded
    run("export", str(tmp_path / "map.mm"))
    (sector_line,) = [
        line for line in (tmp_path / "map.mm").read_text().splitlines() if 'TEXT="Arts and culture"' in line
    ]
    assert 'FOLDED="true"' in sector_line
    assert "<!-- markmap: fold -->" in run("export", "-", "--format", "markdown").stdout
    both = run("set", arts, "--unfold", "--note", "Theatres")
    assert both.stderr == "Changed note of Arts and culture, and unfolded it\n"
    assert not load().node(arts).folded
    assert '"folded"' not in map_path.read_text()  # unfolded is the default: not stored


@pytest.mark.parametrize(
    ("args", "given"),
    [(["tree", "-q"], "-q"), (["tree", "--quiet"], "--quiet"), (["tree", "--map", "x.json"], "--map FILE")],
)
def test_a_global_option_after_the_command_says_where_it_goes(run, map_path, args, given):
    before = map_path.read_bytes()
    result = run(*args)
    assert result.exit_code == 1
    name = given.split()[0]
    assert result.stderr == (
        f"Error: {name} is an option of mindmap itself: give it before the command, as in "
        f"'mindmap {given} tree ...' (see 'mindmap --help')\n"
    )
    assert map_path.read_bytes() == before


@pytest.mark.parametrize("option", ["--version", "--show-completion", "--install-completion"])
def test_an_option_of_mindmap_that_acts_alone_is_still_no_such_option_after_a_command(run, option):
    assert run("tree", option).stderr.startswith(f"Error: No such option: {option}")


def test_a_slash_written_as_in_a_path_is_a_slash_in_a_new_label(run, load):
    arts = run("add", "sector", "Arts and culture").stdout.strip()
    fest = run("add", "org", "Sheffield Doc\\/Fest", "--under", arts).stdout.strip()
    channel = run("add", "channel", "https://twitter.com/sheffdocfest", "--under", fest, "--label", "Doc\\/Fest X")
    assert channel.exit_code == 0, channel.stderr
    run("add", "org", "Site Gallery", "--under", arts)
    renamed = run("rename", "Site Gallery", "Site\\/Gallery")

    mindmap = load()
    assert [mindmap.label(kid) for kid in mindmap.children(arts)] == ["Sheffield Doc/Fest", "Site/Gallery"]
    assert mindmap.label(channel.stdout.strip()) == "Doc/Fest X"
    assert renamed.stderr == "Renamed to Arts and culture/Site\\/Gallery (was 'Site Gallery')\n"
    # Both spellings name it.
    assert mindmap.resolve("Arts and culture/Sheffield Doc\\/Fest") == mindmap.resolve("Sheffield Doc/Fest") == fest

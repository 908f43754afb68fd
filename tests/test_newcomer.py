"""A newcomer's trial of the command line: what tripped a first-time user, each fixed and kept fixed."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats import WriteOptions, get_format
from mindmap.formats._palette import PALETTE
from mindmap.formats._palette import branch_colours as palette_colours
from mindmap.formats._style import branch_colours as style_colours
from mindmap.merge import merge_maps
from mindmap.model import MindMap, normalise_kind
from mindmap.store import MapFile


def test_a_map_git_merged_as_text_says_how_to_merge_it_again(run, map_path):
    text = map_path.read_text("utf-8").splitlines(keepends=True)
    middle = len(text) // 2
    conflicted = [*text[:middle], "<<<<<<< HEAD\n", *text[middle:], "=======\n", ">>>>>>> theirs\n"]
    map_path.write_text("".join(conflicted), "utf-8")
    result = run("tree")
    assert result.exit_code == 1
    assert f"line {middle + 1}: git's conflict markers" in result.stderr
    # The advice names the map itself, ready to paste (it said FILE).
    quoted = shlex.quote(str(map_path))
    assert f"`mindmap --map {quoted} git-setup`" in result.stderr and f"`git checkout -m {quoted}`" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_importing_a_map_git_merged_as_text_names_that_file_in_the_advice(run, map_path, tmp_path):
    # `import` and `init --from` said `mindmap --map FILE git-setup` without saying which file.
    other = tmp_path / "other map.json"
    other.write_text("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n", "utf-8")
    before = map_path.read_bytes()
    quoted = shlex.quote(str(other))
    for words in (["import", str(other)], ["--map", str(tmp_path / "new.json"), "init", "--from", str(other)]):
        result = run(*words)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {other}: line 1: git's conflict markers"), result.stderr
        assert f"`mindmap --map {quoted} git-setup`" in result.stderr and f"`git checkout -m {quoted}`" in result.stderr
    assert map_path.read_bytes() == before
    assert not (tmp_path / "new.json").exists()
    # From standard input there is no file to name: it says where the text came from, and no placeholder FILE.
    result = run("import", "-", "--format", "json", input=other.read_text("utf-8"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: standard input, line 1: git's conflict markers"), result.stderr
    assert "FILE" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert map_path.read_bytes() == before


def git_repository(folder: Path) -> None:
    """Make FOLDER a git repository, or skip the test when git is missing."""
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)


def test_git_setup_warns_when_the_map_it_registers_is_not_there(tmp_path, monkeypatch):
    git_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    MapFile(tmp_path / "team.json").create(MindMap("Team", by="tester"))
    result = CliRunner().invoke(app, ["git-setup"])  # the default map, mindmap.json, is not the team's map
    assert result.exit_code == 0, result.output
    assert "Warning: there is no map file 'mindmap.json' yet" in result.stderr
    assert "mindmap --map FILE git-setup" in result.stderr
    named = CliRunner().invoke(app, ["--map", "team.json", "git-setup"])
    assert named.exit_code == 0 and "Warning" not in named.stderr
    assert "/team.json merge=mindmap" in (tmp_path / ".gitattributes").read_text("utf-8")


# Sends Ctrl-C to itself while the command line's modules are being imported (deterministically: when
# Python looks for the module that defines the edit commands).
INTERRUPT_WHILE_IMPORTING = """
import os, signal, sys
# The handler as a terminal gives it (HANDLER): a shell runs a background job (as CI may) with Ctrl-C ignored.
signal.signal(signal.SIGINT, HANDLER)
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "mindmap.cli.edit":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
from mindmap.cli import main
print("not interrupted")
"""


def test_ctrl_c_while_starting_leaves_quietly_with_status_130():
    code = INTERRUPT_WHILE_IMPORTING.replace("HANDLER", "signal.default_int_handler")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")


def test_importing_the_package_leaves_the_command_line_and_networkx_unloaded():
    code = "import sys, mindmap; print('networkx' in sys.modules, mindmap.MindMap.__name__, 'networkx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=os.environ)
    assert done.stdout.split() == ["False", "MindMap", "True"], done.stderr


@pytest.fixture
def arts(run):
    """Return the map with sectors Arts and Education, and organisations Quad and Museum under Arts."""
    for args in (
        ("add", "sector", "Arts"),
        ("add", "sector", "Education"),
        ("add", "org", "Quad", "--under", "Arts"),
        ("add", "org", "Museum", "--under", "Arts"),
    ):
        assert run(*args).exit_code == 0
    return run


def test_move_takes_the_new_parent_as_a_second_argument_like_mv(arts, load):
    result = arts("move", "Quad", "Education")
    assert result.exit_code == 0, result.stderr
    mindmap = load()
    assert mindmap.path(mindmap.resolve("Quad")) == "Education/Quad"
    assert result.stderr == "Moved to Education/Quad\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Quad",), "Error: say where to: mindmap move Quad --under PARENT\n"),
        (
            ("Quad", "Education", "--under", "Arts"),
            "Error: move to 'Education' or to 'Arts'? give the new parent once\n",
        ),
    ],
)
def test_move_without_one_clear_parent_is_refused(arts, map_path, args, message):
    before = map_path.read_bytes()
    result = arts("move", *args)
    assert (result.exit_code, result.stderr) == (1, message)
    assert map_path.read_bytes() == before


def test_add_without_under_says_which_parent_an_organisation_or_channel_needs(arts, map_path):
    before = map_path.read_bytes()
    org = arts("add", "org", "Derby Theatre")
    channel = arts("add", "channel", "https://twitter.com/derbyquad")
    assert org.exit_code == channel.exit_code == 1
    assert org.stderr.startswith("Error: an organisation goes under a sector: add --under SECTOR")
    assert channel.stderr.startswith("Error: a channel goes under an organisation: add --under ORGANISATION")
    assert map_path.read_bytes() == before
    assert arts("add", "topic", "To ask").exit_code == 0  # topics and sectors may sit under the root


def test_add_under_a_sector_not_made_yet_says_how_to_make_it(arts, map_path):
    before = map_path.read_bytes()
    result = arts("add", "org", "Derby County", "--under", "Sport clubs")
    assert result.exit_code == 1
    assert result.stderr == "Error: no node 'Sport clubs' (or start it: mindmap add sector 'Sport clubs')\n"
    assert map_path.read_bytes() == before


def test_rename_set_link_and_unlink_say_what_they_did(arts, load):
    assert arts("rename", "Quad", "Derby QUAD").stderr == "Renamed to Arts/Derby QUAD (was 'Quad')\n"
    changed = arts("set", "Derby QUAD", "--note", "Arts centre", "--attr", "city=Derby")
    assert changed.stderr == "Changed note, attribute city of Arts/Derby QUAD\n"
    assert arts("link", "Museum", "Derby QUAD", "--label", "neighbours").stderr == (
        "Linked Arts/Museum -> Arts/Derby QUAD (neighbours)\n"
    )
    assert arts("link", "Museum", "Derby QUAD", "--label", "neighbours").stderr == (
        "Already linked: Arts/Museum -> Arts/Derby QUAD\n"
    )
    mindmap = load()
    quad = mindmap.resolve("Derby QUAD")
    assert (mindmap.node(quad).note, mindmap.node(quad).attributes) == ("Arts centre", {"city": "Derby"})
    assert [(link.target, link.label) for link in mindmap.links_from(mindmap.resolve("Museum"))] == [
        (quad, "neighbours")
    ]
    assert arts("unlink", "Museum", "Derby QUAD").stderr == "Removed the link Arts/Museum -> Arts/Derby QUAD\n"
    assert load().links_from(mindmap.resolve("Museum")) == []
    assert arts("-q", "rename", "Derby QUAD", "QUAD").stderr == ""  # --quiet keeps them out


def test_merge_conflicts_name_nodes_by_the_paths_every_other_command_prints():
    base = MindMap("Leicester", by="tester")
    base.add("sector", "Arts", node_id="arts")
    base.add("org", "Curve", "arts", node_id="curve")
    ours, theirs = base.copy(), base.copy()
    ours.rename("curve", "Curve Theatre")
    theirs.rename("curve", "Curve Leicester")
    result = merge_maps(base, ours, theirs)
    assert [conflict.message for conflict in result.conflicts] == [
        "label of 'Arts/Curve Theatre' changed on both sides: kept ours 'Curve Theatre', theirs 'Curve Leicester' "
        "recorded"
    ]
    assert result.mindmap.resolve("Arts/Curve Theatre") == "curve"


def test_find_ignores_accents_as_it_ignores_case(arts, load):
    arts("add", "org", "Café Bäckerei Ünal", "--under", "Arts")
    plain = arts("find", "cafe backerei")
    accented = arts("find", "CAFÉ")
    assert plain.exit_code == accented.exit_code == 0
    assert plain.stdout == accented.stdout
    assert plain.stdout.startswith("Arts/Café Bäckerei Ünal  [")
    assert load().find("unal") == load().find("Ünal") != []


def sectors(count: int) -> MindMap:
    """Return a map with COUNT sectors, each holding one organisation."""
    mindmap = MindMap("Sectors", by="tester")
    for number in range(count):
        sector = mindmap.add("sector", f"Sector {number}", node_id=f"s{number}")
        mindmap.add("org", f"Org {number}", sector, node_id=f"o{number}")
    return mindmap


@pytest.mark.parametrize("count", [8, 15])
def test_the_last_sector_never_takes_the_colour_of_the_first_beside_it(count):
    mindmap = sectors(count)
    drawn = style_colours(mindmap)
    written = palette_colours((n, mindmap.parent(n), mindmap.kind(n)) for n, _ in mindmap.walk())
    last = f"s{count - 1}"
    assert drawn[last] != drawn["s0"] and drawn[last] != drawn[f"s{count - 2}"]
    assert drawn[f"o{count - 1}"] == drawn[last]  # the whole branch
    assert {n: c.upper() for n, c in written.items() if c} == {n: c for n, c in drawn.items() if n != mindmap.root}


def test_seven_or_nine_sectors_keep_the_palette_in_order():
    for count in (7, 9):
        drawn = style_colours(sectors(count))
        assert [drawn[f"s{n}"] for n in range(count)] == [PALETTE[n % len(PALETTE)] for n in range(count)]


def test_a_map_of_eight_sectors_comes_back_from_freemind_without_colours_of_its_own():
    mindmap = sectors(8)
    data = get_format("freemind").write(mindmap, WriteOptions()).data
    back = get_format("freemind").read(data).mindmap
    assert [node.color for node in back.nodes()] == [""] * len(back)


@pytest.mark.parametrize(
    "sheet",
    [
        b'path;kind;url;note\nArts/Curve;org;;"Theatre; cinema"\nArts/Curve/Twitter;channel;https://twitter.com/CurveLeicester;\n',
        b'sep=;\r\npath;kind;url;note\r\nArts/Curve;org;;"Theatre; cinema"\r\n'
        b"Arts/Curve/Twitter;channel;https://twitter.com/CurveLeicester;\r\n",
        b'path\tkind\turl\tnote\nArts/Curve\torg\t\t"Theatre; cinema"\nArts/Curve/Twitter\tchannel\t'
        b"https://twitter.com/CurveLeicester\t\n",
    ],
    ids=["semicolons", "excel-sep-line", "tabs"],
)
def test_a_sheet_saved_with_semicolons_or_tabs_imports_like_one_with_commas(run, load, tmp_path, sheet):
    path = tmp_path / "contributions.csv"
    path.write_bytes(sheet)
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    mindmap = load()
    curve = mindmap.resolve("Arts/Curve")
    assert (mindmap.kind(curve), mindmap.node(curve).note) == ("organisation", "Theatre; cinema")
    assert mindmap.node(mindmap.resolve("Arts/Curve/Twitter")).url == "https://twitter.com/CurveLeicester"


def test_a_bad_row_after_excels_sep_line_is_named_by_its_line_in_the_file(run, map_path, tmp_path):
    path = tmp_path / "contributions.csv"
    path.write_bytes(b"sep=;\npath;kind\nArts/Curve;org\nArts/Curve/x;nope\n")
    before = map_path.read_bytes()
    result = run("import", str(path))
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: CSV line 4: unknown kind 'nope'; use one of sector, organisation, channel, topic\n",
    )
    assert map_path.read_bytes() == before


def test_export_into_a_folder_that_is_not_there_says_so_before_drawing(run, tmp_path):
    result = run("export", str(tmp_path / "blog" / "map.svg"))
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: cannot write {tmp_path / 'blog' / 'map.svg'}: the folder "
        f"{str(tmp_path / 'blog')!r} does not exist; create it first\n"
    )
    assert not (tmp_path / "blog").exists()


@pytest.mark.parametrize("command", [[], ["tree"], ["find"], ["git-setup"]])
def test_help_shows_no_value_type_beside_a_flag(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "--help" in result.stdout and "<bool>" not in result.stdout
    assert "<str>" in result.stdout or "NODE" in result.stdout or "--textconv" in result.stdout  # values still typed


def test_counts_in_messages_agree_with_their_nouns(arts, map_path, tmp_path):
    arts("add", "channel", "https://twitter.com/curveleicester", "--under", "Quad")
    before = map_path.read_bytes()
    assert arts("remove", "Quad").stderr == "Error: 'Arts/Quad' has 1 node below it; remove it too with --recursive\n"
    assert arts("remove", "Arts").stderr == "Error: 'Arts' has 3 nodes below it; remove them too with --recursive\n"
    assert map_path.read_bytes() == before
    outline = tmp_path / "outline.opml"
    outline.write_text('<opml version="2.0"><head/><body><outline text="A"><outline/></outline></body></opml>')
    result = arts("import", str(outline))
    assert result.exit_code == 0, result.stderr
    assert "Warning: gave 1 OPML node without text the label '(no text)'\n" in result.stderr


def test_log_of_a_node_without_entries_says_how_far_the_journal_looks(arts, map_path):
    mindmap = MapFile(map_path).load()
    mindmap.add("sector", "Health")
    MapFile(map_path).save(mindmap)  # as a pull from git brings it: no journal entry here
    result = arts("log", "--node", "Health")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "No journaled edits of 'Health' among the last 100 edits made here\n"


def test_the_way_out_of_a_text_merge_that_the_error_gives_works(tmp_path, monkeypatch):
    git_repository(tmp_path)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@x", *args], capture_output=True, text=True
        )

    base = MindMap("Leicester", by="tester")
    base.add("sector", "Arts", node_id="arts")
    base.add("org", "Curve", "arts", node_id="curve")
    MapFile("team.json").create(base)
    git("add", "team.json")
    git("commit", "-qm", "base")
    start = git("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    for checkout, label in ((["-b", "theirs"], "Curve Leicester"), ([start], "Curve Theatre")):
        git("checkout", "-q", *checkout)
        with MapFile("team.json").edit() as mindmap:
            mindmap.rename("curve", label)
        git("commit", "-qam", label)
    assert git("merge", "theirs").returncode != 0  # no driver: git merged the JSON as text
    broken = CliRunner().invoke(app, ["--map", "team.json", "tree"])
    assert broken.exit_code == 1 and "git's conflict markers" in broken.stderr
    assert CliRunner().invoke(app, ["--map", "team.json", "git-setup"]).exit_code == 0
    git("checkout", "-m", "team.json")
    merged = MapFile("team.json").load()
    assert merged.label("curve") == "Curve Theatre"
    assert merged.node("curve").attributes["merge-conflict:label"] == "Curve Leicester"


@pytest.mark.parametrize(
    ("args", "pointer"),
    [
        (("add", "org", "X", "--under"), "(see 'mindmap add --help')"),
        (("tree", "--depth"), "(see 'mindmap tree --help')"),
        (("nosuch", "--depth"), "(see 'mindmap --help')"),
    ],
)
def test_an_option_without_its_value_points_at_its_commands_help(run, map_path, args, pointer):
    before = map_path.read_bytes()
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.endswith(f"{pointer}\n")
    assert map_path.read_bytes() == before


def test_renaming_to_the_same_label_changes_nothing(arts, map_path):
    before = map_path.read_bytes()
    entries = arts("log").stdout
    result = arts("rename", "Quad", " Quad ")
    assert (result.exit_code, result.stderr) == (0, "Already named so: Arts/Quad\n")
    assert map_path.read_bytes() == before
    assert arts("log").stdout == entries


def test_a_command_started_with_ctrl_c_ignored_keeps_ignoring_it():
    ignoring = INTERRUPT_WHILE_IMPORTING.replace("HANDLER", "signal.SIG_IGN")
    done = subprocess.run([sys.executable, "-c", ignoring], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, b"not interrupted\n")


@pytest.mark.parametrize(("typed", "kind"), [("orgs", "organisation"), ("Sectors", "sector"), ("channels", "channel")])
def test_a_kind_typed_in_the_plural_is_understood(typed, kind):
    assert normalise_kind(typed) == kind


def test_find_takes_a_plural_kind(arts):
    assert arts("find", "--kind", "orgs").stdout == arts("find", "--kind", "org").stdout != ""


def test_a_path_with_a_slash_in_a_label_is_quoted_as_it_is_typed(run, map_path):
    run("add", "sector", "Community/voluntary")
    run("add", "org", "Highfields Centre", "--under", "Community\\/voluntary")
    before = map_path.read_bytes()
    again = run("add", "org", "Highfields Centre", "--under", "Community\\/voluntary")
    missing = run("show", "Community\\/voluntry")
    assert again.stderr.startswith("Error: 'Community\\/voluntary' already has a child labelled 'Highfields Centre'")
    assert missing.stderr.startswith("Error: no node 'Community\\/voluntry'")
    assert map_path.read_bytes() == before
    assert run("show", "Community\\/voluntary/Highfields Centre").exit_code == 0  # the path as the message shows it


def test_set_says_unset_as_unset_not_as_a_change_named_unset(arts, load):
    # Found in a trial: settling a merge conflict said 'Changed unset merge-conflict:note of Arts/Curve'.
    arts("set", "Quad", "--note", "Arts centre", "--attr", "city=Derby", "--url", "https://derbyquad.co.uk")
    assert arts("set", "Quad", "--unset", "city").stderr == "Unset city of Arts/Quad\n"
    mixed = arts("set", "Quad", "--note", "Cinema", "--attr", "town=Derby", "--unset", "url")
    assert mixed.stderr == "Changed note, attribute town and unset url of Arts/Quad\n"
    mindmap = load()
    node = mindmap.node(mindmap.resolve("Quad"))
    assert (node.note, node.attributes, node.url) == ("Cinema", {"town": "Derby"}, "")

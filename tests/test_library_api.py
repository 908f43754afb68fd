"""The Python API does what the command line does: each command's work is one library call (docs/library.md)."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmap import MapFile, MindMap
from mindmap.editing import add_node, move_node, set_fields
from mindmap.errors import FormatError, MindmapError, NodeNotFoundError, RuleError
from mindmap.exporting import export_file, part, render
from mindmap.importing import import_file, read_data, read_file
from mindmap.journal import history, redo, undo

ROOT = Path(__file__).resolve().parents[1]
STAMPS = ("id", "added_at", "modified_at")


def fields(mindmap: MindMap, node_id: str) -> dict[str, object]:
    """Return NODE_ID's fields but its id and times, which two runs of the same edit do not share."""
    return {k: v for k, v in dataclasses.asdict(mindmap.node(node_id)).items() if k not in STAMPS}


def test_py_typed_is_shipped_so_scripts_type_check_against_mindmap():
    assert (ROOT / "mindmap" / "py.typed").is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["mindmap"]


@pytest.fixture
def quad(run) -> None:
    run("add", "sector", "Arts and culture")
    run("add", "org", "Derby QUAD", "--under", "Arts and culture")


@pytest.mark.parametrize(
    ("args", "options"),
    [
        (["@derbyquad", "-p", "twitter"], {"platform": "twitter"}),
        (["https://m.facebook.com/derbyquad/?ref=bookmarks"], {}),
        (["http://www.twitter.com/DerbyQuad."], {}),
        (["<https://www.instagram.com/derbyquad/>"], {}),
        (["Newsletter", "--url", "mailto:news@derbyquad.co.uk"], {"url": "mailto:news@derbyquad.co.uk"}),
        (["https://youtube.com/@derbyquad", "--label", "Films"], {"channel_label": "Films"}),
    ],
)
def test_add_node_makes_the_channel_that_add_makes(run, load, map_path: Path, quad, args, options):
    before = load()
    result = run("add", "channel", *args, "--under", "Derby QUAD")
    assert result.exit_code == 0, result.stderr
    by_cli = load()
    node_id = add_node(before, "channel", args[0], "Arts and culture/Derby QUAD", by="tester", **options)
    assert fields(before, node_id) == fields(by_cli, result.stdout.strip())


@pytest.mark.parametrize(
    "args",
    [
        ["channel", "https://www.facebook.com/search.php?q=quad", "--under", "Derby QUAD"],
        ["org", "derby quad", "--under", "Arts and culture"],
        ["org", "Nowhere"],
        ["org", "Nowhere", "--under", "Test map"],
        ["org", "Nowhere", "--under", "Arts and culure"],
        ["channel", "@derbyquad", "--under", "Derby QUAD"],
        ["sector", "Arts and culture"],
        ["topic", "  "],
        ["root", "Another"],
    ],
)
def test_add_node_refuses_what_add_refuses_in_the_same_words(run, load, quad, args):
    before = load()
    result = run("add", *args)
    under = args[args.index("--under") + 1] if "--under" in args else None
    with pytest.raises(MindmapError) as refused:
        add_node(before, args[0], args[1], under)
    assert result.exit_code == 1 and result.stderr.strip() == f"Error: {refused.value}"
    assert before == load()


def test_add_node_takes_a_path_where_mindmap_add_takes_an_id(load, quad):
    mindmap = load()
    with pytest.raises(NodeNotFoundError):
        mindmap.add("org", "Derby Theatre", "Arts and culture")  # MindMap.add wants the parent's id
    theatre = add_node(mindmap, "org", "Derby Theatre", "Arts and culture", url="https://www.derbytheatre.co.uk/")
    assert mindmap.path(theatre) == "Arts and culture/Derby Theatre"
    assert mindmap.node(theatre).url == "https://www.derbytheatre.co.uk"


def test_set_fields_checks_the_colour_and_the_link_as_set_does(run, load, quad):
    mindmap = load()
    quad_id = mindmap.resolve("Derby QUAD")
    with pytest.raises(RuleError, match="not a colour"):
        set_fields(mindmap, quad_id, colour="red")
    set_fields(mindmap, quad_id, colour="#1f7", note="Cinema", attributes={"city": "Derby"})
    assert run("set", "Derby QUAD", "--colour", "#1f7", "--note", "Cinema", "--attr", "city=Derby").exit_code == 0
    assert fields(mindmap, quad_id) == fields(load(), quad_id)
    assert mindmap.node(quad_id).color == "#11FF77"
    twitter = add_node(mindmap, "channel", "@derbyquad", "Derby QUAD", platform="twitter")
    assert set_fields(mindmap, twitter, url="https://x.com/QUADderby") == (
        "Relabelled 'Twitter @derbyquad' as 'Twitter @QUADderby' to match the new link"
    )
    with pytest.raises(RuleError, match="search-results page"):
        set_fields(mindmap, twitter, url="https://www.facebook.com/search.php?q=quad")


def test_move_node_refuses_an_organisation_under_the_root_with_the_command_to_use(load, quad):
    mindmap = load()
    with pytest.raises(RuleError, match="mindmap move 'Derby QUAD' SECTOR"):
        move_node(mindmap, "Derby QUAD", mindmap.root)
    add_node(mindmap, "sector", "Cinemas")
    node_id, moved = move_node(mindmap, "Derby QUAD", "Cinemas")
    assert moved and mindmap.path(node_id) == "Cinemas/Derby QUAD"
    assert move_node(mindmap, node_id, "Cinemas") == (node_id, False)


@pytest.mark.parametrize("name", ["out.mm", "out.csv", "out.opml", "out.md", "out.txt", "out.mmd"])
def test_export_file_writes_what_export_writes(run, load, quad, tmp_path: Path, name):
    run("add", "channel", "@derbyquad", "--under", "Derby QUAD", "-p", "twitter", "--by", "Tim")
    run("set", "Derby QUAD", "--note", "Arts centre & cinema")
    assert run("export", str(tmp_path / f"cli-{name}")).exit_code == 0
    result = export_file(load(), tmp_path / name)
    assert (tmp_path / name).read_bytes() == (tmp_path / f"cli-{name}").read_bytes() == result.data
    assert result.dropped == render(load(), name.rsplit(".", 1)[1]).dropped


def test_export_file_of_a_part_and_its_refusals(run, load, quad, tmp_path: Path):
    run("add", "channel", "@derbyquad", "--under", "Derby QUAD", "-p", "twitter")
    mindmap = load()
    assert [n.label for n in part(mindmap, "Arts and culture", 1).nodes()] == [
        "Test map",
        "Arts and culture",
        "Derby QUAD",
    ]
    assert part(mindmap) is mindmap
    export_file(mindmap, tmp_path / "arts.txt", start="Arts and culture", depth=1)
    assert "Twitter" not in (tmp_path / "arts.txt").read_text()
    with pytest.raises(FormatError, match="does not exist"):
        export_file(mindmap, tmp_path / "missing" / "map.svg")
    with pytest.raises(FormatError, match="cannot tell the format"):
        export_file(mindmap, tmp_path / "map.docx")
    with pytest.raises(RuleError):
        export_file(mindmap, tmp_path / "map.mm", depth="2")  # type: ignore[arg-type]


def test_import_file_imports_what_import_imports(run, load, quad, tmp_path: Path):
    sheet = ROOT / "examples" / "contributions.csv"
    mindmap = load()
    report = import_file(mindmap, sheet, by="tester")
    result = run("import", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(report.summary()) == 1
    by_cli = load()
    assert [(mindmap.path(n), fields(mindmap, n)) for n in mindmap.ids()] == [
        (by_cli.path(n), fields(by_cli, n)) for n in by_cli.ids()
    ]
    fmt, imported = read_file(sheet)
    assert fmt.name == "csv" and len(imported.mindmap) > 1


def test_import_file_leaves_the_map_as_it_was_when_it_fails(load, quad, tmp_path: Path):
    mindmap = load()
    before = mindmap.to_document()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "path,kind,url\nArts and culture/Derby QUAD/Search,channel,https://www.facebook.com/search.php?q=x\n"
    )
    with pytest.raises(FormatError, match="CSV line 2: .*search-results page"):
        import_file(mindmap, bad)
    with pytest.raises(FormatError, match="no file"):
        import_file(mindmap, tmp_path / "missing.csv")
    assert mindmap.to_document() == before


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.one_of(st.text(max_size=3), st.integers()), max_size=2),
    st.sampled_from(["org", "channel", "sector", "topic", "root", "@derbyquad", "Arts", "facebook", "1", "-1"]),
)
CALLS = {
    "add": lambda m, ids, a, b: m.add(a, b, ids["quad"]),
    "add under": lambda m, ids, a, b: m.add("topic", "T", a, position=b),
    "add fields": lambda m, ids, a, b: m.add("channel", "C", ids["quad"], url=a, attributes=b),
    "add folded": lambda m, ids, a, b: m.add("topic", "T", ids["arts"], folded=a, platform=b),
    "update": lambda m, ids, a, b: m.update(ids["quad"], note=a, attributes=b),
    "update kind": lambda m, ids, a, b: m.update(ids["quad"], kind=a, unset=b),
    "update folded": lambda m, ids, a, b: m.update(ids["arts"], folded=a, color=b),
    "move": lambda m, ids, a, b: m.move(ids["quad"], a, b),
    "move position": lambda m, ids, a, b: m.move(ids["quad"], ids["arts"], a),
    "rename": lambda m, ids, a, b: m.rename(a, b),
    "find": lambda m, ids, a, b: m.find(a, kind=b),
    "walk": lambda m, ids, a, b: list(m.walk(a, b)),
    "node": lambda m, ids, a, b: m.node(a),
    "resolve": lambda m, ids, a, b: m.resolve(a),
    "link": lambda m, ids, a, b: m.link(ids["quad"], a, b),
    "subtree": lambda m, ids, a, b: m.subtree(ids["arts"], a),
    "remove": lambda m, ids, a, b: m.remove(a, b),
    "add_node": lambda m, ids, a, b: add_node(m, "channel", a, "Derby QUAD", platform=b),
    "add_node kind": lambda m, ids, a, b: add_node(m, a, "New", b),
    "set_fields": lambda m, ids, a, b: set_fields(m, ids["quad"], colour=a, folded=b),
    "set_fields url": lambda m, ids, a, b: set_fields(m, ids["quad"], url=a, kind=b),
    "move_node": lambda m, ids, a, b: move_node(m, "Derby QUAD", a, b),
    "part": lambda m, ids, a, b: part(m, a, b),
    "render": lambda m, ids, a, b: render(m, a),
    "read_data": lambda m, ids, a, b: read_data(a.encode() if isinstance(a, str) else a, "pasted", b),
}


def quad_map() -> tuple[MindMap, dict[str, str]]:
    mindmap = MindMap("Test map")
    arts = mindmap.add("sector", "Arts")
    return mindmap, {"arts": arts, "quad": mindmap.add("organisation", "Derby QUAD", arts)}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call=st.sampled_from(sorted(CALLS)), first=ANYTHING, second=ANYTHING)
def test_bad_values_from_python_raise_only_mindmap_errors(call, first, second):
    mindmap, ids = quad_map()
    before = mindmap.to_document()
    try:
        CALLS[call](mindmap, ids, first, second)
    except MindmapError as error:
        assert str(error) and "\n" not in str(error)
        assert mindmap.to_document() == before  # a refused change changes nothing
    else:
        mindmap.validate()


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda m, ids: m.add(None, "X"), "a kind must be text, not NoneType"),
        (lambda m, ids: m.add("topic", "X", position="1"), "the position must be a whole number, not '1'"),
        (lambda m, ids: m.add("topic", "X", attributes=[("a", "b")]), "attributes must be a mapping"),
        (lambda m, ids: m.update(ids["quad"], folded="yes"), "folded must be True or False, not 'yes'"),
        (lambda m, ids: m.find(None), "the text to find must be text"),
        (lambda m, ids: list(m.walk(None, "2")), "the depth must be a whole number"),
        (lambda m, ids: m.node(["x"]), "no node with id ['x']"),
    ],
)
def test_wrong_python_types_are_refused_in_words(call, words):
    mindmap, ids = quad_map()
    with pytest.raises(MindmapError, match=re.escape(words)):
        call(mindmap, ids)


def test_unset_takes_one_name_as_well_as_a_list(load, quad):
    mindmap = load()
    quad_id = mindmap.resolve("Derby QUAD")
    mindmap.update(quad_id, note="Cinema")
    mindmap.update(quad_id, unset="note")
    assert mindmap.node(quad_id).note == ""


def test_an_edit_that_moves_and_changes_a_node_says_both_in_the_log(load, quad, map_path: Path):
    with MapFile(map_path).edit(command="script") as mindmap:
        add_node(mindmap, "sector", "Cinemas")
        quad_id, _ = move_node(mindmap, "Derby QUAD", "Cinemas")
        set_fields(mindmap, quad_id, note="Cinema")
    summary = history(MapFile(map_path), limit=1)[0]["summary"]
    assert summary == ["added sector 'Cinemas'", "changed note of 'Cinemas/Derby QUAD' and moved it"]
    undo(MapFile(map_path))
    assert load().path(quad_id) == "Arts and culture/Derby QUAD"
    redo(MapFile(map_path))
    assert load().path(quad_id) == "Cinemas/Derby QUAD"


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda m: part(m, 5), "a NODE is an id, label or path (text), not int"),
        (lambda m: render(m, None), "name the format to write as text (e.g. 'svg') or a Format, not NoneType"),
        (lambda m: import_file(m, None), "name the file to read as a path or text, not NoneType"),
        (lambda m: read_data("path,kind\n", "x.csv"), "x.csv: give the file's bytes (read_file reads a file), not str"),
        # Found by review: these raised ValueError, TypeError or AttributeError instead.
        (lambda m: import_file(m, "contributions\0.csv"), "a file name cannot hold a NUL character"),
        (lambda m: read_file("derby\0.mm"), "a file name cannot hold a NUL character"),
        (lambda m: export_file(m, "derby\0.svg"), "a file name cannot hold a NUL character"),
        (lambda m: read_data(b"path,kind\n", None), "name where the bytes came from as text"),  # type: ignore[arg-type]
        (lambda m: render(m, "svg", "radial"), "the options are a WriteOptions, not str"),  # type: ignore[arg-type]
        (
            lambda m: add_node(m, "channel", "@derbyquad", "Derby QUAD", platform="twitter", channel_label=5),
            "a channel's label must be text, not int",
        ),
    ],
)
def test_wrong_python_types_for_exports_and_imports_are_refused_in_words(call, words):
    mindmap, _ = quad_map()
    with pytest.raises(MindmapError, match=re.escape(words)):
        call(mindmap)


def test_an_import_report_is_plain_data_for_json(load, quad):
    mindmap = load()
    report = import_file(mindmap, ROOT / "examples" / "contributions.csv")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["nodes"] == report.nodes > 0 and data["summary"] == report.summary()
    assert data["new_top"] == [{"kind": kind, "label": label} for kind, label in report.new_top]
    assert data["top"] == mindmap.root and isinstance(data["explained"], list)


def test_a_slash_in_a_new_label_searches_the_map_only_when_it_may_name_the_parent(monkeypatch):
    # 'AC/DC' or 'Derby County F.C./Academy' under 'Sport' names no parent: resolving 'AC' searched every label of
    # a 100,000-node map and worked out a "did you mean" (0.2 s of add's 1 s), only to be thrown away.
    mindmap = MindMap("Derby")
    sport = mindmap.add("sector", "Sport")
    club = mindmap.add("organisation", "Derby County FC", sport)
    resolved: list[str] = []
    real_resolve = MindMap.resolve

    def counting(self: MindMap, ref: str, **options: bool) -> str:
        resolved.append(ref)
        return real_resolve(self, ref, **options)

    monkeypatch.setattr(MindMap, "resolve", counting)
    add_node(mindmap, "org", "AC/DC fan club", sport)
    add_node(mindmap, "topic", "Academy/Under 18s", club)
    assert resolved == [sport, club]  # the parents, given by id: nothing more was looked up
    # Every way of naming the parent is still refused: label (any case), path, tail of a path, id.
    for typed, parent in (
        ("sport/Cycling", sport),
        ("Derby/Sport/Cycling", sport),
        ("Sport/Derby County FC/Youth", club),
        (f"{club}/Youth", club),
        ("  Derby County FC /Youth", club),
    ):
        with pytest.raises(RuleError, match="starts with the node it goes under"):
            add_node(mindmap, "topic", typed, parent)


def test_export_from_an_empty_node_is_the_whole_map_as_before(run, quad) -> None:
    # Before export called exporting.part, '--from ""' (a script's "$SECTOR" left empty) exported the whole map,
    # as `tree ""` shows it; part() refuses an empty NODE, which the command line must not pass on.
    whole = run("export", "-", "--format", "txt")
    for options in (["--from", ""], ["--from", "", "--depth", "1"]):
        result = run("export", "-", "--format", "txt", *options)
        assert result.exit_code == 0, result.stderr
        expected = whole.stdout if len(options) == 2 else run("export", "-", "--format", "txt", "--depth", "1").stdout
        assert result.stdout == expected


def test_render_tells_warnings_known_before_writing_before_it_writes():
    # One way for the library and the command line (which prints them before a long drawing).
    from mindmap import exporting
    from mindmap.formats import get_format

    mindmap = MindMap("Warned")
    sector = mindmap.add("sector", "Arts")
    org = mindmap.add("organisation", "Quad", sector)
    mindmap.add("channel", "Search", org, url="https://www.facebook.com/search/top/?q=quad", force=True)
    heard: list[str] = []
    fmt = get_format("svg")

    class Writing:
        def __enter__(self) -> None:
            heard.append("writing")

        def __exit__(self, *exc: object) -> None:
            heard.append("written")

    result = exporting.render(mindmap, fmt, warn=heard.append, writing=Writing)
    assert heard[-2:] == ["writing", "written"] and heard[0].startswith("1 faulty link is published")
    assert result.warnings == heard[:-2]

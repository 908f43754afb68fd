"""`mindmap import` and `init --from`: grafting, kinds, merging a contributions form, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from samples import awkward_map

from mindmap.channels import normalise_link
from mindmap.formats import WriteOptions, opml
from mindmap.formats import json_map as json_format
from mindmap.store import MapFile

FIXTURES = Path(__file__).parent / "fixtures"

OUTLINE = """<?xml version="1.0"?>
<opml version="2.0"><head><title>Derby links</title></head><body>
<outline text="Arts">
  <outline text="QUAD" _note="Arts centre">
    <outline text="Twitter" type="link" url="https://twitter.com/derbyquad"/>
  </outline>
</outline>
</body></opml>
"""


@pytest.fixture
def outline_file(tmp_path: Path) -> Path:
    path = tmp_path / "links.opml"
    path.write_text(OUTLINE)
    return path


def test_import_grafts_the_tree_under_the_root_and_prints_a_summary(run, map_path, outline_file):
    result = run("import", str(outline_file))
    assert result.exit_code == 0, result.stderr
    assert "Imported 4 nodes (1 note, 1 url, 0 cross-links, 0 attributes)" in result.stderr
    mindmap = MapFile(map_path).load()
    top = mindmap.resolve("Derby links")
    assert mindmap.parent(top) == mindmap.root
    assert mindmap.path(mindmap.resolve("Twitter")) == "Derby links/Arts/QUAD/Twitter"
    assert {mindmap.kind(n) for n in mindmap.ids()[1:]} == {"topic"}
    assert mindmap.node(top).added_by == "tester"


def test_import_by_names_the_contributor(run, map_path, outline_file):
    assert run("import", str(outline_file), "--by", "Bel").exit_code == 0
    mindmap = MapFile(map_path).load()
    assert mindmap.node(mindmap.resolve("QUAD")).added_by == "Bel"


def test_kinds_auto_infers_channels_organisations_and_sectors(run, map_path, outline_file):
    result = run("import", str(outline_file), "--kinds", "auto")
    assert result.exit_code == 0, result.stderr
    mindmap = MapFile(map_path).load()
    kinds = {mindmap.label(n): mindmap.kind(n) for n in mindmap.ids()}
    # The file's root holds a sector now, so it comes in as a sector itself.
    assert kinds == {
        "Test map": "root",
        "Derby links": "sector",
        "Arts": "sector",
        "QUAD": "organisation",
        "Twitter": "channel",
    }


def test_kinds_from_our_own_export_come_back(run, map_path, tmp_path):
    path = tmp_path / "awkward.opml"
    path.write_bytes(opml.write(awkward_map(), WriteOptions()).data)
    run("add", "sector", "Existing")
    result = run("import", str(path), "--under", "Existing")
    assert result.exit_code == 0, result.stderr
    assert "opml" not in result.stderr.split("Imported")[0]  # nothing dropped on the way in
    mindmap = MapFile(map_path).load()
    assert mindmap.kind(mindmap.resolve("Twitter @derbyquad")) == "channel"
    assert mindmap.kind(mindmap.resolve('Awkward & <odd> "map"')) == "sector"


def test_init_from_file_makes_its_root_the_maps_root(run, map_path, tmp_path):
    new = tmp_path / "new.json"
    result = run("--map", str(new), "init", "--from", str(FIXTURES / "latin1.opml"))
    assert result.exit_code == 0, result.stderr
    assert "Imported 6 nodes" in result.stderr
    assert "Warning: gave 1 OPML node without text the label '(no text)'" in result.stderr
    mindmap = MapFile(new).load()
    assert mindmap.meta.title == "Cafés de Derby ©"
    assert mindmap.label(mindmap.root) == "Cafés de Derby ©"
    assert mindmap.meta.authors == ["Renée"]


def test_init_from_refuses_to_replace_a_map(run, map_path, outline_file):
    before = map_path.read_bytes()
    result = run("init", "--from", str(outline_file))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert map_path.read_bytes() == before


def test_init_from_json_export_round_trips(run, map_path, tmp_path):
    source = tmp_path / "source.json"
    source.write_bytes(json_format.write(awkward_map(), WriteOptions()).data)
    new = tmp_path / "copy.json"
    assert run("--map", str(new), "init", "--from", str(source)).exit_code == 0
    # Links come in as `mindmap add` stores them: the sample's were typed into the library as they are.
    expected = MapFile(source).load()
    for node in expected.nodes():
        if node.url != normalise_link(node.url):
            expected.update(node.id, url=normalise_link(node.url))
            expected.set_provenance(node.id, modified_at=node.modified_at)
    assert MapFile(new).load().to_document()["graph"] == expected.to_document()["graph"]


def test_standard_input_with_a_format_or_content_that_tells_it(run, map_path):
    result = run("import", "-", "--format", "opml", input=OUTLINE)
    assert result.exit_code == 0, result.stderr
    assert "from standard input" in result.stderr
    assert run("import", "-", input=OUTLINE).exit_code == 0  # <opml> says what it is
    result = run("import", "-", input="plain words\n")
    assert result.exit_code == 1
    assert "name it with --format" in result.stderr


CONTRIBUTIONS = (
    "path,kind,url,note,by\n"
    "Arts and culture/Derby QUAD/Twitter @derbyquad,channel,https://twitter.com/derbyquad,,Bel\n"
    "Arts and culture/Déda,org,https://www.deda.uk,,Tim\n"
    "Public sector/Derbyshire Police/Twitter @derbyspolice,,http://www.twitter.com/derbyspolice,,\n"
)


def test_contributions_merge_into_the_nodes_already_there(run, map_path, tmp_path):
    arts = run("add", "sector", "Arts and culture").stdout.strip()
    quad = run("add", "org", "Derby QUAD", "--under", "Arts and culture").stdout.strip()
    path = tmp_path / "contributions.csv"
    path.write_text(CONTRIBUTIONS)
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Imported 5 nodes" in result.stderr  # Arts and culture and Derby QUAD were there already
    mindmap = MapFile(map_path).load()
    twitter = mindmap.resolve("Twitter @derbyquad")
    assert mindmap.parent(twitter) == quad
    assert mindmap.parent(mindmap.resolve("Déda")) == arts
    assert mindmap.node(twitter).added_by == "Bel"
    assert mindmap.kind(mindmap.resolve("Public sector")) == "sector"
    assert mindmap.kind(mindmap.resolve("Twitter @derbyspolice")) == "channel"


def test_contribution_rows_below_a_sector(run, map_path, tmp_path):
    run("add", "sector", "Arts")
    path = tmp_path / "c.csv"
    path.write_text("path,kind\nQUAD,org\nQUAD/Twitter,channel\n")
    result = run("import", str(path), "--under", "Arts")
    assert result.exit_code == 0, result.stderr
    mindmap = MapFile(map_path).load()
    assert mindmap.kind(mindmap.resolve("Arts/QUAD")) == "organisation"
    assert mindmap.kind(mindmap.resolve("Arts/QUAD/Twitter")) == "channel"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("path,kind\nQUAD,org\n", [], "an organisation cannot go under a root"),
        ("path,kind\nA,topic\nA/B,channel\n", [], "CSV line 3: 'A' is a topic"),
        ("path,kind\nA,sector\n", ["--under", "nowhere"], "no node 'nowhere'"),
        ("path,kind\nA,sector\n", ["--kinds", "guess"], "--kinds takes keep or auto"),
    ],
)
def test_any_error_leaves_the_map_file_unchanged(run, map_path, tmp_path, content, args, message):
    run("add", "sector", "Arts")
    before = map_path.read_bytes()
    path = tmp_path / "c.csv"
    path.write_text(content)
    result = run("import", str(path), *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert map_path.read_bytes() == before


def test_a_binary_file_names_the_formats_that_can_be_imported(run, map_path, tmp_path):
    before = map_path.read_bytes()
    path = tmp_path / "photo.opml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "binary file" in result.stderr
    assert "opml (.opml)" in result.stderr and "csv (.csv)" in result.stderr
    assert map_path.read_bytes() == before


def test_an_unknown_extension_is_told_by_its_content(run, map_path, tmp_path):
    path = tmp_path / "outline.xml"
    path.write_text(OUTLINE)
    assert run("import", str(path)).exit_code == 0
    path = tmp_path / "notes.dat"
    path.write_text("just some words\n")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "cannot tell the format" in result.stderr and "markdown (.md, .markdown)" in result.stderr


def test_dropped_content_is_reported_on_its_own_line(run, map_path, tmp_path):
    path = tmp_path / "c.md"
    path.write_text("# Root\n\n- a [x](https://x.org) and [y](https://y.org)\n")
    result = run("import", str(path))
    assert result.exit_code == 0
    assert "Warning: Markdown line 3: 2 links in one item; kept the first" in result.stderr.splitlines()


def test_corpus_opml_import_adds_outlines_plus_the_title(run, map_path):
    path = CORPUS / "opml" / "opmleditor-source-latin1.opml"
    if not path.exists():
        pytest.skip("corpus is not here")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert len(MapFile(map_path).load()) == 1 + 1329 + 1


def test_import_into_reports_progress_and_leaves_the_target_alone():
    from mindmap.importing import import_into
    from mindmap.model import MindMap

    target = MindMap("Target")
    before = target.to_document()
    seen: list[tuple[int, int]] = []
    imported = opml.read(OUTLINE.encode())
    staged, report = import_into(target, imported, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert target.to_document() == before
    assert len(staged) == 5
    assert report.summary() == "4 nodes (1 note, 1 url, 0 cross-links, 0 attributes)"


def test_init_from_with_a_title_names_the_root_too(run, map_path, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(CONTRIBUTIONS)
    new = tmp_path / "new.json"
    assert run("--map", str(new), "init", "Derby", "--from", str(path)).exit_code == 0
    mindmap = MapFile(new).load()
    assert (mindmap.meta.title, mindmap.label(mindmap.root)) == ("Derby", "Derby")
    assert mindmap.kind(mindmap.resolve("Arts and culture/Derby QUAD")) == "organisation"


def test_init_from_a_form_whose_kinds_cannot_stand_at_the_top(run, map_path, tmp_path):
    new = tmp_path / "new.json"
    result = run("--map", str(new), "init", "--from", "-", "--format", "csv", input="path,kind\nQUAD,org\n")
    assert result.exit_code == 0, result.stderr
    assert "Warning: 'QUAD' stays a topic: an organisation cannot go there" in result.stderr.splitlines()
    mindmap = MapFile(new).load()
    assert mindmap.kind(mindmap.resolve("QUAD")) == "topic"


def test_imported_channels_get_their_platform_and_handle(run, load, tmp_path):
    form = tmp_path / "contributions.csv"
    form.write_text(
        "path,kind,url,note,by\n"
        "Arts/Derby Museums,organisation,,,Sam\n"
        "Arts/Derby Museums/Twitter,channel,https://twitter.com/derbymuseums?utm_source=x,,Sam\n"
    )
    assert run("import", str(form)).exit_code == 0
    mindmap = load()
    channel = mindmap.node(mindmap.resolve("Derby Museums/Twitter"))
    assert (channel.platform, channel.handle, channel.added_by) == ("twitter", "@derbymuseums", "Sam")


def test_import_into_leaves_the_imported_map_alone_even_when_ids_clash():
    # The import shares the file's entries that need no change (copy on write): a node whose id is
    # taken, and an internal link to it, must change in the new map only.
    from mindmap.formats import Imported
    from mindmap.importing import import_into
    from mindmap.model import MindMap

    source = MindMap("File")
    sector = source.add("sector", "Sector", node_id="clash")
    source.add("topic", "See the sector", sector, url="#clash", node_id="pointer")
    source.add("topic", "Plain", sector, node_id="plain")
    target = MindMap("Map")
    target.add("sector", "Already here", node_id="clash")
    before_source, before_target = source.to_document(), target.to_document()
    staged, _ = import_into(target, Imported(source))
    assert source.to_document() == before_source
    assert target.to_document() == before_target
    moved = staged.resolve("Sector")
    assert moved != "clash"
    assert staged.node("pointer").url == f"#{moved}"
    staged.rename("plain", "Renamed")
    assert source.label("plain") == "Plain"


def test_our_own_export_comes_back_without_nesting_its_root(run, load, map_path, tmp_path):
    # `export` then `import` into the same map, or a map with the same root label: the file's root stands
    # for the node imported under, so its children come in under that node, not under a copy of the root.
    assert run("add", "sector", "Arts").exit_code == 0
    assert run("add", "organisation", "QUAD", "--under", "Arts").exit_code == 0
    exported = tmp_path / "x.mm"
    assert run("export", str(exported)).exit_code == 0
    other = tmp_path / "other.json"
    assert run("--map", str(other), "init", "  test MAP ").exit_code == 0  # case and spacing aside
    result = run("--map", str(other), "import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert "its children came in under it" in result.stderr
    assert "Imported 2 nodes" in result.stderr
    back = MapFile(other).load()
    assert [(level, back.label(n), back.kind(n)) for n, level in back.walk()] == [
        (0, "test MAP", "root"),
        (1, "Arts", "sector"),
        (2, "QUAD", "organisation"),
    ]
    # --root node keeps the old behaviour: the file's root as a node (a sector here, since it holds sectors).
    assert run("import", str(exported), "--root", "node").exit_code == 0
    mindmap = load()
    assert [mindmap.label(n) for n in mindmap.children(mindmap.root)] == ["Arts", "Test map"]
    assert mindmap.resolve("Test map/Arts/QUAD")


def test_root_children_leaves_any_files_root_out_and_a_bad_mode_is_one_error(run, load, map_path, tmp_path):
    source = tmp_path / "other.opml"
    source.write_text(
        '<opml version="2.0"><head><title>Elsewhere</title></head>'
        '<body><outline text="A"><outline text="B"/></outline></body></opml>',
        encoding="utf-8",
    )
    before = map_path.read_bytes()
    result = run("import", str(source), "--root", "sideways")
    assert result.exit_code == 1 and "--root takes auto, node, children" in result.stderr
    assert map_path.read_bytes() == before
    assert run("import", str(source)).exit_code == 0  # another label: the root comes in (auto)
    assert load().resolve("Elsewhere/A/B")
    result = run("import", str(source), "--root", "children")
    assert result.exit_code == 0 and "its children came in" not in result.stderr
    mindmap = load()
    assert [mindmap.label(n) for n in mindmap.children(mindmap.root)] == ["Elsewhere", "A"]
    assert mindmap.resolve("A/B")


def test_a_left_out_root_says_which_of_its_fields_did_not_come():
    from mindmap.formats import Imported
    from mindmap.importing import import_into
    from mindmap.model import MindMap

    source = MindMap("Derby")
    source.update(source.root, note="The file's own note", url="https://example.org")
    source.add("sector", "Arts")
    target = MindMap("derby")
    staged, report = import_into(target, Imported(source), root="auto")
    assert [staged.label(n) for n, _ in staged.walk()] == ["derby", "Arts"]
    assert report.root_left_out and report.top == staged.root
    assert report.warnings == [
        "the file's root 'Derby' stands for 'derby': its note and url were not imported (the node keeps its own)"
    ]
    assert staged.node(staged.root).note == ""


def test_contributions_match_organisations_whatever_their_case_and_spacing(run, map_path, tmp_path):
    assert run("add", "sector", "Arts and culture").exit_code == 0
    quad = run("add", "org", "Derby QUAD", "--under", "Arts and culture").stdout.strip()
    path = tmp_path / "contributions.csv"
    path.write_text(
        "path,kind,url,note,by\n"
        "arts AND culture/derby quad /Twitter,channel,https://twitter.com/derbyquad,,Bel\n"
        " ARTS and  culture/Derby   Quad/Facebook,channel,https://www.facebook.com/derbyquad,,Tim\n"
        "Public sector/Derby City Council,org,,,\n"
        "public sector/DERBY CITY COUNCIL/Twitter,channel,https://twitter.com/derbycc,,\n"
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Imported 5 nodes" in result.stderr  # 2 channels, and a sector, an organisation, a channel
    mindmap = MapFile(map_path).load()
    arts = mindmap.resolve("Arts and culture")
    assert [mindmap.label(n) for n in mindmap.children(arts)] == ["Derby QUAD"]  # the map's spelling kept
    assert [mindmap.label(n) for n in mindmap.children(quad)] == ["Twitter", "Facebook"]
    council = mindmap.resolve("Public sector/Derby City Council")  # the first row's spelling
    assert [mindmap.label(n) for n in mindmap.children(council)] == ["Twitter"]
    assert [mindmap.label(n) for n in mindmap.children(mindmap.root)] == ["Arts and culture", "Public sector"]


def test_an_import_that_releases_the_files_map_gives_the_same_map():
    from mindmap.importing import import_into
    from mindmap.model import MindMap

    source = awkward_map()
    data = json_format.write(source, WriteOptions()).data
    target = MindMap("Target", by="tester")
    kept, _ = import_into(target, json_format.read(data), by="tester")
    imported = json_format.read(data)
    released, _ = import_into(target, imported, by="tester", release=True)
    assert released.to_document() == kept.to_document()
    assert len(imported.mindmap) == 1  # let go: only an empty root is left


def test_import_into_a_missing_map_says_so_before_reading_the_file(tmp_path, monkeypatch):
    # A big file takes seconds to read: the missing map is named first, and the file is never opened.
    from typer.testing import CliRunner

    from mindmap.cli import app, exchange

    def never(*_: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(exchange, "read_import", never)
    source = tmp_path / "big.mm"
    source.write_text("<map><node TEXT='x'/></map>")
    missing = tmp_path / "missing.json"
    result = CliRunner().invoke(app, ["--map", str(missing), "import", str(source)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no map file {str(missing)!r}; create one with 'mindmap init TITLE'")
    assert not missing.exists()
    folder = tmp_path / "maps"
    folder.mkdir()
    result = CliRunner().invoke(app, ["--map", str(folder), "import", str(source)])
    assert result.exit_code == 1 and result.stderr == f"Error: {folder} is a folder, not a map file\n"


def test_dry_run_says_what_the_import_would_do_and_changes_nothing(run, load, map_path, outline_file):
    # Found in a trial: a researcher importing a colleague's file could only try it and `undo`; a bad
    # row stopped the import, but a file that imports fine could not be looked at first.
    run("add", "sector", "Arts")
    before = map_path.read_bytes()
    journal = map_path.with_name(f".{map_path.name}.journal")
    journal_before = journal.read_bytes()
    dry = run("import", str(outline_file), "--under", "Arts", "--kinds", "auto", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stderr.splitlines() == [
        f"Would import 4 nodes (1 note, 1 url, 0 cross-links, 0 attributes) from {outline_file} under 'Arts'",
        f"Nothing was changed (--dry-run): {map_path} is as it was",
    ]
    assert map_path.read_bytes() == before and journal.read_bytes() == journal_before
    assert run("undo").stderr.startswith("Undid: add sector Arts")  # the dry run is no edit to undo
    run("redo")
    real = run("import", str(outline_file), "--under", "Arts", "--kinds", "auto")
    assert real.stderr.splitlines()[0] == dry.stderr.splitlines()[0].replace("Would import", "Imported")
    mindmap = load()
    assert mindmap.kind(mindmap.resolve("Twitter")) == "channel"
    # Mistakes are said as the import says them, and still change nothing.
    assert run("import", str(outline_file), "--under", "Nope", "--dry-run").stderr == "Error: no node 'Nope'\n"


def test_a_file_without_a_title_is_named_by_its_file_name(run, map_path, tmp_path):
    # Found by the trial: `init --from survey.csv` titled every map 'Contributions', and an outline without a
    # heading came in as 'Markdown outline'; the file's own name says what it is.
    sheet = tmp_path / "east-midlands_survey.csv"
    sheet.write_text("Organisation,Sector,Twitter\nDerby QUAD,Arts,@derbyquad\n", encoding="utf-8")
    map_path.unlink()
    result = run("init", "--from", str(sheet))
    assert result.exit_code == 0, result.stderr
    mindmap = MapFile(map_path).load()
    assert (mindmap.meta.title, mindmap.label(mindmap.root)) == ("East midlands survey", "East midlands survey")
    notes = tmp_path / "Reading_notes 2024.md"
    notes.write_text("- one\n- two\n", encoding="utf-8")
    assert run("import", str(notes)).exit_code == 0
    titled = tmp_path / "titled.md"
    titled.write_text("# Leicester groups\n\n- one\n", encoding="utf-8")
    assert run("import", str(titled)).exit_code == 0
    assert run("import", "-", "--format", "markdown", input="- piped\n").exit_code == 0
    mindmap = MapFile(map_path).load()
    assert [mindmap.label(kid) for kid in mindmap.children(mindmap.root)][1:] == [
        "Reading notes 2024",  # as written, when it has capitals of its own
        "Leicester groups",  # the file's own title
        "Markdown outline",  # standard input has no name
    ]
    map_path.unlink()
    assert run("init", "Survey 2026", "--from", str(sheet)).exit_code == 0
    assert MapFile(map_path).load().meta.title == "Survey 2026"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("survey.csv", "Survey"),
        ("/data/east-midlands_survey.v2.csv", "East midlands survey.v2"),
        ("Derby QUAD links.md", "Derby QUAD links"),
        ("---.csv", ""),
        ("notes\x07.md", "Notes"),
    ],
)
def test_title_from_file_name(name, title):
    from mindmap.importing import title_from_file_name

    assert title_from_file_name(name) == title


def test_dry_run_lists_each_node_it_would_add_with_its_link(run, tmp_path):
    # The Leicester trial: a readers' form's dry run said "Would import 7 nodes" but not which, so a row that
    # would make a second organisation, or a link stored otherwise than typed, went unseen.
    run("add", "sector", "Arts and culture")
    run("add", "org", "Curve", "--under", "Arts and culture")
    form = tmp_path / "readers.csv"
    form.write_text(
        "path,kind,url,note,by\n"
        "Arts and culture/Curve/Instagram,channel,https://www.instagram.com/curvetheatre/?hl=en,,Jo\n"
        "Faith groups/Jain Centre,organisation,,,Ravi\n"
    )
    dry = run("import", str(form), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "+ channel Arts and culture/Curve/Instagram  <https://instagram.com/curvetheatre>",
        "+ sector Faith groups",
        "+ organisation Faith groups/Jain Centre",
    ]
    assert "Would import 3 nodes" in dry.stderr
    assert run("import", str(form)).stdout == ""  # the real import says it in its summary, as before


def test_dry_run_lists_one_line_per_node_whatever_the_labels(run, tmp_path):
    # A label with a line break (as .mm and JSON files may hold) printed its path over two lines: the
    # listing is one line per node, as `find` prints paths.
    from mindmap.model import MindMap

    theirs = MindMap("Theirs")
    arts = theirs.add("sector", "Arts")
    theirs.add("organisation", "Derby\nQUAD", arts)
    source = tmp_path / "theirs.json"
    source.write_bytes(__import__("orjson").dumps(theirs.to_document()))
    dry = run("import", str(source), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "+ sector Theirs",
        "+ sector Theirs/Arts",
        "+ organisation Theirs/Arts/Derby ⏎ QUAD",
    ]

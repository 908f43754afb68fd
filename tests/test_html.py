"""HTML export (one offline page: drawing plus links page) and `mindmap export` for the drawn formats.

Regenerate the golden page with `UPDATE_GOLDEN=1 pytest tests/test_html.py` (see tests/test_svg.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html
from samples import awkward_map
from test_svg import (
    DERBY,
    HOSTILE_LABELS,
    XLINK_HREF,
    _fixed_ids,  # noqa: F401  (an autouse fixture: fixed node ids)
    assert_inert,
    groups,
)

from mindmap.formats import WriteOptions, get_format
from mindmap.model import MindMap
from mindmap.store import MapFile

SAFE = ("http:", "https:", "mailto:")


def page(mindmap: MindMap) -> tuple[bytes, Any]:
    data = get_format("html").write(mindmap, WriteOptions()).data  # type: ignore[misc]
    return data, html.document_fromstring(data)


def test_page_is_self_contained_and_lists_every_link() -> None:
    mindmap = MapFile(DERBY).load()
    data, doc = page(mindmap)
    assert data.startswith(b"<!DOCTYPE html>")
    assert doc.findtext(".//title") == mindmap.meta.title
    assert doc.findtext(".//h1") == mindmap.meta.title
    assert doc.find(".//meta[@name='author']").get("content") == "Tim, Paul Cole"
    assert "CC BY 4.0" in doc.findtext(".//p[@class='byline']")
    # Works offline: nothing is fetched, nothing runs.
    assert not doc.xpath("//script | //link | //iframe | //img | //object | //@src")
    assert not [a for a in doc.xpath("//@*") if a.attrname.lower().startswith("on")]
    # The links page: one section per sector, every safe url once as a link.
    sections = doc.xpath("//section[@class='links']/section[@class='sector']")
    assert [s.xpath("string(h3)") for s in sections] == [mindmap.label(k) for k in mindmap.children(mindmap.root)]
    listed = doc.xpath("//section[@class='links']//a/@href")
    assert sorted(listed) == sorted(n.url for n in mindmap.nodes() if n.url)
    assert all(href.startswith(SAFE) for href in doc.xpath("//@href"))
    channels = doc.xpath("//li[@class='channel']/a/text()")
    assert "Twitter @derbyquad" in channels
    # The drawing is inline, with its own links.
    svg = doc.xpath("//figure//*[local-name()='svg']")
    assert len(svg) == 1


def test_hostile_text_is_shown_literally() -> None:
    mindmap = MindMap("<script>alert(1)</script>", by="tester")
    mindmap.meta.description = '"><svg onload=alert(1)>'
    sector = mindmap.add("sector", "S")
    org = mindmap.add("org", "O", sector, url="javascript:alert(1)", url_as_is=True)
    for label in HOSTILE_LABELS:
        mindmap.add("channel", label, org, note=label, url="https://example.org/x?a=1&b=2")
    data, doc = page(mindmap)
    assert b"<script>" not in data and b"<svg onload" not in data
    assert doc.findtext(".//h1") == "<script>alert(1)</script>"
    assert doc.find(".//p[@class='description']").text == '"><svg onload=alert(1)>'
    texts = doc.xpath("//li[@class='channel']/a/text()")
    assert texts == HOSTILE_LABELS
    assert doc.xpath("string(//section[@class='sector']//li[@class='organisation']/span)") == "O"
    assert not doc.xpath("//a[starts-with(@href, 'javascript')]")
    assert doc.xpath("string(//li[@class='channel'][1]/p[@class='note'])") == HOSTILE_LABELS[0]
    assert_inert(etree.fromstring(etree.tostring(doc.xpath("//*[local-name()='svg']")[0])))


# ------------------------------------------------------------------ the command


def test_export_svg_command(run: Any, map_path: Path, tmp_path: Path) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts", "--url", "https://www.derbyquad.co.uk")
    # Such links are refused when added; --force keeps one, so the export must drop it.
    run("add", "topic", "Sneaky", "--under", "Derby QUAD", "--url", "javascript:alert(1)", "--force")
    before = map_path.read_bytes()
    out = tmp_path / "out.svg"
    result = run("export", str(out))
    assert result.exit_code == 0, result.stderr
    assert "svg: 1 unsafe url not written" in result.stderr
    root = etree.fromstring(out.read_bytes())
    assert len(groups(root, "node")) == 4
    assert [a.get(XLINK_HREF) for a in root.iter("{http://www.w3.org/2000/svg}a")] == ["https://www.derbyquad.co.uk"]
    assert map_path.read_bytes() == before


@pytest.mark.parametrize(("name", "marker"), [("out.html", b"<!DOCTYPE html>"), ("out.gv", b"digraph mindmap {")])
def test_export_html_and_dot_commands(run: Any, tmp_path: Path, name: str, marker: bytes) -> None:
    run("add", "sector", "Arts")
    result = run("export", str(tmp_path / name), "--layout", "tree")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).read_bytes().startswith(marker)


def test_export_dot_to_stdout(run: Any) -> None:
    result = run("export", "-", "--format", "dot")
    assert result.exit_code == 0 and result.stdout.startswith("digraph mindmap {")


def test_export_errors_are_one_line(run: Any, map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("export", str(tmp_path / "x.svg"), "--layout", "spiral")
    assert result.exit_code == 1 and result.stderr.startswith("Error: unknown layout 'spiral'")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("export", str(tmp_path / "x.svg"), "--renderer", "system")
    assert result.exit_code == 1 and "Graphviz's `dot` on PATH" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.svg").exists()


def test_html_lists_attributes() -> None:
    _, doc = page(awkward_map())
    assert doc.xpath("string(//span[@class='attributes'])") == " (city: Derby; since: 2008; formula: =1+1)"


def test_links_page_says_which_organisations_have_no_channel() -> None:
    mindmap = MindMap("Derby", by="tester")
    sector = mindmap.add("sector", "Councils")
    reached = mindmap.add("org", "Derby City Council", sector)
    mindmap.add("channel", "Twitter @derbycc", reached, url="https://twitter.com/derbycc", platform="twitter")
    umbrella = mindmap.add("org", "Derbyshire districts", sector)
    mindmap.add("org", "Bolsover District Council", umbrella, note="On Twitter, address unknown")
    mindmap.add("channel", "Email", umbrella, url="mailto:info@example.org", platform="email")
    mindmap.add("org", "South Derbyshire District Council", sector)
    mindmap.add("org", "Derby QUAD", sector, url="https://www.derbyquad.co.uk")
    _, doc = page(mindmap)

    def marked(label: str) -> bool:
        item = doc.xpath("//li[@class='organisation'][*[1][normalize-space()=$label]]", label=label)[0]
        marker = item.xpath("span[@class='no-channel']")
        # Right after the label, on its line, before the organisation's note and list.
        return bool(marker) and marker[0].getprevious() is item[0]

    assert marked("Bolsover District Council") and marked("South Derbyshire District Council")
    assert not marked("Derby City Council") and not marked("Derbyshire districts") and not marked("Derby QUAD")
    assert doc.xpath("string(//span[@class='no-channel'])") == " (no channel known yet)"

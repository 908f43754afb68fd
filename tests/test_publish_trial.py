"""What a user trial of publishing a map (SVG, links page, lists) found, each through the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html
from test_svg import _edges_through_boxes, groups, node_text

FORM = (
    "path,kind,url,note,by\n"
    "Arts/Lace Archive,organisation,,,Sam\n"
    "Arts/Lace Archive/Facebook,channel,https://www.facebook.com/nottinghamlacearchive,,Sam\n"
    "Arts/Lace Archive/Twitter,channel,https://twitter.com/LaceArchive,,Sam\n"
)


def test_channels_named_by_platform_on_a_form_show_their_account_once(run: Any, tmp_path: Path) -> None:
    form = tmp_path / "form.csv"
    form.write_text(FORM, encoding="utf-8")
    assert run("import", str(form)).exit_code == 0
    svg, page = tmp_path / "map.svg", tmp_path / "map.html"
    assert run("export", str(svg), "--layout", "tree").exit_code == 0
    assert run("export", str(page), "--layout", "tree").exit_code == 0
    pills = {
        group.findtext("{http://www.w3.org/2000/svg}title"): node_text(group)
        for group in groups(etree.fromstring(svg.read_bytes()), "node")
    }
    # Not 'Facebook' over 'Facebook nottinghamlacearchive': the platform once, then the account.
    assert pills["Facebook"] == ["Facebook", "nottinghamlacearchive"]
    assert pills["Twitter"] == ["Twitter @LaceArchive"]
    links = html.document_fromstring(page.read_bytes()).xpath("//li[@class='channel']/a/text()")
    assert links == ["Facebook nottinghamlacearchive", "Twitter @LaceArchive"]
    # Mermaid keeps no links at all: there, 'Twitter' alone would lose the account.
    diagram = tmp_path / "map.mmd"
    assert run("export", str(diagram)).exit_code == 0
    text = diagram.read_text(encoding="utf-8")
    assert '["Facebook nottinghamlacearchive"]' in text and '["Twitter @LaceArchive"]' in text


@pytest.mark.parametrize("name", ["map.svg", "map.html", "map.md"])
def test_publishing_a_faulty_link_says_so(run: Any, map_path: Path, tmp_path: Path, name: str) -> None:
    run("add", "sector", "Sport")
    run("add", "org", "Ice Centre", "--under", "Sport")
    run("add", "channel", "https://twitter.com/IceCentre", "--under", "Ice Centre")
    clean = run("export", str(tmp_path / name))
    assert clean.exit_code == 0 and "Warning" not in clean.stderr
    search = "https://www.google.com/search?q=ice+centre+twitter"
    assert run("add", "channel", search, "--under", "Ice Centre", "--force").exit_code == 0
    post = "https://twitter.com/IceCentreNews/status/1234567890123456789"
    assert run("add", "channel", post, "--under", "Ice Centre", "--force").exit_code == 0
    before = map_path.read_bytes()
    result = run("export", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert (
        "Warning: 2 faulty links are published as they are (1 search page, 1 post); "
        "`mindmap check` lists them and how to mend them"
    ) in result.stderr
    assert search in (tmp_path / name).read_text(encoding="utf-8")  # published all the same, as the user chose
    assert map_path.read_bytes() == before
    one = run("export", str(tmp_path / name), "--from", "Ice Centre/Twitter @IceCentreNews post")
    assert "1 faulty link is published as it is (a post); `mindmap check` says how to mend it" in one.stderr


def test_a_wide_drawing_on_the_links_page_can_be_seen_at_full_size(run: Any, tmp_path: Path) -> None:
    run("add", "sector", "Clubs")
    small, wide = tmp_path / "small.html", tmp_path / "wide.html"
    assert run("export", str(small)).exit_code == 0
    lines = "".join(f'add org "Club number {number}" --under Clubs\n' for number in range(60))
    assert run("batch", "-", input=lines).exit_code == 0
    assert run("export", str(wide)).exit_code == 0
    # Fitted to the page, 60 organisations in a ring are too small to read: a link shows the drawing at full
    # size (CSS :target, no script), and another fits it back.
    page = html.document_fromstring(wide.read_bytes())
    (view,) = page.xpath("//main/div[@id='map']")
    assert view.xpath("p[@class='zoom']/a/@href") == ["#map", "#"]
    assert view.xpath("figure[@class='map']/*[local-name()='svg']")
    assert not page.xpath("//script | //@*[starts-with(name(), 'on')]")
    # A drawing that fits stays as it was, without the link.
    page = html.document_fromstring(small.read_bytes())
    assert not page.xpath("//p[@class='zoom'] | //*[@id='map']")
    assert page.xpath("//main/figure[@class='map']")


@pytest.mark.parametrize("name", ["map.svg", "map.html"])
def test_a_wrong_layout_is_said_before_any_warning(run: Any, map_path: Path, tmp_path: Path, name: str) -> None:
    run("add", "sector", "Sport")
    run("add", "org", "Ice Centre", "--under", "Sport")
    run("add", "channel", "https://bit.ly/3xYzAbc", "--under", "Ice Centre", "--force")
    result = run("export", str(tmp_path / name), "--layout", "circo")
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown layout 'circo'; the layouts are: radial, tree, sfdp, neato\n"
    assert not (tmp_path / name).exists()


def test_a_city_map_of_some_230_nodes_draws_no_edge_through_a_box(run: Any, tmp_path: Path) -> None:
    # The trial's Nottingham map (236 nodes) had 60 edges running through other boxes in the default drawing.
    lines = []
    for sector in range(8):
        lines.append(f'add sector "Sector {sector}"')
        for org in range(9):
            name = f"Organisation {sector}.{org} of the city"
            lines.append(f'add org "{name}" --under "Sector {sector}"')
            for channel in range(org % 3 + 1):
                lines.append(f'add channel @acct{sector}x{org}x{channel} --under "{name}" --platform twitter')
    assert run("batch", "-", input="\n".join(lines) + "\n").exit_code == 0
    out = tmp_path / "city.svg"
    assert run("export", str(out)).exit_code == 0
    root = etree.fromstring(out.read_bytes())
    assert 200 < len(groups(root, "node")) <= 250
    assert _edges_through_boxes(root) == []


def test_a_new_label_that_starts_with_its_parent_is_refused(run: Any, map_path: Path, load: Any) -> None:
    # The trial typed 'add org "Nottingham City Council/Parks" --under "Nottingham City Council"': the
    # council's name then showed twice on the drawing, the links page and every list.
    run("add", "sector", "Local government")
    run("add", "org", "City Council", "--under", "Local government")
    before = map_path.read_bytes()
    for typed in ("City Council/Parks", "Local government/City Council/Parks"):
        result = run("add", "org", typed, "--under", "City Council")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: '{typed}' starts with the node it goes under, 'City Council': give the new node's own "
            "label, 'Parks' (a '/' that belongs in a label is written '\\/')\n"
        )
        assert map_path.read_bytes() == before
    # A '/' that names no parent, or is written '\/', stays in the label.
    assert run("add", "org", "Parks/Open Spaces", "--under", "City Council").exit_code == 0
    assert run("add", "org", "City Council\\/Parks", "--under", "City Council").exit_code == 0
    mindmap = load()
    council = mindmap.resolve("City Council")
    assert [mindmap.label(child) for child in mindmap.children(council)] == ["Parks/Open Spaces", "City Council/Parks"]


def test_a_website_channel_named_only_website_shows_its_site(run: Any, tmp_path: Path) -> None:
    # Left by the publishing trial: a form's '.../Website' showed only 'Website' in the SVG pill and Mermaid
    # (the links page links it, but says nothing of where either).
    form = tmp_path / "form.csv"
    form.write_text(
        "path,kind,url\nArts/Lace Archive,organisation,\n"
        "Arts/Lace Archive/Website,channel,https://www.nottinghamlace.org/archive\n"
        "Arts/Lace Archive/Email,channel,mailto:info@nottinghamlace.org\n",
        encoding="utf-8",
    )
    assert run("import", str(form)).exit_code == 0
    svg, page, diagram = tmp_path / "map.svg", tmp_path / "map.html", tmp_path / "map.mmd"
    for path in (svg, page, diagram):
        assert run("export", str(path), "--layout", "tree").exit_code == 0
    pills = {
        group.findtext("{http://www.w3.org/2000/svg}title"): node_text(group)
        for group in groups(etree.fromstring(svg.read_bytes()), "node")
    }
    assert pills["Website"] == ["Website", "nottinghamlace.org/archive"]
    assert pills["Email"] == ["Email", "info@nottinghamlace.org"]
    links = html.document_fromstring(page.read_bytes()).xpath("//li[@class='channel']/a/text()")
    assert links == ["Website nottinghamlace.org/archive", "Email info@nottinghamlace.org"]
    text = diagram.read_text(encoding="utf-8")
    assert '["Website nottinghamlace.org/archive"]' in text and '["Email info@nottinghamlace.org"]' in text

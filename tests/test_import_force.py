"""`mindmap import --force`: a form's or a survey sheet's faulty links kept, as `add --force` keeps one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmap import checks
from mindmap.errors import FormatError
from mindmap.formats import csv_table
from mindmap.importing import import_file, import_into
from mindmap.model import MindMap
from mindmap.store import MapFile

FORM = (
    "path,kind,url\n"
    "Arts/Derby QUAD/Facebook,channel,https://www.facebook.com/search/top?q=derby%20quad\n"
    "Arts/Derby QUAD/Twitter,channel,https://twitter.com/derbyquad/status/123\n"
    "Arts/Derby Museum,organisation,https://bit.ly/abc\n"
    "Arts/Derby Museum/Site,channel,https://derbymuseums.org\n"
)
KEPT = {
    "Arts/Derby QUAD/Facebook": ("https://facebook.com/search/top?q=derby+quad", "link-search"),
    "Arts/Derby QUAD/Twitter": ("https://twitter.com/derbyquad/status/123", "link-post"),
    "Arts/Derby Museum": ("https://bit.ly/abc", "link-shortener"),
}


def link_findings(mindmap: MindMap) -> dict[str, str]:
    """Return the path of each node `check` flags for its link, and the finding's code."""
    return {
        mindmap.path(finding.node_id): finding.rule
        for finding in checks.check(mindmap)
        if finding.rule.startswith("link-") and finding.node_id
    }


def test_import_force_keeps_a_form_s_faulty_links_and_check_flags_them(run, map_path, tmp_path):
    form = tmp_path / "form.csv"
    form.write_text(FORM)
    before = map_path.read_bytes()
    refused = run("import", str(form))
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: CSV line 2: 'https://www.facebook.com/search/top?q=derby%20quad'")
    assert refused.stderr.rstrip().endswith(
        "2 more rows with a faulty link: lines 3, 4; or add --force to keep faulty links (`mindmap check` lists them)"
    )
    assert map_path.read_bytes() == before
    dry = run("import", str(form), "--force", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "3 faulty links kept: run `mindmap check`" in dry.stderr
    assert map_path.read_bytes() == before
    kept = run("import", str(form), "--force")
    assert kept.exit_code == 0, kept.stderr
    assert "Warning: 3 faulty links kept: run `mindmap check`" in kept.stderr
    assert "Imported 6 nodes" in kept.stderr
    mindmap = MapFile(map_path).load()
    for path, (url, _) in KEPT.items():
        assert mindmap.node(mindmap.resolve(path)).url == url
    assert mindmap.node(mindmap.resolve("Arts/Derby Museum/Site")).url == "https://derbymuseums.org"
    assert link_findings(mindmap) == {path: code for path, (_, code) in KEPT.items()}
    assert run("check").exit_code == 1


def test_import_force_keeps_a_sheet_s_faulty_links_but_not_what_names_no_channel(run, map_path, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Organisation,Sector,Twitter,Facebook\n"
        "Good,Arts,@good,\n"
        "Searched,Arts,,https://www.facebook.com/search.php?q=quad\n"
    )
    assert run("import", str(sheet)).exit_code == 1
    assert run("import", str(sheet), "--force").exit_code == 0
    mindmap = MapFile(map_path).load()
    assert link_findings(mindmap) == {"Arts/Searched/Facebook search page": "link-search"}
    # --force keeps a faulty link, not a handle that is none: that row is refused, without advice to force it.
    sheet.write_text("Organisation,Sector,Twitter\nBad handle,Arts,@not-a-handle\n")
    before = map_path.read_bytes()
    for extra in ((), ("--force",)):
        result = run("import", str(sheet), *extra)
        assert result.exit_code == 1
        assert result.stderr.strip() == "Error: CSV line 2: '@not-a-handle' is not a valid Twitter handle"
    assert map_path.read_bytes() == before


def test_import_file_keeps_faulty_links_when_forced(tmp_path: Path) -> None:
    form = tmp_path / "form.csv"
    form.write_text(FORM)
    mindmap = MindMap("Derby")
    with pytest.raises(FormatError, match="2 more rows with a faulty link: lines 3, 4$"):
        import_file(mindmap, form)
    assert len(mindmap) == 1
    report = import_file(mindmap, form, force=True)
    assert (report.nodes, report.links_faulty) == (6, 3)
    assert link_findings(mindmap) == {path: code for path, (_, code) in KEPT.items()}


LINKS = {
    "https://twitter.com/derbyquad": False,
    "https://bit.ly/abc": True,
    "https://www.facebook.com/search/top?q=quad": True,
    "https://www.instagram.com/derbyquad": False,
    "https://twitter.com/derbyquad/status/42": True,
}


@given(st.lists(st.sampled_from(sorted(LINKS)), min_size=1, max_size=12))
def test_a_forced_form_keeps_every_row_and_counts_the_faulty_ones(links: list[str]) -> None:
    rows = [f"Arts/Org {number}/Channel,channel,{link}" for number, link in enumerate(links)]
    data = ("path,kind,url\n" + "\n".join(rows) + "\n").encode()
    faulty_lines = [number + 2 for number, link in enumerate(links) if LINKS[link]]
    if faulty_lines:
        with pytest.raises(FormatError) as refused:
            csv_table.read(data)
        assert refused.value.args[0].startswith(f"CSV line {faulty_lines[0]}: ")
    mindmap, report = import_into(MindMap("Derby"), csv_table.read(data, force=True))
    assert report.nodes == 1 + 2 * len(links)
    assert report.links_faulty == len(faulty_lines)
    assert len(link_findings(mindmap)) == len(faulty_lines)

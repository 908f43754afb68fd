"""An organisation whose only channel has a faulty link (the origin story's Facebook search page, kept with
--force) is on the platform, but without a working link there: stats, check and the links page agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import html

from mindmap import stats

SEARCH = "https://www.facebook.com/search.php?q=derby+quad"


def origin_map(run: Any) -> str:
    """Add the origin story's organisations: QUAD with only a search page, the Guildhall with a page; return QUAD."""
    run("add", "sector", "Arts")
    quad = run("add", "org", "Derby QUAD", "--under", "Arts").stdout.strip()
    assert run("add", "channel", SEARCH, "--under", "Derby QUAD", "--force").exit_code == 0
    run("add", "org", "Guildhall Theatre", "--under", "Arts")
    run("add", "channel", "https://facebook.com/derbyguildhall", "--under", "Guildhall Theatre")
    return quad


def test_stats_counts_the_platform_and_lists_the_organisation_without_a_working_link(run: Any, load: Any) -> None:
    origin_map(run)
    mindmap = load()
    (channel,) = [n for n in mindmap.nodes() if n.kind == "channel" and "search" in n.url]
    assert channel.platform == "facebook"  # the saved map keeps the faulty link and its platform
    data = json.loads(run("stats", "--json").stdout)
    # Both organisations are on Facebook: the search page was found there.
    assert data["platforms"] == [{"platform": "facebook", "name": "Facebook", "organisations": 2, "channels": 2}]
    assert data["organisations_without_channel"] == []
    assert data["organisations_without_working_link"] == ["Arts/Derby QUAD"]
    assert data["channels_with_faulty_link"] == [f"Arts/Derby QUAD/{channel.label}"]
    assert data["totals"]["without_working_link"] == 1
    assert data == stats.compute(mindmap).to_dict()
    out = run("stats").stdout
    assert "Organisations without a working link (1)\n  Arts/Derby QUAD\n" in out
    assert "Organisations without a channel" not in out
    assert out.rstrip().endswith("Channels without a working link: 1 faulty link; see `mindmap check`")
    csv_lines = run("stats", "--csv").stdout.splitlines()
    assert csv_lines[0].endswith(",Faulty links,Channels without link,Without working link")
    assert csv_lines[-1] == "Total,2,2,2,0,1,0,1"


def test_check_flags_the_link_and_names_the_organisation(run: Any, load: Any) -> None:
    quad = origin_map(run)
    result = run("check", "--json")
    assert result.exit_code == 1  # the faulty link is an error
    found = [(f["severity"], f["rule"], f["node_id"]) for f in json.loads(result.stdout)]
    assert found[0][:2] == ("error", "link-search")
    assert found[1:] == [("warning", "organisation-without-working-link", quad)]
    assert "organisation-without-channel" not in result.stdout


def test_links_page_marks_the_organisation_without_a_working_link(run: Any, tmp_path: Path) -> None:
    origin_map(run)
    target = tmp_path / "map.html"
    assert run("export", str(target)).exit_code == 0
    page = html.fromstring(target.read_bytes())
    marks = {
        item.xpath("string(./*[1])"): item.xpath("string(./span[@class='no-channel'])")
        for item in page.iterfind(".//li[@class='organisation']")
    }
    assert marks == {"Derby QUAD": " (no working link known yet)", "Guildhall Theatre": ""}


def test_a_channel_without_a_link_leaves_its_organisation_without_a_working_link_too(run: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Gallery", "--under", "Arts")
    run("add", "channel", "Gallery on Instagram", "--under", "Gallery", "--platform", "instagram")
    data = json.loads(run("stats", "--json").stdout)
    assert data["organisations_without_working_link"] == ["Arts/Gallery"]
    assert [p["platform"] for p in data["platforms"]] == ["instagram"]  # the stored platform says where it is
    rules = [f["rule"] for f in json.loads(run("check", "--json").stdout)]
    assert rules == ["organisation-without-working-link", "channel-without-url"]

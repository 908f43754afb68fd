"""`mindmap stats`: counts on the Derby map, checked against numbers worked out by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.model import MindMap
from mindmap.stats import compute, to_svg
from mindmap.store import MapFile

ROOT = Path(__file__).resolve().parents[1]
DERBY = ROOT / "maps" / "derby.json"
GOLDEN = Path(__file__).parent / "golden"

# Worked out by hand from examples/derby.sh: sector -> (organisations, {platform: channels}, without a channel).
# Local government: the County Council (@Derbyshirecc) and three district councils with no known address.
# Education: the University and its Press Office (@DerbyUniPress); the University counts as having a
# channel through its Press Office. Community: the Cafe's links page and the example Facebook group.
DERBY_BY_HAND = {
    "Local government": (4, {"twitter": 1}, 3),
    "Emergency services": (1, {"twitter": 1}, 0),
    "Education": (2, {"twitter": 1}, 0),
    "Arts and culture": (1, {"twitter": 1}, 0),
    "Community and third sector": (2, {"facebook": 1, "website": 1}, 0),
    "Business": (0, {}, 0),
}


def stats_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--map", str(DERBY), "stats", *args])
    return result.exit_code, result.stdout


def test_derby_counts_by_hand():
    stats = compute(MapFile(DERBY).load())
    got = {row.sector: (row.organisations, dict(row.channels), row.without_channel) for row in stats.sectors}
    assert got == DERBY_BY_HAND
    assert [(u.platform, u.organisations, u.channels) for u in stats.platforms] == [
        ("twitter", 4, 4),
        ("facebook", 1, 1),
        ("website", 1, 1),
    ]
    assert stats.without_channel == [
        "Local government/South Derbyshire District Council",
        "Local government/Bolsover District Council",
        "Local government/North East Derbyshire District Council",
    ]
    totals = stats.totals
    assert (totals.organisations, totals.total_channels, totals.without_channel) == (10, 6, 3)


def test_platforms_ranked_by_organisations_not_channels():
    mindmap = MindMap("Ranking")
    sector = mindmap.add("sector", "Arts")
    busy = mindmap.add("org", "Busy", sector)
    for name in ("a", "b", "c"):
        mindmap.add("channel", name, busy, url=f"https://facebook.com/{name}")
    for org_name in ("One", "Two"):
        org = mindmap.add("org", org_name, sector)
        mindmap.add("channel", "t", org, url=f"https://twitter.com/{org_name}")
    mindmap.add("channel", "old", busy, platform="myspace", url="https://myspace.com/busy")
    stats = compute(mindmap)
    ranked = [(u.platform, u.organisations, u.channels) for u in stats.platforms]
    assert ranked == [("twitter", 2, 2), ("facebook", 1, 3), ("other", 1, 1)]
    assert stats.sectors[0].organisations_using == {"twitter": 2, "facebook": 1, "other": 1}


def test_nested_sectors_roll_up_into_their_top_sector():
    mindmap = MindMap("Nested")
    top = mindmap.add("sector", "Public")
    sub = mindmap.add("sector", "Schools", top)
    org = mindmap.add("org", "School", sub)
    mindmap.add("channel", "t", org, url="https://twitter.com/school")
    rows = compute(mindmap).sectors
    assert [(r.sector, r.organisations, r.total_channels) for r in rows] == [("Public", 1, 1)]


def test_stats_json_matches_the_library():
    code, out = stats_cli("--json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"] == {
        "sector": "Total",
        "organisations": 10,
        "channels": {"twitter": 4, "facebook": 1, "website": 1},
        "organisations_using": {"twitter": 4, "facebook": 1, "website": 1},
        "total_channels": 6,
        "without_channel": 3,
        "without_working_link": 0,
    }
    assert [p["name"] for p in data["platforms"]] == ["Twitter", "Facebook", "Website"]
    assert len(data["organisations_without_channel"]) == 3


def test_stats_csv():
    code, out = stats_cli("--csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Sector,Organisations,Twitter,Facebook,Website,Channels,Without channel,Faulty links,Channels without link,"
        "Without working link"
    )
    assert lines[1] == "Local government,4,1,0,0,1,3,0,0,0"
    assert lines[-1] == "Total,10,4,1,1,6,3,0,0,0"
    assert len(lines) == 8


def test_stats_plain_table_when_not_a_terminal():
    code, out = stats_cli()
    assert code == 0
    assert "\x1b[" not in out
    assert "Community and third sector              2        0         1        1         2                0" in out
    assert "1  Twitter               4         4" in out
    assert out.rstrip().endswith("Local government/North East Derbyshire District Council")


def test_json_and_csv_together_is_an_error():
    result = CliRunner().invoke(app, ["--map", str(DERBY), "stats", "--json", "--csv"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: choose one of --json and --csv"


def test_svg_chart_is_golden_and_readable_without_colour(tmp_path):
    """The Derby chart. Regenerate the golden file with UPDATE_GOLDEN=1 pytest tests/test_stats.py."""
    target = tmp_path / "derby-stats.svg"
    result = CliRunner().invoke(app, ["--map", str(DERBY), "stats", "--svg", str(target)])
    assert result.exit_code == 0
    data = target.read_bytes()
    golden = GOLDEN / "derby-stats.svg"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes()
    assert data == to_svg(compute(MapFile(DERBY).load()))  # deterministic
    tree = etree.fromstring(data)
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = [t.text for t in tree.iterfind(".//s:g/s:text", ns)]
    # Every bar carries its label and its number, so the chart reads without colour.
    assert texts[:6] == ["Twitter", "4", "Facebook", "1", "Website", "1"]
    assert len(tree.findall(".//s:g/s:rect", ns)) == 3 + 6 + 6
    assert tree.findtext("s:desc", namespaces=ns) == "10 organisations run 6 channels; 3 organisations have none."


def test_svg_of_an_empty_map(tmp_path):
    data = to_svg(compute(MindMap("Empty & <new>")))
    tree = etree.fromstring(data)
    assert tree.findtext("{http://www.w3.org/2000/svg}title") == "Empty & <new>: who uses which platform"


def test_stats_and_check_on_a_terminal_use_rich(monkeypatch):
    import mindmap.cli.analyse as analyse

    monkeypatch.setattr(analyse, "use_colour", lambda: True)
    code, out = stats_cli()
    assert code == 0
    assert "┃ Twitter ┃" in out
    assert "│ Total " in out
    result = CliRunner().invoke(app, ["--map", str(DERBY), "check"])
    assert result.exit_code == 0
    assert result.stdout.count("warning") == 4


def test_faulty_links_count_on_their_platform_unless_they_hide_it():
    mindmap = MindMap("Faulty")
    sector = mindmap.add("sector", "Arts")
    org = mindmap.add("org", "Gallery", sector)
    mindmap.add("channel", "good", org, url="https://twitter.com/gallery", platform="twitter")
    mindmap.add("channel", "short", org, url="https://bit.ly/3abc", platform="website", force=True)
    mindmap.add(
        "channel", "search", org, url="https://www.facebook.com/search/top?q=gallery", platform="facebook", force=True
    )
    mindmap.add("channel", "nothing", org)
    only_faulty = mindmap.add("org", "Studio", sector)
    mindmap.add("channel", "short", only_faulty, url="https://bit.ly/3xyz", force=True)
    stats = compute(mindmap)
    # The search page shows the gallery on Facebook; a short link shows no platform, whatever was stored from it.
    assert [(u.platform, u.organisations, u.channels) for u in stats.platforms] == [
        ("twitter", 1, 1),
        ("facebook", 1, 1),
    ]
    assert stats.faulty_links == ["Arts/Gallery/short", "Arts/Gallery/search", "Arts/Studio/short"]
    assert stats.without_link == ["Arts/Gallery/nothing"]
    assert stats.without_channel == []  # as for `mindmap check`, a channel with a faulty link is a channel
    assert stats.without_working_link == ["Arts/Studio"]  # but the studio's only link does not work
    assert stats.link_gaps() == (
        "Channels without a working link: 3 faulty links, 1 channel without a link; see `mindmap check`"
    )
    assert stats.to_dict()["channels_with_faulty_link"] == stats.faulty_links


def test_stats_says_what_it_left_out(tmp_path):
    path = tmp_path / "map.json"
    mindmap = MindMap("Faulty")
    org = mindmap.add("org", "Gallery", mindmap.add("sector", "Arts"))
    mindmap.add("channel", "short", org, url="https://bit.ly/3abc", force=True)
    MapFile(path).create(mindmap)
    result = CliRunner().invoke(app, ["--map", str(path), "stats"])
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith(
        "Organisations without a working link (1)\n  Arts/Gallery\n\n"
        "Channels without a working link: 1 faulty link; see `mindmap check`"
    )
    assert "Website" not in result.stdout and "Other" not in result.stdout


def test_derby_counts_nothing_out():
    stats = compute(MapFile(DERBY).load())
    assert (stats.faulty_links, stats.without_link, stats.link_gaps()) == ([], [], None)

"""Links from before normalisation: `check` names the form to store, and `stats --csv` counts faulty links."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mindmap.checks import check
from mindmap.cli import app
from mindmap.model import MindMap
from mindmap.stats import compute
from mindmap.store import MapFile


def old_map() -> tuple[MindMap, dict[str, str]]:
    """Return a map written before links were normalised (links stored as they were pasted)."""
    m = MindMap("Old")
    ids = {"sector": m.add("sector", "Arts")}
    ids["org"] = m.add("org", "QUAD", ids["sector"], url="http://www.derbyquad.co.uk/?utm_source=x", url_as_is=True)
    ids["facebook"] = m.add(
        "channel", "Facebook", ids["org"], url="http://www.facebook.com/derbyquad?fref=ts", url_as_is=True
    )
    ids["group"] = m.add("channel", "Group", ids["org"], url="m.facebook.com/groups/quadfans/", url_as_is=True)
    ids["good"] = m.add("channel", "Twitter", ids["org"], url="https://twitter.com/derbyquad")
    ids["search"] = m.add(
        "channel", "Search", ids["org"], url="http://www.facebook.com/search/top/?q=quad", url_as_is=True
    )
    return m, ids


def test_check_shows_the_normalised_form_of_a_link_in_an_old_form() -> None:
    m, ids = old_map()
    found = {(f.node_id, f.rule): f for f in check(m)}
    facebook = found[ids["facebook"], "link-old-form"]
    assert facebook.severity == "warning"
    assert facebook.message == (
        "the link is stored in an old form: http://www.facebook.com/derbyquad?fref=ts; "
        f"use `mindmap set {ids['facebook']} --url https://facebook.com/derbyquad`"
    )
    # A website keeps its scheme and www. as pasted; the tracking parameter and the final slash go.
    assert "--url http://www.derbyquad.co.uk`" in found[ids["org"], "link-old-form"].message
    # Reported already (a channel's link needs its scheme), the error says the form to store as well.
    assert found[ids["group"], "link-scheme"].message == (
        "not a web (http or https) or mailto link: m.facebook.com/groups/quadfans/; "
        f"use `mindmap set {ids['group']} --url https://facebook.com/groups/quadfans`"
    )
    assert (ids["good"], "link-old-form") not in found
    # A faulty link is an error to fix with another link: its normalised form is no advice.
    assert (ids["search"], "link-search") in found and (ids["search"], "link-old-form") not in found


def test_following_the_advice_clears_the_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    m, _ = old_map()
    MapFile(path).create(m)
    runner = CliRunner()
    out = runner.invoke(app, ["--map", str(path), "check"]).stdout
    advice = [line.split("use `mindmap ", 1)[1].split("`")[0] for line in out.splitlines() if "use `mindmap" in line]
    assert len(advice) == 3
    for command in advice:
        result = runner.invoke(app, ["--map", str(path), *shlex.split(command)])
        assert result.exit_code == 0, result.stderr
    after = runner.invoke(app, ["--map", str(path), "check"]).stdout
    assert "use `mindmap" not in after and "[link-search]" in after  # the search page needs another link


def test_stats_csv_carries_the_faulty_and_missing_link_counts_per_sector(tmp_path: Path) -> None:
    m, ids = old_map()
    m.add("channel", "Later", ids["org"])
    other = m.add("org", "Museum", m.add("sector", "Heritage"))
    m.add("channel", "Short", other, url="https://bit.ly/3abc", force=True)
    stats = compute(m)
    lines = stats.to_csv().splitlines()
    assert lines[0].endswith(",Channels,Without channel,Faulty links,Channels without link,Without working link")
    assert lines[1].startswith("Arts,1,") and lines[1].endswith(",0,2,1,0")  # the search page, the group
    assert lines[2].startswith("Heritage,1,") and lines[2].endswith(",0,1,0,1")  # the museum: a short link only
    assert lines[3].startswith("Total,2,") and lines[3].endswith(",0,3,1,1")
    # The same counts as the table's last line and the JSON lists.
    assert stats.link_gaps() == (
        "Channels without a working link: 3 faulty links, 1 channel without a link; see `mindmap check`"
    )
    data = stats.to_dict()
    assert (len(data["channels_with_faulty_link"]), len(data["channels_without_link"])) == (3, 1)
    assert data["organisations_without_working_link"] == ["Heritage/Museum"]


def test_stats_csv_columns_before_the_new_ones_stay_as_they_were(run: Any, load: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "QUAD", "--under", "Arts")
    run("add", "channel", "https://twitter.com/derbyquad", "--under", "QUAD")
    header, arts, total = run("stats", "--csv").stdout.splitlines()
    assert header == (
        "Sector,Organisations,Twitter,Channels,Without channel,Faulty links,Channels without link,Without working link"
    )
    assert arts == "Arts,1,1,1,0,0,0,0"
    assert total == "Total,1,1,1,0,0,0,0"


def test_a_file_name_kept_by_an_import_gets_no_web_address_as_advice() -> None:
    # FreeMind's LINK="notes.txt" is a file: the import keeps it, and `check` must not advise 'https://notes.txt'.
    m = MindMap("Old")
    notes = m.add("topic", "Notes", url="notes.txt", url_as_is=True)
    page = m.add("topic", "Page", url="derby.gov.uk/about", url_as_is=True)
    found = {(f.node_id, f.rule): f.message for f in check(m)}
    assert found[notes, "link-scheme"] == (
        "not a web (http or https) or mailto link: notes.txt; give a web address (https://...) or an e-mail "
        f"address: `mindmap set {notes} --url ADDRESS`, or drop it: `mindmap set {notes} --unset url`"
    )
    assert found[page, "link-scheme"].endswith(f"; use `mindmap set {page} --url https://derby.gov.uk/about`")

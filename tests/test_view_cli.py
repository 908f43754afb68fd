"""`mindmap view`: the map as a temporary web page, opened in the user's browser."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest


@pytest.fixture
def small_map(run) -> None:
    for args in (
        ("add", "sector", "Arts and culture"),
        ("add", "org", "Derby QUAD", "--under", "Arts and culture"),
        ("add", "channel", "@derbyquad", "--under", "Derby QUAD", "--platform", "twitter"),
        ("add", "sector", "Education"),
        ("add", "org", "University of Derby", "--under", "Education"),
    ):
        assert run(*args).exit_code == 0


def test_no_open_prints_the_path_of_a_page_of_the_whole_map(run, small_map):
    result = run("view", "--no-open")

    assert result.exit_code == 0, result.stderr
    page = Path(result.stdout.strip())
    try:
        html = page.read_text()
        assert page.suffix == ".html"
        assert html.startswith("<!DOCTYPE html>") and "<svg" in html
        assert "Derby QUAD" in html and "University of Derby" in html
        assert 'href="https://twitter.com/derbyquad"' in html
    finally:
        page.unlink()


def test_view_node_shows_only_its_subtree_and_opens_the_browser(run, small_map, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: opened.append(url) or True)

    result = run("view", "Arts and culture")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert len(opened) == 1 and opened[0].startswith("file:///") and opened[0].endswith(".html")
    page = Path(opened[0].removeprefix("file://"))
    try:
        html = page.read_text()
        assert "Derby QUAD" in html and "University of Derby" not in html
        assert f"Opened {page}" in result.stderr
    finally:
        page.unlink()


def test_without_a_browser_the_path_is_printed(run, small_map, monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: False)

    result = run("view")

    page = Path(result.stdout.strip())
    assert result.exit_code == 0 and page.exists()
    assert "open the page above yourself" in result.stderr
    page.unlink()


def test_view_of_an_unknown_node_suggests_and_writes_nothing(run, small_map, monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: pytest.fail("must not open"))
    result = run("view", "Derby QAUD")
    assert result.exit_code == 1
    assert result.stderr == "Error: no node 'Derby QAUD'; did you mean 'Derby QUAD'?\n"


def test_view_says_faulty_links_are_on_the_page_not_published(run, small_map, map_path, load):
    search = "https://www.facebook.com/search.php?q=university+of+derby"
    assert run("add", "channel", search, "--under", "University of Derby", "--force").exit_code == 0
    before = map_path.read_bytes()

    result = run("view", "--no-open")

    assert result.exit_code == 0, result.stderr
    page = Path(result.stdout.strip())
    try:
        assert result.stderr.splitlines()[0] == (
            "Warning: 1 faulty link is on the page as it is (a search page); `mindmap check` says how to mend it"
        )
        assert "published" not in result.stderr  # view only opens the page on this computer
        (channel,) = [n for n in load().nodes() if n.url.startswith("https://facebook.com/search.php")]
        assert f'href="{channel.url}"' in page.read_text()  # the page links it as the map holds it
        assert map_path.read_bytes() == before
    finally:
        page.unlink()


def test_find_an_organisation_by_platform_says_only_channels_have_one(run):
    # The Leicester trial: `find --kind org --platform twitter` answered "No node matches" and nothing more.
    run("add", "sector", "Sport")
    run("add", "org", "Leicester City FC", "--under", "Sport")
    run("add", "channel", "https://x.com/LCFC", "--under", "Leicester City FC")
    result = run("find", "--kind", "org", "--platform", "twitter")
    assert result.exit_code == 1 and result.stdout == ""  # nothing matched, as grep says
    assert result.stderr == (
        "No node matches kind org, platform twitter (only channels have a platform: `mindmap find --platform "
        "twitter` lists them, each in its organisation's path)\n"
    )
    assert run("find", "--platform", "twitter").stdout.startswith("Sport/Leicester City FC/Twitter @LCFC")

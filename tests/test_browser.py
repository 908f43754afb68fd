"""The exported HTML page of the Derby map in a real headless browser (Chromium driven by Playwright).

Chromium comes from the system (`apt-get install chromium`); Playwright cannot download its own browser here.
Without Chromium these tests skip, except in CI (the CI variable set), where they fail. MINDMAP_CHROMIUM
names another Chromium binary.
The page is opened from a file with every other request blocked: it must work offline.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats._style import is_safe_url
from mindmap.store import MapFile

DERBY = Path(__file__).resolve().parents[1] / "maps" / "derby.json"
CHROMIUM = os.environ.get("MINDMAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Return one headless Chromium for the whole module (starting one takes most of a test's time)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def derby_page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Export the Derby map to HTML with the command line, once for the module."""
    page = tmp_path_factory.mktemp("browser") / "derby.html"
    result = CliRunner().invoke(app, ["--map", str(DERBY), "export", str(page)])
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture
def offline_page(browser: Any, derby_page_file: Path) -> Iterator[tuple[Any, list[str]]]:
    """Open the page from its file with all network blocked; return the page and the urls it tried to reach."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.goto(derby_page_file.as_uri())
    yield page, blocked
    context.close()


def derby_channel_urls() -> set[str]:
    """Return the links of the Derby map's channels that are safe to publish (all of them, in fact)."""
    mindmap = MapFile(DERBY).load()
    urls = {node.url for node in mindmap.nodes() if node.kind == "channel" and node.url}
    assert urls and all(is_safe_url(url) for url in urls)
    return urls


def test_the_page_shows_the_map_and_every_channel_link_without_network(offline_page):
    page, blocked = offline_page
    assert page.title() == "Social media in Derby"
    drawing = page.locator("figure.map svg")
    assert drawing.count() == 1 and drawing.is_visible()
    box = drawing.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert page.locator("figure.map svg g.node").count() == len(MapFile(DERBY).load())

    listed = set(page.locator("section.links li.channel > a").evaluate_all("links => links.map(a => a.href)"))
    drawn = set(page.locator("figure.map svg a").evaluate_all("links => links.map(a => a.href.baseVal ?? a.href)"))
    channels = derby_channel_urls()
    # The browser writes a bare host with a trailing slash: compare the urls as it sees them.
    normalised = set(page.evaluate("urls => urls.map(u => new URL(u).href)", sorted(channels)))
    assert normalised <= listed
    assert normalised <= drawn
    assert blocked == []  # the page asked for nothing beyond its own file


def test_clicking_a_channel_link_requests_its_url(offline_page):
    page, blocked = offline_page
    link = page.locator("section.links li.channel > a").first
    target = link.evaluate("a => a.href")
    with page.expect_request(lambda request: request.url == target) as request_info:
        link.click()
    assert request_info.value.is_navigation_request()
    assert request_info.value.response() is None  # waits until the request ends: aborted, so no response
    assert blocked == [target]  # asked for, and stopped: the test never leaves the machine


def test_screenshot(offline_page, tmp_path: Path):
    page, _ = offline_page
    shot = tmp_path / "derby-page.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    if os.environ.get("MINDMAP_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["MINDMAP_KEEP_SCREENSHOT"])


def test_missing_chromium_skips_on_a_workstation_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        _unavailable("no Chromium at /nowhere")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        _unavailable("no Chromium at /nowhere")


def test_clicking_a_channel_in_the_drawing_opens_its_url_in_a_new_tab(offline_page):
    page, blocked = offline_page
    pill = page.locator('figure.map svg a[href="https://twitter.com/derbyquad"]')  # the Twitter @derbyquad pill
    assert pill.count() == 1
    target = "https://twitter.com/derbyquad"
    with (
        page.context.expect_event("request", lambda request: request.url == target) as request_info,
        page.context.expect_page() as new_tab,
    ):
        pill.click()
    request = request_info.value
    assert request.is_navigation_request() and request.frame.page == new_tab.value
    assert request.response() is None  # waits until the request ends: aborted, so no response
    assert target in blocked
    assert page.url.startswith("file://")  # the map stays open in its own tab

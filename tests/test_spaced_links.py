"""Links with raw spaces: stored with %20 as browsers send them, and linked by the pages written from older maps."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html

from mindmap.channels import normalise_link, stored_link
from mindmap.formats import WriteOptions, get_format
from mindmap.model import MindMap


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("https://example.org/a b/c d", "https://example.org/a%20b/c%20d"),
        ("www.example.org/annual report.pdf", "https://www.example.org/annual%20report.pdf"),
        # FreeMind's own documentation links so; the address is what a map keeps of a mailto link.
        ("mailto:a@b.org?subject=Thank you for the FreeMind", "mailto:a@b.org"),
        ("  https://example.org/a b  ", "https://example.org/a%20b"),
    ],
)
def test_raw_spaces_after_the_host_are_stored_as_browsers_send_them(given: str, stored: str) -> None:
    assert normalise_link(given) == stored
    assert stored_link(given, "topic") == (stored, [])


def test_a_space_in_the_host_is_still_a_broken_link() -> None:
    stored, found = stored_link("https://exa mple.org/a b", "topic")
    assert stored == "https://exa mple.org/a b"
    assert [problem.code for problem in found] == ["broken"]


def test_a_handle_with_a_space_is_still_no_account() -> None:
    stored, found = stored_link("https://twitter.com/derby quad", "channel")
    assert [problem.code for problem in found] == ["not-a-page"]


def test_the_command_line_stores_the_encoded_link(run: Any, load: Any) -> None:
    assert run("add", "topic", "Report", "--url", "https://example.org/annual report 2024.pdf").exit_code == 0
    mindmap = load()
    assert mindmap.node(mindmap.resolve("Report")).url == "https://example.org/annual%20report%202024.pdf"


def old_map() -> MindMap:
    """Return a map holding links with raw spaces, as maps stored them before links were read on input."""
    mindmap = MindMap("Old", by="tester")
    mindmap.add("topic", "Thanks", url="mailto:a@b.org?subject=Thank you", url_as_is=True)
    mindmap.add("topic", "Report", url="https://example.org/a b", url_as_is=True)
    mindmap.add("topic", "Odd", url="https://exa mple.org/", url_as_is=True)
    return mindmap


@pytest.mark.parametrize("name", ["html", "svg"])
def test_pages_link_an_old_link_with_spaces_and_report_only_the_unusable_one(name: str) -> None:
    result = get_format(name).write(old_map(), WriteOptions())  # type: ignore[misc]
    hrefs = set(html.fromstring(result.data).xpath("//@href | //@*[local-name()='href']"))
    assert {"mailto:a@b.org?subject=Thank%20you", "https://example.org/a%20b"} <= hrefs
    assert not any(" " in href for href in hrefs)
    assert result.dropped.get("unsafe urls") == 1
    assert any("1 url not made into links: only well-formed" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    "given",
    ["https://facebook.com/derbyquad https://twitter.com/derbyquad", "www.derbyquad.co.uk www.derbytheatre.co.uk"],
)
def test_two_links_pasted_into_one_are_not_made_one_address(given: str, run: Any, map_path: Any) -> None:
    # %20 made them one link to a page that is not there ('.../derbyquad%20https:/twitter.com/derbyquad').
    stored, found = stored_link(given, "topic")
    assert (stored, [problem.code for problem in found]) == (given, ["broken"])
    assert "more than one link" in found[0].message
    before = map_path.read_bytes()
    result = run("add", "topic", "Links", "--url", given)
    assert result.exit_code == 1
    assert "holds more than one link" in result.stderr
    assert map_path.read_bytes() == before


def test_a_mail_link_may_hold_a_web_link_in_its_subject() -> None:
    assert stored_link("mailto:a@b.org?subject=see https://example.org", "topic") == ("mailto:a@b.org", [])

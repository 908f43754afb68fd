"""A channel's label made from its link is numbered when a sibling has it already (found by trial)."""

from __future__ import annotations

from typing import Any


def test_two_kept_search_pages_under_one_organisation_both_go_in(run: Any, load: Any) -> None:
    assert run("add", "sector", "Arts").exit_code == 0
    assert run("add", "org", "QUAD", "--under", "Arts").exit_code == 0
    for query in ("derby%20quad", "derby%20arts"):
        link = f"https://www.facebook.com/search/top?q={query}"
        assert run("add", "channel", link, "--under", "QUAD", "--force").exit_code == 0
    again = run("add", "channel", "https://www.facebook.com/search/top?q=derby%20arts", "--under", "QUAD", "--force")
    assert again.exit_code == 1 and "has this channel already" in again.stderr  # the same link is still one channel
    mindmap = load()
    quad = mindmap.resolve("Arts/QUAD")
    assert [mindmap.label(kid) for kid in mindmap.children(quad)] == ["Facebook search page", "Facebook search page 2"]


def test_a_label_typed_by_the_user_is_never_numbered(run: Any, load: Any) -> None:
    assert run("add", "sector", "Arts").exit_code == 0
    assert run("add", "org", "QUAD", "--under", "Arts").exit_code == 0
    assert run("add", "channel", "@derbyquad", "--under", "QUAD", "--platform", "twitter").exit_code == 0
    clash = run("add", "channel", "Twitter @derbyquad", "--under", "QUAD", "--url", "https://twitter.com/quadarts")
    assert clash.exit_code == 1 and "already has a child labelled" in clash.stderr
    assert len(load().children(load().resolve("Arts/QUAD"))) == 1


def test_a_label_remade_for_a_new_link_is_numbered_as_add_numbers_it(run: Any, load: Any) -> None:
    # `set --url` relabels a channel whose label was made from its link: a sibling's label made it fail, telling
    # the user to 'choose another label' they never gave.
    assert run("add", "sector", "Arts").exit_code == 0
    assert run("add", "org", "QUAD", "--under", "Arts").exit_code == 0
    search = "https://www.facebook.com/search/top?q=derby%20quad"
    assert run("add", "channel", search, "--under", "QUAD", "--force").exit_code == 0
    assert run("add", "channel", "@derbyquad", "--under", "QUAD", "--platform", "twitter").exit_code == 0
    other = "https://www.facebook.com/search/top?q=quad%20cinema"
    result = run("set", "Arts/QUAD/Twitter @derbyquad", "--url", other, "--force")
    assert result.exit_code == 0, result.stderr
    mindmap = load()
    quad = mindmap.resolve("Arts/QUAD")
    assert [mindmap.label(kid) for kid in mindmap.children(quad)] == ["Facebook search page", "Facebook search page 2"]


def test_a_youtube_channel_id_given_as_the_link_is_its_channel_page(run: Any, load: Any) -> None:
    # YouTube's studio shows a channel's id ('UC' and 22 more); /@UC... is no page (found by trial).
    channel_id = "UC" + "x" * 22
    assert run("add", "sector", "Arts").exit_code == 0
    assert run("add", "org", "QUAD", "--under", "Arts").exit_code == 0
    added = run("add", "channel", "Our videos", "--url", channel_id, "--platform", "youtube", "--under", "QUAD")
    assert added.exit_code == 0
    node = load().node(added.stdout.strip())
    assert (node.url, node.platform, node.handle) == (
        f"https://youtube.com/channel/{channel_id}",
        "youtube",
        f"channel/{channel_id}",
    )

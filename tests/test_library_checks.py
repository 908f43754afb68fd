"""What the command line checks and says, called from Python: placement, edit checks, the combine summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindmap.editing import (
    channel_fields,
    refuse_file_name_as_title,
    refuse_other_format_as_map_file,
    relabel_channel,
)
from mindmap.errors import NodeNotFoundError, RuleError
from mindmap.model import PARENT_NEEDED, MindMap, check_not_under_root, needs_parent, resolve_parent


@pytest.fixture
def mindmap() -> MindMap:
    """Return a map with a sector 'Media', an organisation 'BBC' in it and a topic 'Ideas' under the root."""
    mindmap = MindMap("Test map")
    media = mindmap.add("sector", "Media", mindmap.root)
    mindmap.add("organisation", "BBC", media)
    mindmap.add("topic", "Ideas", mindmap.root)
    return mindmap


def test_the_kinds_that_need_a_parent_are_those_the_root_cannot_hold() -> None:
    from mindmap.model import ALLOWED_PARENTS

    kinds = ("sector", "organisation", "channel", "topic")
    assert sorted(PARENT_NEEDED) == sorted(kind for kind in kinds if "root" not in ALLOWED_PARENTS[kind])


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("org", "an organisation goes under a sector: add --under SECTOR (e.g. --under 'Arts and culture')"),
        ("channel", "a channel goes under an organisation: add --under ORGANISATION (e.g. --under 'Derby QUAD')"),
    ],
)
def test_no_parent_for_a_kind_that_needs_one_is_refused_without_a_map(kind: str, said: str) -> None:
    with pytest.raises(RuleError) as caught:
        resolve_parent(None, kind, None)
    assert str(caught.value) == said


@pytest.mark.parametrize("kind", ["sector", "topic"])
def test_no_parent_means_the_root_for_sectors_and_topics(kind: str) -> None:
    assert resolve_parent(None, kind, None) is None


def test_a_named_parent_is_found(mindmap: MindMap) -> None:
    assert resolve_parent(mindmap, "organisation", "Media") == mindmap.resolve("Media")
    assert resolve_parent(mindmap, "channel", "Media/BBC") == mindmap.resolve("BBC")
    assert resolve_parent(mindmap, "topic", "Test map") == mindmap.root


def test_the_root_named_as_parent_of_an_organisation_is_refused(mindmap: MindMap) -> None:
    with pytest.raises(RuleError) as caught:
        resolve_parent(mindmap, "org", "Test map")
    assert str(caught.value) == (
        "an organisation goes under a sector, not the map's root: add --under SECTOR (e.g. --under Media)"
    )


def test_the_example_parent_comes_from_the_map_or_is_made_up() -> None:
    mindmap = MindMap("Sheffield")
    with pytest.raises(RuleError) as caught:
        resolve_parent(mindmap, "organisation", "Sheffield")
    assert str(caught.value).endswith("(e.g. --under 'Arts and culture')")
    mindmap.add("sector", "Arts/Culture")
    with pytest.raises(RuleError) as caught:
        resolve_parent(mindmap, "organisation", "Sheffield")
    assert str(caught.value).endswith("(e.g. --under 'Arts\\/Culture')")


def test_a_sector_not_made_yet_says_how_to_make_it(mindmap: MindMap) -> None:
    with pytest.raises(NodeNotFoundError) as caught:
        resolve_parent(mindmap, "organisation", "Sport clubs")
    assert str(caught.value) == "no node 'Sport clubs' (or start it: mindmap add sector 'Sport clubs')"


def test_a_missing_parent_of_a_channel_is_only_not_found(mindmap: MindMap) -> None:
    with pytest.raises(NodeNotFoundError) as caught:
        resolve_parent(mindmap, "channel", "Sport clubs")
    assert "or start it" not in str(caught.value)


def test_needs_parent_names_the_holder() -> None:
    assert needs_parent("channel") == "a channel goes under an organisation: "
    assert needs_parent("organisation", ", not the map's root") == (
        "an organisation goes under a sector, not the map's root: "
    )


def test_moving_an_organisation_to_the_root_says_where_it_goes(mindmap: MindMap) -> None:
    bbc = mindmap.resolve("BBC")
    with pytest.raises(RuleError) as caught:
        check_not_under_root(mindmap, bbc, "organisation", mindmap.root, "BBC")
    assert str(caught.value) == (
        "an organisation goes under a sector, not the map's root: mindmap move BBC SECTOR (e.g. mindmap move BBC Media)"
    )


def test_a_new_kind_that_cannot_stay_under_the_root_says_to_move_first(mindmap: MindMap) -> None:
    ideas = mindmap.resolve("Ideas")
    with pytest.raises(RuleError) as caught:
        check_not_under_root(mindmap, ideas, "channel", mindmap.root, "Ideas")
    assert str(caught.value) == (
        "'Ideas' is right under the map's root, where a channel cannot go: "
        "move it under an organisation first (mindmap move Ideas ORGANISATION), then set its kind"
    )


def test_places_other_than_the_root_pass(mindmap: MindMap) -> None:
    bbc, media, ideas = mindmap.resolve("BBC"), mindmap.resolve("Media"), mindmap.resolve("Ideas")
    check_not_under_root(mindmap, bbc, "organisation", media, "BBC")
    check_not_under_root(mindmap, ideas, "topic", mindmap.root, "Ideas")
    check_not_under_root(mindmap, ideas, "sector", mindmap.root, "Ideas")


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (
            "derby.mm",
            "'derby.mm' would be a map file (mindmap's JSON) named as a freemind file: name it 'derby.json', "
            "and write the freemind file with `mindmap export`",
        ),
        (
            "maps/derby.csv",
            "'maps/derby.csv' would be a map file (mindmap's JSON) named as a csv file: name it 'derby.json', "
            "and write the csv file with `mindmap export`",
        ),
    ],
)
def test_a_map_file_named_as_another_format_is_refused(path: str, said: str) -> None:
    with pytest.raises(RuleError) as caught:
        refuse_other_format_as_map_file(Path(path))
    assert str(caught.value) == said


@pytest.mark.parametrize("path", ["derby.json", "maps/derby", "derby.JSON"])
def test_a_map_file_named_as_json_or_plainly_passes(path: str) -> None:
    refuse_other_format_as_map_file(Path(path))


@pytest.mark.parametrize(
    ("title", "said"),
    [
        (
            "derby.json",
            "'derby.json' is a file name, not a title: the map's file is chosen with --map "
            "(mindmap --map derby.json init TITLE)",
        ),
        ("derby.mm", "'derby.mm' is a file name, not a title: to make the map from it, mindmap init --from derby.mm"),
    ],
)
def test_a_file_name_as_title_is_refused(title: str, said: str) -> None:
    with pytest.raises(RuleError) as caught:
        refuse_file_name_as_title(title)
    assert str(caught.value) == said


@pytest.mark.parametrize("title", ["Social media in Derby", "Derby 2.0", "notes.mm and more", "Derby"])
def test_a_title_passes(title: str) -> None:
    refuse_file_name_as_title(title)


def test_channel_fields_from_a_handle_and_platform(mindmap: MindMap) -> None:
    label, fields = channel_fields(mindmap, "@derbyquad", "", "twitter", None, False)
    assert fields == {"url": "https://twitter.com/derbyquad", "platform": "twitter", "handle": "@derbyquad"}
    assert label == channel_fields(mindmap, "https://twitter.com/derbyquad", "", None, None, False)[0]
    assert channel_fields(mindmap, "@derbyquad", "", "twitter", "Our Twitter", False)[0] == "Our Twitter"


def test_channel_fields_take_the_maps_default_platform(mindmap: MindMap, monkeypatch: pytest.MonkeyPatch) -> None:
    mindmap.meta.extra["default_platform"] = "twitter"
    assert channel_fields(mindmap, "@derbyquad", "", None, None, False)[1]["platform"] == "twitter"
    monkeypatch.setenv("MINDMAP_PLATFORM", "myspace")
    with pytest.raises(RuleError, match=r"^MINDMAP_PLATFORM: unknown platform 'myspace'"):
        channel_fields(mindmap, "@derbyquad", "", None, None, False)


def test_channel_fields_refuse_a_faulty_link_unless_forced(mindmap: MindMap) -> None:
    post = "https://twitter.com/derbyquad/status/123"
    with pytest.raises(RuleError, match="Twitter link is a single post"):
        channel_fields(mindmap, post, "", None, None, False)
    assert channel_fields(mindmap, post, "", None, None, True)[1]["platform"] == "twitter"


def test_a_label_made_from_the_old_link_follows_the_new_link(mindmap: MindMap) -> None:
    bbc = mindmap.resolve("BBC")
    label, fields = channel_fields(mindmap, "https://twitter.com/oldhandle", "", None, None, False)
    channel = mindmap.add("channel", label, bbc, **fields)
    said = relabel_channel(mindmap, channel, "https://www.instagram.com/newhandle", None)
    assert said == f"Relabelled {label!r} as {mindmap.label(channel)!r} to match the new link"
    assert mindmap.label(channel) != label


def test_a_label_of_ones_own_stays(mindmap: MindMap) -> None:
    bbc = mindmap.resolve("BBC")
    channel = mindmap.add("channel", "BBC on Twitter", bbc, url="https://twitter.com/bbc")
    assert relabel_channel(mindmap, channel, "https://www.instagram.com/bbc", None) == ""
    assert mindmap.label(channel) == "BBC on Twitter"


def test_the_combine_summary_says_what_combining_did() -> None:
    from test_combine import telegraph_twice

    m, ids = telegraph_twice()
    report = m.combine(ids["keep"], ids["other"])
    assert report.summary("News/Derby telegraph", "Media/Derby Telegraph") == (
        "Combined 'News/Derby telegraph' into 'Media/Derby Telegraph': 2 children moved, 1 child combined "
        "with the same ones, 1 note joined, 1 cross-link moved, 2 cross-links dropped (self-links or repeats), "
        "1 internal link repointed"
    )


def test_the_combine_summary_of_a_leaf_names_the_fields_filled_in() -> None:
    m = MindMap("Derby")
    media = m.add("sector", "Media")
    keep = m.add("org", "BBC", media)
    other = m.add("org", "BBC Derby", media, url="https://www.bbc.co.uk/derby", note="Local radio")
    report = m.combine(keep, other)
    assert report.summary("Media/BBC Derby", "Media/BBC") == (
        "Combined 'Media/BBC Derby' into 'Media/BBC': 0 children moved, filled in: note, url"
    )


@pytest.mark.parametrize("under", ["", "   "])
def test_an_empty_parent_of_an_organisation_is_not_offered_as_a_new_sector(mindmap: MindMap, under: str) -> None:
    with pytest.raises(NodeNotFoundError) as caught:
        resolve_parent(mindmap, "organisation", under)
    assert str(caught.value) == "a NODE cannot be empty"


def test_a_parent_named_by_several_nodes_is_not_offered_as_a_new_sector(mindmap: MindMap) -> None:
    mindmap.add("organisation", "Press", mindmap.resolve("Media"))
    other = mindmap.add("sector", "Sport", mindmap.root)
    mindmap.add("organisation", "Press", other)
    with pytest.raises(NodeNotFoundError) as caught:
        resolve_parent(mindmap, "organisation", "Press")
    assert "matches 2 nodes" in str(caught.value)
    assert "or start it" not in str(caught.value)

"""Guessing kinds for imported outlines: links make channels, their parents organisations, above them sectors."""

from __future__ import annotations

from mindmap.kinds import apply_kinds, infer_kinds
from mindmap.model import MindMap


def outline_map() -> tuple[MindMap, dict[str, str]]:
    m = MindMap("Derby")
    ids = {}
    ids["arts"] = m.add("topic", "Arts")
    ids["quad"] = m.add("topic", "QUAD", ids["arts"], url="https://www.derbyquad.co.uk")
    ids["twitter"] = m.add("topic", "Twitter", ids["quad"], url="https://twitter.com/derbyquad")
    ids["facebook"] = m.add("topic", "Facebook", ids["quad"], url="https://facebook.com/derbyquad")
    ids["ideas"] = m.add("topic", "Ideas", ids["arts"])
    ids["lone"] = m.add("topic", "A page", url="https://example.org")  # a link right under the root
    ids["deep"] = m.add("topic", "Deep")
    ids["mid"] = m.add("topic", "Mid", ids["deep"])
    ids["org"] = m.add("topic", "Org", ids["mid"])
    ids["chan"] = m.add("topic", "Chan", ids["org"], url="https://example.org/c")
    return m, ids


def test_links_make_channels_their_parents_organisations_and_the_level_above_sectors():
    m, ids = outline_map()
    kinds = infer_kinds(m)
    assert kinds[ids["twitter"]] == kinds[ids["facebook"]] == "channel"
    assert kinds[ids["quad"]] == "organisation"
    assert kinds[ids["arts"]] == "sector"
    assert ids["ideas"] not in kinds  # stays a topic


def test_guesses_that_break_the_rules_stay_topics():
    m, ids = outline_map()
    kinds = infer_kinds(m)
    # A link right under the root cannot be a channel (a channel needs an organisation above it).
    assert ids["lone"] not in kinds
    # Deep/Mid/Org/Chan: Mid would be a sector under Deep, which nothing claims: Deep stays a topic,
    # and nothing below a topic can be anything but a topic.
    assert not {ids["deep"], ids["mid"], ids["org"], ids["chan"]} & set(kinds)


def test_inference_does_not_change_the_map_and_applies_cleanly():
    m, ids = outline_map()
    before = m.to_document()
    kinds = infer_kinds(m)
    assert m.to_document() == before
    assert apply_kinds(m, kinds) == []
    assert m.kind(ids["twitter"]) == "channel"
    assert m.node(ids["twitter"]).modified_at == MindMap.from_document(before).node(ids["twitter"]).modified_at
    m.validate()


def test_declared_kinds_are_kept():
    m = MindMap("Derby")
    sector = m.add("sector", "Arts")
    page = m.add("topic", "Page", sector, url="https://example.org")
    assert infer_kinds(m) == {}  # a link under a sector cannot be a channel: no organisation above it
    org = m.add("org", "QUAD", sector)
    m.add("topic", "Twitter", org, url="https://twitter.com/x")
    assert list(infer_kinds(m).values()) == ["channel"]
    assert page not in infer_kinds(m)


def test_apply_kinds_reports_what_does_not_fit():
    m = MindMap("Derby")
    topic = m.add("topic", "Loose")
    assert apply_kinds(m, {topic: "channel"}) == [topic]
    assert m.kind(topic) == "topic"

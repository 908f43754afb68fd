"""Sample maps shared by the tests: small, awkward, and covering every kind and field."""

from __future__ import annotations

from mindmap.model import MindMap


def awkward_map() -> MindMap:
    """Return a map whose text is hard for every format: markup, quotes, emoji, CJK, line breaks, length."""
    m = MindMap('Awkward & <odd> "map"', by="tester")
    m.meta.authors = ["Tim", "Paul Cole"]
    m.meta.license = "CC BY 4.0"
    m.meta.description = "A map with text that breaks naive writers: & < > \" ' [ ] ( ) and more."
    m.meta.created = "2026-01-02"
    public = m.add("sector", "Public & <civic> sector", note="Councils, police & co.")
    arts = m.add("sector", "Arts [and] culture (Derby)")
    quad = m.add(
        "org",
        "Derby QUAD \"cinema\" 'café'",
        arts,
        url="https://www.derbyquad.co.uk/?a=1&b=2",
        url_as_is=True,  # as a map from before links were normalised holds it
        note="Line one\nLine two with <b>tags</b> & ampersand",
        attributes={"city": "Derby", "since": "2008", "formula": "=1+1"},
    )
    m.add(
        "channel",
        "Twitter @derbyquad",
        quad,
        url="https://twitter.com/derbyquad",
        platform="twitter",
        handle="derbyquad",
    )
    m.add(
        "channel",
        "Facebook QUAD 🎬",
        quad,
        url="https://www.facebook.com/derbyquad",
        url_as_is=True,
        platform="facebook",
        handle="derbyquad",
    )
    uni = m.add("org", "德比大学 University of Derby", public, note="")
    press = m.add("org", "Press office\nsecond line", uni)
    m.add(
        "channel",
        "Twitter @DerbyUniPress",
        press,
        url="https://twitter.com/DerbyUniPress",
        platform="twitter",
        handle="DerbyUniPress",
    )
    m.add("topic", "L" + "ong label " * 30, public)
    m.add("topic", "=~ s///n and ==/eq", public, note="=starts with equals")
    m.add("topic", "Mail us", arts, url="mailto:info@example.org")
    m.link(quad, uni, "partners")
    m.link(press, public)
    # Fixed timestamps so that golden files stay put.
    for node in m.nodes():
        m.set_provenance(
            node.id, added_by="tester", added_at="2026-01-02T03:04:05Z", modified_at="2026-01-02T03:04:05Z"
        )
    return m

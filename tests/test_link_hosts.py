"""Links are read with what their host says worked out once per host: the same results as reading it per link.

`reference_parse_url` is `channels._parse_url` as it was before (host facts worked out for every link),
kept word for word as the reference the host-memo version must agree with.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mindmap import channels as ch
from mindmap.errors import MindmapError


# The former `channels._parse_url`, verbatim but for the module prefix.
def reference_parse_url(text: str, forced: str | None, hops: int = 0) -> ch._Parsed:
    simple = ch._SIMPLE_URL.match(text)
    if simple:  # most links: no user, port or IPv6 host, so no need for urlsplit (a third of the time in imports)
        scheme, raw_host, url_path, url_query, url_fragment = simple.group(1, 2, 3, 4, 5)
        raw_host = raw_host.lower()
        url_path, url_query, url_fragment = url_path or "", url_query or "", url_fragment or ""
        port = None
    else:
        try:
            parts = urlsplit(text)
            port = parts.port
            raw_host = parts.hostname or ""
        except ValueError as error:
            raise MindmapError(f"{ch._short(text)} is not a usable link: {error}") from None
        scheme, url_path, url_query, url_fragment = parts.scheme, parts.path, parts.query, parts.fragment
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        raise MindmapError(f"{ch._short(text)} is {ch.FAULTS['scheme']}")
    host = raw_host.lower().rstrip(".")
    if not host or not ch._HOST_NAME.match(host) or ".." in host or host.startswith("."):
        raise MindmapError(f"{ch._short(text)} is not a usable link: it has no proper host name")
    base = host
    while base.startswith(ch._HOST_PREFIXES) and base.count(".") > 1:
        base = base.split(".", 1)[1]
    if ch._COUNTRY_SUBDOMAIN.match(base):
        base = base.split(".", 1)[1]
    path = url_path
    fragment = url_fragment
    if fragment.startswith("!/"):  # the old Twitter/Facebook '#!/name' addresses
        path, _, fragment_query = fragment[1:].partition("?")
        query = fragment_query or url_query
    else:
        query = url_query
    segments = [unquote(s) for s in path.split("/") if s]

    names = ch._REDIRECTS.get((host, url_path)) or ch._REDIRECTS.get((base, url_path))
    if names is None and ch._GOOGLE.match(base) and url_path == "/url":
        names = ("q", "url")
    if names is not None or host in ch._REDIRECT_HOSTS or base in ch._REDIRECT_HOSTS:
        params = dict(parse_qsl(query))
        target = next((params[name].strip() for name in names or () if params.get(name)), "")
        if hops < 3 and target.lower().startswith(("http://", "https://")):
            return reference_parse_url(target, forced, hops + 1)  # the address it leads to, unwrapped
        owner = ch._REDIRECT_HOSTS.get(host) or ch._REDIRECT_HOSTS.get(base) or ch._HOSTS.get(base, "website")
        return ch._Parsed(owner, "", ch._build("https", host, segments, ch._clean_query(query, owner)), "redirect")
    if base in ch._SHORTENERS or host in ch._SHORTENERS:
        owner = ch._SHORTENERS.get(base) or ch._SHORTENERS[host]
        canonical = ch._build("https", base, segments, ch._clean_query(query, owner))
        return ch._Parsed(owner, "", canonical, "shortener")
    if base == "youtu.be":
        canonical = ch._build("https", "youtu.be", segments, ch._clean_query(query, "youtube"))
        return ch._Parsed("youtube", "", canonical, "post")

    if base.endswith(".bsky.social") and not segments:  # a Bluesky handle pasted as an address
        return reference_parse_url(f"https://bsky.app/profile/{base}", forced)
    platform = ch._HOSTS.get(base)
    if platform is None and base.count(".") > 1:  # other subdomains of a platform: business.facebook.com
        platform = next((p for h, p in ch._HOSTS.items() if base.endswith("." + h) and p != "blog"), None)
    if platform is None and base.endswith(ch._BLOG_SUFFIXES):
        platform = "blog"
    if platform is None and re.match(r"^pinterest\.(com?\.)?[a-z]{2,3}$", base):  # pinterest.fr, pinterest.com.au
        platform = "pinterest"
    if platform is None:
        mastodon = ch._mastodon_path(host, segments, forced)
        if mastodon is not None:
            return mastodon
        platform = "blog" if forced == "blog" else "website"
        if forced not in (None, "website", "blog"):
            raise MindmapError(f"{ch._short(text)} is not a {ch.platform_name(forced)} address")
        return ch._website(scheme, host, port, url_path, query, platform)
    if platform == "blog":
        return ch._website(scheme, host if base != "medium.com" else base, port, url_path, query, "blog")

    pairs = ch._clean_query(query, platform)
    params = {k.lower(): v for k, v in pairs}
    parsed = ch._PARSERS[platform](segments, params)
    parsed.platform = platform
    if not parsed.url:
        parsed.url = ch._build("https", ch._CANONICAL_HOST[platform], segments, pairs)
    if params and not parsed.fault and any(params.get(p) for p in ch._SEARCH_PARAMS) and not parsed.handle:
        parsed.fault = "search"
    if (
        parsed.fault == "post" and parsed.handle and not parsed.advice
    ):  # as _on_platform does now (added after this copy)
        ch._advise_account(parsed, platform)
    return parsed


HOSTS = sorted(
    {
        *ch._HOSTS,
        *ch._SHORTENERS,
        *ch._REDIRECT_HOSTS,
        *(host for host, _ in ch._REDIRECTS),
        *ch._MASTODON_SERVERS,
        "google.com",
        "google.co.uk",
        "google.de",
        "derby.bsky.social",
        "quad.wordpress.com",
        "pinterest.fr",
        "pinterest.com.au",
        "business.facebook.com",
        "uk.linkedin.com",
        "youtu.be",
        "example.org",
        "www.derby.ac.uk",
        "mastodon.example",
        "a..b",
        ".lead.dot",
        "under_score.org",
        "1.2.3.4",
    }
)
PREFIXES = ["", "www.", "m.", "mobile.", "WWW.", "web.", "mbasic.", "touch.", "de."]
SEGMENTS = [
    "derbyquad", "@derbyquad", "@user@mastodon.social", "users", "company", "in", "groups", "pages", "p", "reel",
    "search", "hashtag", "explore", "intent", "share", "login", "i", "status", "123456", "watch", "channel",
    "UCabc", "c", "user", "@Handle_1", "l.php", "url", "redirect", "redir", "profile", "photos", "posts", "events",
    "with_replies", "tags", "%40derby", "a%2Fb", "caf%C3%A9", "x" * 31, "profile.php", "people", "pin", "",
    "Caf%C3%A9-Leicester-1234567890", "@caf%C3%A9", "café.leicester", "category",
]  # fmt: skip
QUERIES = [
    "", "?utm_source=x", "?q=derby", "?u=https%3A%2F%2Ftwitter.com%2Fderbyquad", "?url=https://example.org/a",
    "?q=https://facebook.com/derbyquad&sa=D", "?id=1234&fbclid=abc", "?v=abc&feature=share", "?lang=en&s=20",
    "?search_query=quad", "?u=http://l.facebook.com/l.php?u=https://x.com/a",
]  # fmt: skip
FRAGMENTS = ["", "#top", "#!/derbyquad", "#!/derbyquad?x=1", "#"]


@st.composite
def links(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https", "http", "HTTPS", "ftp"]))
    host = draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(HOSTS)) + draw(st.sampled_from(["", ".", ":8080"]))
    path = "/".join(draw(st.lists(st.sampled_from(SEGMENTS), max_size=4)))
    return f"{scheme}://{host}/{path}{draw(st.sampled_from(QUERIES))}{draw(st.sampled_from(FRAGMENTS))}"


def outcome(parse, text: str, forced: str | None) -> object:
    try:
        return parse(text, forced)
    except MindmapError as error:
        return ("refused", str(error))


@given(links(), st.sampled_from([None, "twitter", "blog", "website", "mastodon", "facebook"]))
@example("https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.instagram.com%2Fderbyquad", None)
@example("https://www.google.co.uk/url?q=https://twitter.com/derbyquad", None)
@example("https://derby.bsky.social", None)
@example("http://user@[::1]:8080/x", None)
@example("https://facebook.com/derbyquad/photos/derbyquad", None)  # a post: the account's address advised
def test_reading_a_link_with_its_host_facts_memoised_is_reading_it_afresh(text: str, forced: str | None) -> None:
    assert outcome(ch._parse_url, text, forced) == outcome(reference_parse_url, text, forced)


PATHS = [
    "", "/", "/derbyquad", "/@derbyquad", "/company/quad", "/url?q=https://x.com/a", "/l.php?u=https://example.org",
    "/redirect?q=https://twitter.com/a", "/redir/redirect?url=https://example.org", "/?url=https://x.com/b",
    "?u=https://instagram.com/c", "/search?q=quad",
]  # fmt: skip


@pytest.mark.parametrize("host", HOSTS)
def test_every_host_reads_the_same_through_the_memo_as_afresh(host: str) -> None:
    for prefix in PREFIXES:
        for path in PATHS:
            text = f"https://{prefix}{host}{path}"
            assert outcome(ch._parse_url, text, None) == outcome(reference_parse_url, text, None), text


def reference_unwrapped(text: str) -> str:
    """The former `channels._unwrapped`, which took the wrappers off every link."""
    text = text.strip()
    for _ in range(2):
        if "://" in text:
            text = text.rstrip(".,;")
        text = text.strip("<>\"'“”")
    if not text:
        raise MindmapError("a channel cannot be empty: give a link or a handle")
    if len(text) > 8000:
        raise MindmapError("a channel link cannot be longer than 8,000 characters")
    if ch._SPACE_OR_CONTROL.search(text):
        raise MindmapError(f"{ch._short(text)} is not a link or handle: it contains spaces or control characters")
    return text


WRAPPED = st.text(alphabet="<>\"'“”.,; ", max_size=3)


@given(WRAPPED, st.sampled_from(["https://x.com/a", "derby.org", "@quad", "", "a b", "https://e.org/a.,"]), WRAPPED)
def test_unwrapping_only_wrapped_links_takes_off_what_unwrapping_every_link_did(before, text, after) -> None:
    def unwrapped(unwrap):
        try:
            return unwrap(before + text + after)
        except MindmapError as error:
            return ("refused", str(error))

    assert unwrapped(ch._unwrapped) == unwrapped(reference_unwrapped)

"""Social-media channels: work out platform and handle from what people paste, and spot faulty links.

Pure and offline: only `urllib.parse`, never the network. See docs/channels.md for the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from mindmap.errors import MindmapError

PLATFORM_NAMES = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "flickr": "Flickr",
    "tiktok": "TikTok",
    "pinterest": "Pinterest",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "blog": "Blog",
    "website": "Website",
    "email": "Email",
}
PLATFORMS = tuple(PLATFORM_NAMES)
PLATFORM_ALIASES = {
    "x": "twitter",
    "tw": "twitter",
    "fb": "facebook",
    "ig": "instagram",
    "insta": "instagram",
    "yt": "youtube",
    "li": "linkedin",
    "bsky": "bluesky",
    "fediverse": "mastodon",
    "web": "website",
    "site": "website",
    "www": "website",
    "mail": "email",
    "e-mail": "email",
}
# Platforms whose accounts people write as @name (Mastodon's @user@server included).
AT_HANDLE_PLATFORMS = frozenset({"twitter", "instagram", "tiktok", "threads", "bluesky", "mastodon"})
# Platforms whose label already is the whole channel: an address, not an account on a platform.
ADDRESS_PLATFORMS = frozenset({"website", "blog", "email"})
# Platforms whose handles differ only in case name the same account. YouTube channel ids
# ("channel/UC...") are the exception inside YouTube: see _handle_key.
CASE_SENSITIVE_PLATFORMS = frozenset({"website", "blog"})

# Fault codes, each with the sentence `mindmap check` and `mindmap add` show.
FAULTS = {
    "search": "a search-results page, not the account's own page",
    "login": "a login page, not the account's own page",
    "share": "a share or intent link (it starts a post), not the account's own page",
    "post": "a single post, photo or video, not the account's own page",
    "shortener": "a short link that hides where it goes",
    "redirect": "a redirect link that hides where it goes",
    "scheme": "not a web (http or https) or mailto link",
    "not-a-page": "not the address of an account, page or group",
    "broken": "not a usable web address",
}
# How a label names a faulty link that was kept with --force.
_FAULT_NOUNS = {
    "search": "search page",
    "login": "login page",
    "share": "share link",
    "post": "post",
    "shortener": "short link",
    "redirect": "redirect link",
    "not-a-page": "link",
    "broken": "link",
}


# Faults of a link that hide where it goes, start a post or make it no address: such a link shows no use of
# a platform (bit.ly is no website of the organisation, t.co no Twitter account), where a search page on
# facebook.com or a single post still shows the organisation on Facebook.
HIDING_FAULTS = frozenset({"shortener", "redirect", "share", "scheme", "broken"})


def link_works(url: str, platform: str | None = None) -> bool:
    """Return whether URL is a working channel link: there is one and `mindmap check` finds nothing wrong with it."""
    return bool(url) and not problems(url, platform)


def fault_noun(code: str) -> str:
    """Return what a link with fault CODE is called: 'search page', 'short link', 'post'."""
    return _FAULT_NOUNS.get(code, "link")


# What to do instead, for each fault; the rest: give the account's own address.
_ADVICE = {
    "shortener": "open it and copy the address it leads to",
    "redirect": "open it and copy the address it leads to",
    "scheme": "give a web address (https://...) or an e-mail address",
    "broken": "check it for a typo, or copy it again from the browser's address bar",
}
# Platforms where a channel is an account, with no pages or groups beside it (the advice names the account).
_ACCOUNTS_ONLY = frozenset(
    {"twitter", "instagram", "youtube", "tiktok", "threads", "bluesky", "mastodon", "pinterest", "flickr"}
)
# Faults a link on any other node than a channel may not have either. A channel's link may have none of
# FAULTS; an organisation's or a topic's link may well be a single post or a site's home page.
NODE_FAULTS = frozenset({"search", "login", "share", "shortener", "redirect", "scheme", "broken"})
# Links whose target is in the link itself: (host without www., path) -> the query parameters that hold it.
_REDIRECTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("l.facebook.com", "/l.php"): ("u",),
    ("lm.facebook.com", "/l.php"): ("u",),
    ("facebook.com", "/l.php"): ("u",),
    ("l.messenger.com", "/l.php"): ("u",),
    ("l.instagram.com", "/"): ("u",),
    ("l.instagram.com", ""): ("u",),
    ("youtube.com", "/redirect"): ("q",),
    ("linkedin.com", "/redir/redirect"): ("url",),
    ("out.reddit.com", "/"): ("url",),
}
_GOOGLE = re.compile(r"^google\.(?:com?\.)?[a-z]{2,3}$")
# Hosts whose links only redirect, with the platform they belong to: what they lead to is not in the link.
_REDIRECT_HOSTS = {
    "t.co": "twitter",
    "l.facebook.com": "facebook",
    "lm.facebook.com": "facebook",
    "l.messenger.com": "facebook",
    "l.instagram.com": "instagram",
}
# A web or mailto link by its start: what imports normalise (a file's 'notes.txt' is a file, not a site).
_WEB_LINK = re.compile(r"^(?:https?://|mailto:|www\.)", re.IGNORECASE)
# Schemes that run or embed something: never a label, always refused as a link.
_ACTIVE_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)

_HOSTS = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "youtube.com": "youtube",
    "linkedin.com": "linkedin",
    "flickr.com": "flickr",
    "tiktok.com": "tiktok",
    "pinterest.com": "pinterest",
    "pinterest.co.uk": "pinterest",
    "threads.net": "threads",
    "threads.com": "threads",
    "bsky.app": "bluesky",
    "medium.com": "blog",
    "blogger.com": "blog",
}
_CANONICAL_HOST = {
    "twitter": "twitter.com",
    "facebook": "facebook.com",
    "instagram": "instagram.com",
    "youtube": "youtube.com",
    "linkedin": "linkedin.com",
    "flickr": "flickr.com",
    "tiktok": "tiktok.com",
    "pinterest": "pinterest.com",
    "threads": "threads.net",
    "bluesky": "bsky.app",
}
_BLOG_SUFFIXES = (".wordpress.com", ".blogspot.com", ".blogspot.co.uk", ".tumblr.com", ".substack.com", ".typepad.com")
# fmt: off
_MASTODON_SERVERS = frozenset({
    "mastodon.social", "mastodon.online", "mstdn.social", "mas.to", "fosstodon.org", "hachyderm.io",
    "mastodonapp.uk", "mastodon.scot", "toot.community", "infosec.exchange", "social.vivaldi.net", "mastodon.art"
})
# fmt: on
# Short-link hosts, with the platform the link belongs to when that is known.
_SHORTENERS = {
    "bit.ly": "website",
    "bitly.com": "website",
    "ow.ly": "website",
    "goo.gl": "website",
    "tinyurl.com": "website",
    "buff.ly": "website",
    "is.gd": "website",
    "tiny.cc": "website",
    "j.mp": "website",
    "dlvr.it": "website",
    "rebrand.ly": "website",
    "shorturl.at": "website",
    "cutt.ly": "website",
    "t.ly": "website",
    "trib.al": "website",
    "wp.me": "blog",
    "lnkd.in": "linkedin",
    "fb.me": "facebook",
    "flic.kr": "flickr",
    "pin.it": "pinterest",
    "vm.tiktok.com": "tiktok",
    "vt.tiktok.com": "tiktok",
}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "touch.", "mbasic.")
_COUNTRY_SUBDOMAIN = re.compile(r"^[a-z]{2}\.(linkedin\.com|pinterest\.com)$")
# Query parameters that only say where a click came from.
# fmt: off
_TRACKING = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "gbraid", "wbraid", "yclid", "mc_cid", "mc_eid", "igshid", "igsh",
    "ref", "ref_src", "ref_url", "referrer", "_ga", "_gl", "hc_ref", "hc_location", "fref", "__tn__", "__cft__",
    "__xts__", "mibextid", "_hsenc", "_hsmi", "mkt_tok", "trk", "trkinfo", "originalsubdomain", "sfnsn"
})
# fmt: on
# On the big platforms these are tracking too; on other sites they may mean something.
_PLATFORM_TRACKING = frozenset({"s", "t", "si", "feature", "lang", "hl", "locale", "app", "from", "source"})
_SEARCH_PARAMS = frozenset({"q", "query", "search_query"})

# A link urlsplit would split the same way: scheme, host (no user, port or [IPv6]), path, query, fragment.
_SIMPLE_URL = re.compile(
    r"^([A-Za-z][A-Za-z0-9+.\-]*)://([A-Za-z0-9.\-]+)(/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$", re.DOTALL
)
_HOST_NAME = re.compile(r"^[\w.\-]+$|^[0-9a-f:.]+$")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# A web link's host, or mailto:, before what a browser sends with its raw spaces as %20.
_SPACED_LINK = re.compile(r"^((?:https?://|www\.)[^\s/?#]+[/?#]|mailto:)(.* .*)$", re.IGNORECASE | re.DOTALL)
# Another web link after a blank: two addresses pasted into one cell, which no %20 makes one.
_ANOTHER_LINK = re.compile(r"\s(?:https?://|www\.)", re.IGNORECASE)
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_MASTODON_HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,64})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$")
_MASTODON_LIKE = re.compile(r"^@[^@/]+@[^@/]+\.[^@/]+$")
_LINK_START = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|mailto:|www\.|@)", re.IGNORECASE)
# Labels and top-level domains in any script too ('пример.рф', 'café.fr/x'): people type hosts as they read them.
_DOMAIN_LIKE = re.compile(r"^(?:(?:[^\W_]|-)+\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)(?::\d+)?(?:[/?#].*)?$")
_HANDLE_PATTERNS = {
    "twitter": re.compile(r"^[A-Za-z0-9_]{1,15}$"),
    "facebook": re.compile(r"^[A-Za-z0-9.\-]{1,80}$"),
    "instagram": re.compile(r"^[A-Za-z0-9._]{1,30}$"),
    "youtube": re.compile(r"^[A-Za-z0-9._\-]{1,100}$"),
    "linkedin": re.compile(r"^[A-Za-z0-9._\-%]{1,100}$"),
    "flickr": re.compile(r"^[A-Za-z0-9._\-@]{1,64}$"),
    "tiktok": re.compile(r"^[A-Za-z0-9._]{1,24}$"),
    "pinterest": re.compile(r"^[A-Za-z0-9_]{1,30}$"),
    "threads": re.compile(r"^[A-Za-z0-9._]{1,30}$"),
    "bluesky": re.compile(r"^(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+$|^did:[a-z]+:[A-Za-z0-9._:%-]+$"),
}
# What each platform allows in a username, said to people whose link or handle has another character
# (docs/channels.md, "Names in other scripts"). Platforms not here take names in any script.
_NAME_RULES = {
    "twitter": "X/Twitter usernames are letters A-Z, digits and '_' only",
    "facebook": "Facebook usernames are letters A-Z, digits and '.' only",
    "instagram": "Instagram usernames are letters A-Z, digits, '.' and '_' only",
    "tiktok": "TikTok usernames are letters A-Z, digits, '.' and '_' only",
    "threads": "Threads usernames (Instagram's) are letters A-Z, digits, '.' and '_' only",
    "bluesky": "Bluesky handles are domain names in ASCII letters, digits and '-'",
    "mastodon": "Mastodon user names are letters A-Z, digits and '_' only",
}
# The longest username each platform allows (as its pattern above says): a longer one is said so, since
# a name that looks right but is one letter too long is a puzzle otherwise ('TigersFoundation' is 16).
_LONGEST_NAME = {"twitter": 15, "instagram": 30, "tiktok": 24, "threads": 30}
# A Facebook page without a username: 'Name-With-Dashes-1234567890' (the name percent-encoded when not ASCII).
_FACEBOOK_NAME_ID = re.compile(r"^(.+?)-(\d{6,})$")


@dataclass(frozen=True)
class Channel:
    """A recognised channel: platform id, handle as people write it, canonical url, and a label."""

    platform: str
    handle: str
    url: str
    label: str


@dataclass(frozen=True)
class Problem:
    """A fault in a channel's link: a code from FAULTS, the sentence to show, and what to do instead."""

    code: str
    message: str
    advice: str = ""
    instead: str = ""  # the sound link to give instead, when the faulty one shows it (a post's account)

    def remedy(self) -> str:
        """Return what to do instead of giving this faulty link, e.g. 'open it and copy the address it leads to'."""
        return self.advice or _ADVICE.get(self.code, "give the address of the profile, page or group itself")

    def refusal(self, text: str, *, force: bool = True) -> str:
        """Return the one-line error that refuses TEXT for this fault (saying --force keeps it, if FORCE)."""
        advice = self.remedy()
        return f"{_short(text.strip())}: {self.message}; {advice}" + (
            ", or add --force to keep it anyway" if force else ""
        )


@dataclass
class _Parsed:
    platform: str
    handle: str = ""
    url: str = ""
    fault: str = ""
    kind: str = ""  # what the handle names, for the label: "group", "profile", ...
    what: str = ""  # what the faulty link is, when FAULTS says it too vaguely
    advice: str = ""  # what to do instead, when _ADVICE says it too vaguely
    name: str = ""  # the page's name, when its address carries one beside its number: for the label
    instead: str = ""  # the account's own address, for a post whose link names the account


def platform_name(platform_id: str) -> str:
    """Return the name people know a platform by ('twitter' -> 'Twitter'); unknown ids come back capitalised."""
    key = (platform_id or "").strip().lower()
    if key in PLATFORM_NAMES:
        return PLATFORM_NAMES[key]
    key = PLATFORM_ALIASES.get(key, key)
    return PLATFORM_NAMES.get(key, platform_id.strip()[:1].upper() + platform_id.strip()[1:])


def display_handle(platform: str, handle: str) -> str:
    """Return HANDLE as people write it on PLATFORM: '@' in front only where handles are @-handles.

    Maps written before handles were recognised may store 'derbyquad' for Twitter's '@derbyquad';
    page names, group ids, paths and e-mail addresses never get an '@'.
    """
    handle = handle.strip()
    key = (platform or "").strip().lower()
    key = PLATFORM_ALIASES.get(key, key)
    if key in AT_HANDLE_PLATFORMS and handle and not handle.startswith("@") and "/" not in handle:
        return "@" + handle
    return handle


def normalise_platform(name: str) -> str:
    """Return the platform id for NAME or an alias ('X', 'fb', 'Twitter'), else raise MindmapError."""
    if not isinstance(name, str):  # given from Python
        raise MindmapError(f"a platform must be text, not {type(name).__name__}: use one of {', '.join(PLATFORMS)}")
    if name in PLATFORM_NAMES:  # an id already, as every channel of a map stores it: nothing to look up
        return name
    key = name.strip().lower()
    key = PLATFORM_ALIASES.get(key, key)
    if key not in PLATFORM_NAMES:
        raise MindmapError(f"unknown platform {name!r}: use one of {', '.join(PLATFORMS)}")
    return key


def looks_like_channel(text: str) -> bool:
    """Return whether TEXT is a link, handle or e-mail address rather than a free label."""
    text = text.strip()
    if text[:1] in _STARTS:  # '(@derbyquad)', as pasted from running text
        text = _unbracketed(text.strip(_WRAPPERS))
    if not text or any(ch.isspace() for ch in text):
        return False
    lowered = text.lower()
    return (
        "://" in text
        or lowered.startswith("mailto:")
        or text.startswith("@")
        or bool(_EMAIL.match(text))
        or bool(_DOMAIN_LIKE.match(text))
    )


def recognise(text: str, platform: str | None = None, default_platform: str | None = None) -> Channel:
    """Return the channel that TEXT (a url, @handle, @user@server or e-mail address) names.

    PLATFORM overrides what the text says; DEFAULT_PLATFORM is used only for a bare @handle.
    Faulty links (search pages, short links...) are recognised too: `problems()` says what is wrong.
    """
    parsed = _recognised(_unwrapped(text), platform, default_platform)
    return Channel(parsed.platform, parsed.handle, parsed.url, _label(parsed))


_WRAPPERS = "<>\"'“”"
_WRAPPERS_AND_STOPS = _WRAPPERS + ".,;"
# Brackets wrap a link in running text ("(https://...)", "[https://...]") or end its sentence ("... @x)."),
# but belong to it when they pair up inside it (https://en.wikipedia.org/wiki/Derby_(city)).
_BRACKETS = (("(", ")"), ("[", "]"))
_STARTS = _WRAPPERS + "(["
_ENDS = _WRAPPERS_AND_STOPS + ")]!:"


def _unbracketed(text: str) -> str:
    """Return TEXT without a bracket at its start or end that pairs with none inside it, or that wraps it whole."""
    for opener, closer in _BRACKETS:
        if text[:1] == opener and text[-1:] == closer and _pairs_at_end(text, opener, closer):
            text = text[1:-1]
        if text[:1] == opener and text.count(opener) > text.count(closer):
            text = text[1:]
        if text[-1:] == closer and text.count(closer) > text.count(opener):
            text = text[:-1]
    return text


def _pairs_at_end(text: str, opener: str, closer: str) -> bool:
    """Return whether the bracket TEXT opens with is closed by its last character: '(a)(b)' is two pairs."""
    depth = 0
    for index, character in enumerate(text):
        depth += (character == opener) - (character == closer)
        if depth == 0:
            return index == len(text) - 1
    return False


def _unwrapped(text: str) -> str:
    """Return TEXT without what pasting wraps a link in, or raise MindmapError when it is no link or handle."""
    if not isinstance(text, str):
        raise MindmapError("a channel must be given as text")
    # What people copy from a text often comes wrapped: <https://...>, "https://...", (https://...), or with a
    # full stop; a link cannot end in '!' or ':' either.
    text = text.strip()
    if not text or text[0] in _STARTS or text[-1] in _ENDS:  # most links are not wrapped
        for _ in range(2):
            if "://" in text or "mailto:" in text[:9].lower():
                text = text.rstrip(".,;!:")
            text = _unbracketed(text.strip(_WRAPPERS))
    if not text:
        raise MindmapError("a channel cannot be empty: give a link or a handle")
    if len(text) > 8000:
        raise MindmapError("a channel link cannot be longer than 8,000 characters")
    if _SPACE_OR_CONTROL.search(text):
        raise MindmapError(f"{_short(text)} is not a link or handle: it contains spaces or control characters")
    return text


def _recognised(text: str, platform: str | None = None, default_platform: str | None = None) -> _Parsed:
    """Return what recognise() reads in TEXT, wrappers and punctuation taken off already."""
    forced = normalise_platform(platform) if platform else None
    parsed = _parse_cached(text, forced, normalise_platform(default_platform) if default_platform else None)
    if forced and parsed.platform != forced:
        raise MindmapError(
            f"{_short(text)} is a {platform_name(parsed.platform)} link, not {platform_name(forced)}; "
            "drop --platform or paste the right link"
        )
    return parsed


def problems(url: str, platform: str | None = None) -> list[Problem]:
    """Return what is wrong with URL as the link of a channel (on PLATFORM, if known); [] when nothing."""
    text = (url or "").strip()
    if not text:
        return []
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if _several_links(text):
        return [
            Problem(
                "broken",
                "the address cannot be opened: it holds more than one link",
                "keep one here and give the other a node of its own",
            )
        ]
    if scheme not in ("http", "https", "mailto"):
        return [Problem("scheme", FAULTS["scheme"])]
    try:
        parsed = _parse_cached(text, None, None)
    except MindmapError as error:
        if _mailto_to_several(text):
            return [Problem("not-a-page", "a mail to several addresses, not one account's address")]
        # Said without the link itself: the refusal and `check` show it beside the message.
        said = str(error)
        unusable = f"{_short(text)} is not a usable link: "
        advice = "check the e-mail address for a typo" if scheme == "mailto" else ""
        return [Problem("broken", f"the address cannot be opened: {said.removeprefix(unusable)}", advice)]
    return _faults(parsed, platform)


def _mailto_to_several(text: str) -> bool:
    """Return whether TEXT is a mailto link to several good addresses ('mailto:a@x.org,b@x.org', '?to=')."""
    if not text.lower().startswith("mailto:"):
        return False
    to, _, query = text[7:].partition("?")
    addresses = [unquote(part).strip() for part in to.split(",") if part.strip()]
    for name, value in parse_qsl(query):
        if name.lower() in ("to", "cc", "bcc"):
            addresses += [part.strip() for part in value.split(",") if part.strip()]
    return bool(addresses) and all(_EMAIL.match(address) for address in addresses)


def _faults(parsed: _Parsed, platform: str | None) -> list[Problem]:
    try:
        forced = normalise_platform(platform) if platform else None
    except MindmapError:
        forced = None
    if forced in ("mastodon", "blog", "website") and parsed.platform in ("mastodon", "blog", "website"):
        forced = None  # these three are told apart by guesswork, so a stored choice is fine
    found = []
    if parsed.fault:
        where = "the link" if parsed.platform in ("website", "blog") else f"the {platform_name(parsed.platform)} link"
        message = f"{where} is {parsed.what or FAULTS[parsed.fault]}"
        advice = parsed.advice
        if not advice and parsed.fault not in _ADVICE and parsed.platform in _ACCOUNTS_ONLY:
            # 'profile, page or group' is Facebook's (and LinkedIn's, nearly): elsewhere there is only the account.
            advice = f"give the address of the {platform_name(parsed.platform)} account itself"
        found.append(Problem(parsed.fault, message, advice, parsed.instead))
    if forced and forced != parsed.platform and parsed.fault not in ("shortener", "redirect"):
        found.append(
            Problem(
                "not-a-page",
                f"the link is a {platform_name(parsed.platform)} address but the channel says {platform_name(forced)}",
            )
        )
    return found


def channel_keys(url: str, platform: str = "", handle: str = "") -> set[tuple[str, ...]]:
    """Return the keys under which two channels count as the same (canonical url; platform and handle)."""
    keys: set[tuple[str, ...]] = set()
    if url:
        try:
            channel = recognise(url)
        except MindmapError:
            keys.add(("url", url.strip()))
        else:
            platform = platform or channel.platform
            handle = handle or channel.handle
            keys.add(("url", _url_key(channel)))
    if platform and handle:
        try:
            platform = normalise_platform(platform)
        except MindmapError:
            platform = platform.strip().casefold()
        keys.add(("handle", platform, _handle_key(platform, handle)))
    return keys


def same_channel(a: Channel, b: Channel) -> bool:
    """Return whether A and B name the same channel."""
    return bool(channel_keys(a.url, a.platform, a.handle) & channel_keys(b.url, b.platform, b.handle))


def channel_for_node(
    text: str, *, url: str = "", platform: str | None = None, default_platform: str | None = None
) -> tuple[str, Channel | None]:
    """Return the label and the recognised channel for `mindmap add channel TEXT [--url URL]`.

    TEXT that looks like a link or handle is recognised and the label made from it; any other TEXT
    is the label, and URL (if given) is recognised instead.
    """
    if _ACTIVE_SCHEME.match(text.strip()):
        raise MindmapError(f"{_short(text.strip())} is {FAULTS['scheme']}")
    # A text that starts like a link but has a space in it is a broken link, not a label: refuse it.
    if looks_like_channel(text) or _LINK_START.match(text.strip()):
        if url.strip():
            raise MindmapError(
                f"{_short(text.strip())} is already a link or handle: give the link once, "
                "either as the channel or with --url"
            )
        channel = recognise(text, platform, default_platform)
        return channel.label, channel
    if url.strip():
        return text, recognise(url, platform, default_platform)
    if platform:
        return text, Channel(normalise_platform(platform), "", "", text)
    return text, None


def normalise_link(url: str, *, typed: bool = False) -> str:
    """Return URL as a node stores its link: a web or mailto link in its canonical form, anything else as it is.

    TYPED (typed on the command line) also reads a scheme-less 'example.org/x' and an e-mail address as links;
    otherwise only what starts with http(s)://, mailto: or www. is read, since a file's 'notes.txt' is a file.
    """
    text = url.strip()
    if not text or text.startswith("#"):  # empty, or an internal link to a node
        return text
    if not (_WEB_LINK.match(text) or _platform_address(text) or typed and looks_like_channel(text) and text[0] != "@"):
        return text
    return _normalised(text)[0]


def _platform_address(text: str) -> bool:
    """Return whether TEXT is a scheme-less address on a platform's host ('m.facebook.com/groups/x')."""
    if not _DOMAIN_LIKE.match(text):
        return False
    host = re.split(r"[/?#:]", text, maxsplit=1)[0].lower()
    while host.startswith(_HOST_PREFIXES) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    return host in _HOSTS or host in _SHORTENERS or host in _REDIRECT_HOSTS


def _normalised(text: str) -> tuple[str, _Parsed | None]:
    if " " in text:
        if _several_links(text):
            return text, None  # left as it is, for problems() to name
        text = encode_spaces(text)
    parsed = _platform_link(text)
    if parsed is not None:
        return parsed.url, parsed
    try:
        parsed = _recognised(_unwrapped(text))
    except MindmapError:
        return text, None
    fragment = text.partition("#")[2]
    if parsed.platform in ("website", "blog") and fragment and not fragment.startswith("!"):
        # A place in a page: on a topic's or an organisation's link it matters.
        return f"{parsed.url}#{ascii_text(fragment) if not fragment.isascii() else fragment}", parsed
    return parsed.url, parsed


def _several_links(text: str) -> bool:
    """Return whether TEXT, a web link, holds another web link after a blank."""
    return text[:8].lower().startswith(("http://", "https://", "www.")) and bool(_ANOTHER_LINK.search(text))


def encode_spaces(text: str) -> str:
    """Return TEXT with the raw spaces after a web link's host, or in a mailto link, written %20, as browsers do."""
    # FreeMind's own documentation links 'mailto:...?subject=Thank you for ...'; left raw, no page may link it.
    found = _SPACED_LINK.match(text)
    if found is None or _several_links(text):
        return text
    return found.group(1) + found.group(2).replace(" ", "%20")


def stored_link(url: str, kind: str, platform: str | None = None, *, typed: bool = False) -> tuple[str, list[Problem]]:
    """Return URL as an import stores it on a node of KIND (see normalise_link) and what is wrong with it.

    The link is read once: a canonical form has the faults of what it was made from. TYPED as in
    normalise_link (`MindMap.add` and `update` read their links so, as the command line does).
    """
    text = url.strip()
    if not (_WEB_LINK.match(text) or _platform_address(text) or typed and looks_like_channel(text) and text[:1] != "@"):
        return text, link_problems(text, kind, platform)
    stored, parsed = _normalised(text)
    if parsed is None:
        return stored, link_problems(stored, kind, platform)
    found = _faults(parsed, platform if kind == "channel" else None)
    return stored, found if kind == "channel" else [p for p in found if p.code in NODE_FAULTS]


def link_problems(url: str, kind: str, platform: str | None = None) -> list[Problem]:
    """Return what is wrong with URL as the link of a node of KIND: all of FAULTS on a channel, NODE_FAULTS else."""
    if kind == "channel":
        return problems(url, platform)
    if url.strip().startswith("#"):
        return []  # an internal link: `mindmap check` sees whether its node is there
    return [problem for problem in problems(url) if problem.code in NODE_FAULTS]


# ---------------------------------------------------------------------------- parsing


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _handle_key(platform: str, handle: str) -> str:
    # Maps written before handles were recognised may store 'derbyquad' for '@derbyquad'.
    handle = handle.strip().removeprefix("@")
    if platform in CASE_SENSITIVE_PLATFORMS or platform == "youtube" and handle.startswith("channel/"):
        return handle
    return handle.casefold()


def _url_key(channel: Channel) -> str:
    url = channel.url
    if channel.platform in ("website", "blog"):
        # http/https and www. are the same site for comparing, though we keep what was pasted.
        url = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
        return url
    if channel.platform == "youtube" and channel.handle.startswith("channel/"):
        return url
    return url.casefold()


@lru_cache(maxsize=4096)
def _parse_cached(text: str, forced: str | None, default: str | None) -> _Parsed:
    # `check` reads each channel's link twice (keys and faults); callers never change the result.
    return _parse(text, forced, default)


def _parse(text: str, forced: str | None, default: str | None) -> _Parsed:
    lowered = text.lower()
    if lowered.startswith("mailto:"):
        return _email(text[7:])
    if "://" in text:
        return _parse_url(text, forced)
    mastodon = _MASTODON_HANDLE.match(text)
    if text.startswith("@"):
        if mastodon and forced in (None, "mastodon"):
            return _mastodon(mastodon.group(1), mastodon.group(2))
        if forced in (None, "mastodon") and not text.isascii() and _MASTODON_LIKE.match(text):
            raise MindmapError(f"{_short(text)} is not a Mastodon handle: {_mastodon_reason(text)}")
        return _bare_handle(text, forced or default)
    if mastodon and (forced == "mastodon" or forced is None and _named_mastodon_server(mastodon.group(2))):
        return _mastodon(mastodon.group(1), mastodon.group(2))  # 'name@mastodon.social', the '@' left out
    if _EMAIL.match(text) and forced in (None, "email"):
        return _email(text)
    # With --platform, 'derby.quad' is a handle; an address has a '/' or starts with 'www.'.
    if _DOMAIN_LIKE.match(text) and (forced in (None, "website", "blog") or "/" in text or lowered.startswith("www.")):
        return _parse_url("https://" + text, forced)
    if forced:
        return _bare_handle(text, forced)
    raise MindmapError(
        f"{_short(text)} is not a link or handle: paste the address (https://...), an @handle, @user@server "
        "or an e-mail address"
    )


def _mastodon_reason(text: str) -> str:
    """Return why @USER@SERVER with a character outside ASCII is no Mastodon handle, and what to write."""
    user, _, server = text[1:].partition("@")
    if not user.isascii():
        return _NAME_RULES["mastodon"]
    try:
        return f"write the server's name in its ASCII form: @{user}@{server.encode('idna').decode('ascii')}"
    except UnicodeError:
        return f"{_short(server)} is no server name"


_YOUTUBE_CHANNEL_ID = re.compile(r"UC[\w-]{22}")


def _bare_handle(text: str, platform: str | None) -> _Parsed:
    name = text[1:] if text.startswith("@") else text
    if platform is None:
        if name.lower().endswith(".bsky.social"):
            platform = "bluesky"
        elif "@" in name:  # '@x@', '@user@': a Mastodon handle gone wrong, on no platform as it is
            raise MindmapError(f"{_short(text)} is not a handle: write @name, or @user@server for Mastodon")
        else:
            raise MindmapError(
                f"{_short(text)} could be on any platform: add --platform (e.g. --platform twitter) "
                "or set MINDMAP_PLATFORM"
            )
    if platform == "mastodon":
        found = _MASTODON_HANDLE.match(text if text.startswith("@") else "@" + text)
        if not found:
            raise MindmapError(f"{_short(text)} is not a Mastodon handle: write it as @user@server")
        return _mastodon(found.group(1), found.group(2))
    if platform == "email":
        return _email(name)
    if platform in ("website", "blog"):
        if _DOMAIN_LIKE.match(name):
            return _parse_url("https://" + name, platform)
        raise MindmapError(f"{_short(text)} is not a web address")
    pattern = _HANDLE_PATTERNS[platform]
    if platform == "youtube" and not text.startswith("@") and _YOUTUBE_CHANNEL_ID.fullmatch(name):
        # A channel's id ('UC' and 22 more), as YouTube's studio shows it: its page is /channel/ID, not /@ID.
        return _parse_url(f"https://{_CANONICAL_HOST[platform]}/channel/{name}", platform)
    if platform in ("youtube", "linkedin", "facebook") and "/" in name:
        return _parse_url(f"https://{_CANONICAL_HOST[platform]}/{name}", platform)
    if not (
        pattern.match(name)
        or platform == "youtube"
        and _youtube_name(name)
        or platform == "linkedin"
        and _linkedin_name(name)
    ):
        rule = f": {_NAME_RULES[platform]}" if platform in _NAME_RULES and not name.isascii() else ""
        rule = f": {too_long_name(platform, name)}" if too_long_name(platform, name) else rule
        raise MindmapError(f"{_short(text)} is not a valid {platform_name(platform)} handle{rule}")
    if platform == "youtube":
        name = "@" + name
    elif platform == "linkedin":
        name = "company/" + name
    elif platform == "bluesky":
        name = "profile/" + name
    elif platform == "flickr":
        name = "photos/" + name
    elif platform in ("tiktok", "threads"):
        name = "@" + name
    return _parse_url(f"https://{_CANONICAL_HOST[platform]}/{name}", platform)


def _email(address: str) -> _Parsed:
    whole = address
    address = unquote(address.split("?", 1)[0]).strip()
    if not address:  # 'mailto:?to=a@x.org': the addresses are in the query, if anywhere
        raise MindmapError(f"{_short('mailto:' + whole)} has no e-mail address before its '?'")
    if not _EMAIL.match(address):
        raise MindmapError(f"{_short(address)} is not an e-mail address")
    local, _, domain = address.rpartition("@")
    address = f"{local}@{domain.lower()}"
    return _Parsed("email", address, f"mailto:{address}")


def _mastodon(user: str, server: str) -> _Parsed:
    server = server.lower()
    return _Parsed("mastodon", f"@{user}@{server}", f"https://{server}/@{user}")


def _clean_query(query: str, platform: str) -> list[tuple[str, str]]:
    if not query:
        return []  # most links: no need to ask parse_qsl
    kept = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        folded = key.lower()
        if folded.startswith("utm_") or folded in _TRACKING:
            continue
        if platform not in ("website", "blog", "mastodon") and folded in _PLATFORM_TRACKING:
            continue
        kept.append((key, value))
    return kept


@dataclass(frozen=True, slots=True)
class _Host:
    """What a link's host alone says about the link: worked out once per host, not once per link."""

    name: str  # in lower case, without a final '.'; "" when it is no proper host name
    base: str  # without www., m., ... and a country subdomain: what platforms are known by
    google: bool  # a Google search host, whose /url redirects
    redirect_paths: bool  # the host (or base) of one of _REDIRECTS
    redirect_owner: str  # the platform a redirecting host belongs to, "" when it is none
    shortener: str  # the platform a short-link host belongs to, "" when it is none
    bluesky_handle: bool  # a Bluesky handle's own host (name.bsky.social)
    platform: str | None  # the platform (or "blog") of the host, None for any other site


_REDIRECT_PATH_HOSTS = frozenset(host for host, _ in _REDIRECTS)


def ascii_host(host: str) -> str:
    """Return HOST (in any script) in the ASCII form links store ('café.fr' -> 'xn--caf-dma.fr'); "" if it is none."""
    import idna  # only for the rare host in another script

    try:
        # UTS 46 without the transitional mappings: what browsers do ('faß.de' stays itself, not 'fass.de').
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return ""


def display_url(url: str) -> str:
    """Return URL as people read it: a host in its own script, letters of other scripts in the path decoded.

    The stored link stays ASCII (punycode host, percent-encoded path): a valid address in every export.
    Only escapes of printable non-ASCII characters are decoded; '%20', '%2F' and other ASCII escapes stay.
    """
    if "%" not in url and "xn--" not in url.lower():
        return url  # most links: nothing encoded
    scheme, sep, rest = url.partition("://")
    if sep:
        end = min((at for at in (rest.find(c) for c in "/?#") if at >= 0), default=len(rest))
        host, tail = rest[:end], rest[end:]
        url = scheme + sep + _unicode_host(host) + tail
    return _ESCAPES.sub(_decoded_escapes, url)


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unicode_host(netloc: str) -> str:
    """Return NETLOC (user@host:port) with its host in its own script; the user and port stay as they are."""
    if "xn--" not in netloc.lower():
        return netloc
    import idna

    user, at, host_port = netloc.rpartition("@")
    host, colon, port = host_port.rpartition(":")
    if not colon or not port.isdigit():  # no port ('[...]' hosts hold no 'xn--')
        host, colon, port = host_port, "", ""
    try:
        shown = idna.decode(host)
    except (idna.IDNAError, UnicodeError):
        return netloc  # not a valid name in another script: shown as stored
    labels = shown.split(".")
    if any(_mixes_look_alike_scripts(label) for label in labels) or (
        labels[-1].isascii() and any(_spells_latin(label) for label in labels)
    ):
        # 'twіtter.com' with a Cyrillic 'і', or 'раураl.com' all in Cyrillic, would pass for a Latin name:
        # shown as stored, as browsers do.
        return netloc
    return user + at + shown + colon + port


# Cyrillic and Greek letters that look like Latin ones: a name of these alone reads as a Latin name.
_LATIN_LOOK_ALIKES = frozenset("асԁеһіјӏорԛѕԝхуҽѵѡъьгп" + "αικνορτυχ")


def _spells_latin(label: str) -> bool:
    """Return whether LABEL, not ASCII, is spelled only with letters that look Latin (with digits and '-')."""
    return not label.isascii() and all(ch in _LATIN_LOOK_ALIKES or ch.isascii() for ch in label)


_LOOK_ALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})


def _mixes_look_alike_scripts(label: str) -> bool:
    """Return whether LABEL has letters of two of Latin, Cyrillic and Greek, whose letters look alike."""
    scripts = {unicodedata.name(ch, "").split(" ", 1)[0] for ch in label if ch.isalpha()}
    return len(scripts & _LOOK_ALIKE_SCRIPTS) > 1


def _decoded_escapes(match: re.Match[str]) -> str:
    """Return a run of %XX escapes with the printable non-ASCII characters it encodes decoded."""
    raw = bytes.fromhex(match.group().replace("%", ""))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()  # not UTF-8: no character to show
    return "".join(
        ch if not ch.isascii() and not unicodedata.category(ch).startswith(("C", "Z")) else _escaped(ch) for ch in text
    )


def _escaped(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))


@lru_cache(maxsize=1024)
def _host(raw_host: str) -> _Host:
    """Return what RAW_HOST (a link's host as written) says; a big import has thousands of links per host."""
    host = raw_host.lower().rstrip(".")
    if not host.isascii():
        host = ascii_host(host).rstrip(".")  # an ideographic full stop ('。') at the end is a '.' once mapped
    if not host or not _HOST_NAME.match(host) or ".." in host or host.startswith("."):
        return _Host("", "", False, False, "", "", False, None)
    base = host
    while base.startswith(_HOST_PREFIXES) and base.count(".") > 1:
        base = base.split(".", 1)[1]
    if _COUNTRY_SUBDOMAIN.match(base):
        base = base.split(".", 1)[1]
    redirect_owner = ""
    if host in _REDIRECT_HOSTS or base in _REDIRECT_HOSTS:
        redirect_owner = _REDIRECT_HOSTS.get(host) or _REDIRECT_HOSTS.get(base) or _HOSTS.get(base, "website")
    platform = _HOSTS.get(base)
    if platform is None and base.count(".") > 1:  # other subdomains of a platform: business.facebook.com
        platform = next((p for h, p in _HOSTS.items() if base.endswith("." + h) and p != "blog"), None)
    if platform is None and base.endswith(_BLOG_SUFFIXES):
        platform = "blog"
    if platform is None and re.match(r"^pinterest\.(com?\.)?[a-z]{2,3}$", base):  # pinterest.fr, pinterest.com.au
        platform = "pinterest"
    return _Host(
        name=host,
        base=base,
        google=bool(_GOOGLE.match(base)),
        redirect_paths=host in _REDIRECT_PATH_HOSTS or base in _REDIRECT_PATH_HOSTS,
        redirect_owner=redirect_owner,
        shortener=_SHORTENERS.get(base) or _SHORTENERS.get(host) or "",
        bluesky_handle=base.endswith(".bsky.social"),
        platform=platform,
    )


def _parse_url(text: str, forced: str | None, hops: int = 0) -> _Parsed:
    simple = _SIMPLE_URL.match(text)
    if simple:  # most links: no user, port or IPv6 host, so no need for urlsplit (a third of the time in imports)
        scheme, raw_host, url_path, url_query, url_fragment = simple.group(1, 2, 3, 4, 5)
        url_path, url_query, url_fragment = url_path or "", url_query or "", url_fragment or ""
        port = None
    else:
        try:
            parts = urlsplit(text)
            port = parts.port
            raw_host = parts.hostname or ""
        except ValueError as error:
            # Python's own words ('Invalid IPv6 URL', 'Port out of range 0-65535') are not for users.
            why = (
                "its port is not a number from 0 to 65535"
                if str(error).startswith("Port ")  # 'Port out of range', 'Port could not be cast'; not the host's text
                else "its host is not a proper host name or address"
            )
            raise MindmapError(f"{_short(text)} is not a usable link: {why}") from None
        scheme, url_path, url_query, url_fragment = parts.scheme, parts.path, parts.query, parts.fragment
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        raise MindmapError(f"{_short(text)} is {FAULTS['scheme']}")
    facts = _host(raw_host)
    host, base = facts.name, facts.base
    if not host:
        raise MindmapError(f"{_short(text)} is not a usable link: it has no proper host name")
    path = url_path
    fragment = url_fragment
    if fragment.startswith("!/"):  # the old Twitter/Facebook '#!/name' addresses
        path, _, fragment_query = fragment[1:].partition("?")
        query = fragment_query or url_query
    else:
        query = url_query
    # unquote() gives back a segment without '%' as it is: most paths have none, so it is not called.
    segments = [unquote(s) for s in path.split("/") if s] if "%" in path else [s for s in path.split("/") if s]

    names = _REDIRECTS.get((host, url_path)) or _REDIRECTS.get((base, url_path)) if facts.redirect_paths else None
    if names is None and facts.google and url_path == "/url":
        names = ("q", "url")
    if names is not None or facts.redirect_owner:
        params = dict(parse_qsl(query))
        target = next((params[name].strip() for name in names or () if params.get(name)), "")
        if hops < 3 and target.lower().startswith(("http://", "https://")):
            return _parse_url(target, forced, hops + 1)  # the address it leads to, unwrapped
        owner = facts.redirect_owner or _HOSTS.get(base, "website")
        return _Parsed(owner, "", _build("https", host, segments, _clean_query(query, owner)), "redirect")
    if facts.shortener:
        owner = facts.shortener
        canonical = _build("https", base, segments, _clean_query(query, owner))
        return _Parsed(owner, "", canonical, "shortener")
    if base == "youtu.be":
        canonical = _build("https", "youtu.be", segments, _clean_query(query, "youtube"))
        return _Parsed("youtube", "", canonical, "post")

    if facts.bluesky_handle and not segments:  # a Bluesky handle pasted as an address
        return _parse_url(f"https://bsky.app/profile/{base}", forced)
    platform = facts.platform
    if platform is None:
        mastodon = _mastodon_path(host, segments, forced)
        if mastodon is not None:
            return mastodon
        platform = "blog" if forced == "blog" else "website"
        if forced not in (None, "website", "blog"):
            raise MindmapError(f"{_short(text)} is not a {platform_name(forced)} address")
        return _website(scheme, host, port, url_path, query, platform)
    if platform == "blog":
        return _website(scheme, host if base != "medium.com" else base, port, url_path, query, "blog")

    return _on_platform(platform, segments, query)


def _on_platform(platform: str, segments: list[str], query: str) -> _Parsed:
    """Return what a link on PLATFORM (one of _PARSERS) with the path SEGMENTS and QUERY says.

    The last step of `_parse_url`, which `_platform_link` takes too: both read a platform's links the same way.
    """
    pairs = _clean_query(query, platform)
    params = {k.lower(): v for k, v in pairs}
    parsed = _PARSERS[platform](segments, params)
    parsed.platform = platform
    if not parsed.url:
        parsed.url = _build("https", _CANONICAL_HOST[platform], segments, pairs)
    if params and not parsed.fault and any(params.get(p) for p in _SEARCH_PARAMS) and not parsed.handle:
        parsed.fault = "search"
    if parsed.fault == "post" and parsed.handle and not parsed.advice:
        _advise_account(parsed, platform)
    return parsed


def _advise_account(post: _Parsed, platform: str) -> None:
    """Advise, for POST (a post whose account is its handle on PLATFORM), that account's own address."""
    try:
        account = _bare_handle(post.handle, platform)
    except MindmapError:
        return
    if account.url and not account.fault:
        post.instead = account.url
        post.advice = f"give the account's own address, {account.url}"


_PLAIN_PATH = re.compile(r"^[A-Za-z0-9._\-@/]+$")
# A link as a node on a platform stores it: https, a host in lower case, a path of plain names; no query,
# fragment, '%', space or final punctuation. Most links of a big import (and all of an exported map's) look so.
_PLATFORM_SHAPE = re.compile(r"https://([a-z0-9.\-]+)((?:/[A-Za-z0-9_@.\-]+)+)\Z")


def _platform_link(text: str) -> _Parsed | None:
    """Return what `_parse_url` reads in TEXT if TEXT has _PLATFORM_SHAPE on a platform's host, else None.

    The same steps as the general way (recognise(), then `_parse_url`) minus those that change nothing for
    such a link: unwrapping, the cache of parses (a big import's links are all different), queries, redirects.
    That way took two thirds of the time of a big import's links; tests check that both ways read the same.
    """
    shape = _PLATFORM_SHAPE.match(text)
    if shape is None or text[-1] == "." or len(text) > 8000:  # what _unwrapped would change or refuse
        return None
    facts = _host(shape.group(1))  # worked out once per host
    host, path = facts.name, shape.group(2)
    if (
        not host
        or facts.google
        or facts.redirect_owner
        or facts.shortener
        or facts.base == "youtu.be"
        or facts.platform == "blog"
        or facts.redirect_paths
        and ((host, path) in _REDIRECTS or (facts.base, path) in _REDIRECTS)
    ):
        return None
    segments = path[1:].split("/")
    try:
        if facts.platform is None:  # a Mastodon server, or any other site (which the general way reads)
            return _mastodon_path(host, segments, None)
        return _on_platform(facts.platform, segments, "")
    except MindmapError:  # pragma: no cover - the general way says what is wrong
        return None


def _platform_url(host: str, *segments: str) -> str:
    """Return the https url of SEGMENTS on HOST, percent-encoding only what needs it (most names need nothing)."""
    path = "/".join(segments)
    return f"https://{host}/{path}" if _PLAIN_PATH.match(path) else _build("https", host, list(segments), [])


def _build(scheme: str, host: str, segments: list[str], pairs: list[tuple[str, str]]) -> str:
    from urllib.parse import quote

    path = "/".join(quote(s, safe="@:+,;=!$&'()*~.-_") for s in segments)
    url = f"{scheme}://{host}" + (f"/{path}" if path else "")
    if pairs:
        url += "?" + urlencode(pairs)
    return url.rstrip("/.,;!:")


_PERCENT_ESCAPE = re.compile(r"%[0-9a-f]{2}", re.IGNORECASE)


def _upper_match(match: re.Match[str]) -> str:
    return match.group().upper()


def ascii_text(text: str) -> str:
    """Return TEXT with its non-ASCII characters percent-encoded (UTF-8) and everything else as it is."""
    return "".join(ch if ch.isascii() else _escaped(ch) for ch in text)


def _website(scheme: str, host: str, port: int | None, path: str, query: str, platform: str) -> _Parsed:
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        netloc = f"{netloc}:{port}"
    path = path.rstrip("/")
    if not path.isascii():  # letters of other scripts percent-encoded, as platforms' paths: one stored form
        path = ascii_text(path)
    if "%" in path:  # '%c3%a9' and '%C3%A9' are one address (RFC 3986, 6.2.2.1): store the capitals
        path = _PERCENT_ESCAPE.sub(_upper_match, path)
    pairs = _clean_query(query, platform)
    # No trailing '.', ',', ';', '!' or ':' either: recognise() drops them as sentence punctuation.
    url = (f"{scheme}://{netloc}{path}" + (f"?{urlencode(pairs)}" if pairs else "")).rstrip("/.,;!:")
    fault = "search" if any(k.lower() in _SEARCH_PARAMS and v for k, v in pairs) else ""
    handle = ""
    segments = [s for s in path.split("/") if s]
    if host == "medium.com" and segments and segments[0].startswith("@"):
        handle = segments[0]
        url = f"https://medium.com/{handle}"
    return _Parsed(platform, handle, url, fault)


def _mastodon_server(host: str) -> bool:
    # A server known to run Mastodon, or named for it: 'name@mastodon.social' is nobody's e-mail address.
    host = host.lower()
    return host in _MASTODON_SERVERS or "mastodon" in host or "mstdn" in host


def _named_mastodon_server(host: str) -> bool:
    # 'user@server' is far more often an e-mail address than a link's '/@user' is: only a known server or one
    # with a label 'mastodon' or 'mstdn' (mastodon.scot, mstdn.ca) counts; hello@joinmastodon.org is a mailbox.
    host = host.lower()
    return host in _MASTODON_SERVERS or not {"mastodon", "mstdn"}.isdisjoint(host.split("."))


def _mastodon_path(host: str, segments: list[str], forced: str | None) -> _Parsed | None:
    known = _mastodon_server(host) or forced == "mastodon"
    if not segments:
        return _Parsed("mastodon", "", f"https://{host}", "not-a-page") if known else None
    first = segments[0]
    user = ""
    given = segments  # a post's link is kept as given ('/users/NAME/statuses/N' keeps its 'users')
    if first.startswith("@") and len(first) > 1:
        user = first[1:]
    elif known and first == "users" and len(segments) > 1:
        user = segments[1]
        segments = segments[1:]
    elif known:
        fault = {"tags": "search", "explore": "search", "search": "search", "share": "share", "auth": "login"}
        return _Parsed("mastodon", "", _build("https", host, segments, []), fault.get(first, "not-a-page"))
    if not user:
        return None
    name, _, server = user.partition("@")
    if (
        not re.match(r"^[A-Za-z0-9_]{1,64}$", name)
        or server
        and not re.match(r"^[a-z0-9.\-]+\.[a-z]+$", server.lower())
    ):
        if not known:
            return None
        faulty = _name_fault("mastodon", name) if not server else _fault("not-a-page")
        faulty.platform, faulty.url = "mastodon", _build("https", host, ["@" + user], [])
        return faulty
    parsed = _mastodon(name, server or host)
    if len(segments) > 1 and segments[1] not in ("with_replies", "media", "followers", "following"):
        parsed.fault, parsed.instead = "post", parsed.url
        parsed.advice = f"give the account's own address, {parsed.url}"
        parsed.url = _build("https", host, given, [])
    return parsed


def _fault(code: str) -> _Parsed:
    return _Parsed("", fault=code)


def _is_name(text: str, extra: str, longest: int) -> bool:
    """Return whether TEXT is a name in any script: letters, digits and marks of any language, and EXTRA."""
    return 0 < len(text) <= longest and all(
        ch.isalnum() or ch in extra or unicodedata.category(ch).startswith("M") for ch in text
    )


def too_long_name(platform: str, name: str) -> str:
    """Return 'X/Twitter usernames are at most 15 characters, ...' if NAME is a username of PLATFORM but longer."""
    longest = _LONGEST_NAME.get(platform, 0)
    if not longest or len(name) <= longest:
        return ""
    # Each piece of the platform's longest length must pass its pattern: a character it never allows means
    # not a username at all (the pattern itself stops at the longest length).
    pattern = _HANDLE_PATTERNS[platform]
    if not all(pattern.match(name[start : start + longest]) for start in range(0, len(name), longest)):
        return ""
    return f"{_NAME_RULES[platform].split(' are ', 1)[0]} are at most {longest} characters, {name!r} has {len(name)}"


def _name_fault(platform: str, name: str) -> _Parsed:
    """Return the fault of a link whose username NAME has a character PLATFORM never allows in one."""
    too_long = too_long_name(platform, name)
    if too_long:
        advice = "check the spelling against the account's page, and copy its address from there"
        return _Parsed("", fault="not-a-page", what=f"not an account's address: {too_long}", advice=advice)
    if name.isascii():
        return _fault("not-a-page")
    advice = "open the account and copy the address its page shows"
    if platform == "bluesky" and not name.lower().endswith(".bsky.social"):  # a domain of one's own
        try:
            advice = f"write the handle in its ASCII form ({name.encode('idna').decode('ascii')}) or " + advice
        except UnicodeError:
            pass
    elif platform == "facebook":
        advice = "open the page and copy the address it shows (one without a username ends in its number)"
    return _Parsed("", fault="not-a-page", what=f"not an account's address: {_NAME_RULES[platform]}", advice=advice)


def _twitter(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower().removeprefix("@")  # twitter.com/@about is no account: /about is a page of theirs
    if first in ("search", "hashtag", "explore"):
        return _fault("search")
    if first in ("intent", "share", "compose"):
        return _fault("share")
    if first in ("login", "logout", "signup") or first == "i" and "login" in segments[1:3]:
        return _fault("login")
    if first in ("i", "home", "settings", "notifications", "messages", "tos", "privacy", "about"):
        return _fault("not-a-page")
    name = segments[0].removeprefix("@")
    if not _HANDLE_PATTERNS["twitter"].match(name):
        return _name_fault("twitter", name)
    if len(segments) > 1 and segments[1].lower() in ("status", "statuses", "photo"):
        return _Parsed("", "@" + name, fault="post")
    return _Parsed("", "@" + name, f"https://twitter.com/{name}")


_FACEBOOK_POSTS = frozenset({"posts", "photos", "videos", "permalink", "photo.php", "story.php", "reviews", "events"})


def _facebook(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first == "profile.php":
        number = params.get("id", "")
        if not number.isdigit():
            return _fault("not-a-page")
        return _Parsed("", number, f"https://facebook.com/profile.php?id={number}", kind="profile")
    if first == "group.php":  # the old group address, as in links of 2008-2011: the number is the group
        number = params.get("gid", "")
        if not number.isdigit():
            return _fault("not-a-page")
        return _Parsed("", f"groups/{number}", f"https://facebook.com/groups/{number}", kind="group")
    if first == "groups":
        if len(segments) > 1 and segments[1].lower() == "search":  # groups/search/?q=...: the groups search
            return _fault("search")
        if len(segments) < 2 or segments[1].lower() in ("feed", "discover", "joins", "create"):
            return _fault("not-a-page")
        name = segments[1]
        if not _HANDLE_PATTERNS["facebook"].match(name):
            return _fault("not-a-page")
        rest = [s.lower() for s in segments[2:]]
        if rest and rest[0] in ("posts", "permalink", "photos", "videos") and len(rest) > 1:
            return _Parsed("", f"groups/{name}", fault="post", kind="group")
        if rest and rest[0] == "search":
            return _Parsed("", f"groups/{name}", fault="search", kind="group")
        return _Parsed("", f"groups/{name}", f"https://facebook.com/groups/{name}", kind="group")
    if first == "pg" and len(segments) > 1:
        segments = segments[1:]
        first = segments[0].lower()
    elif first == "people" and len(segments) > 2 and segments[2].isdigit():
        canonical = _build("https", "facebook.com", segments[:3], [])
        return _Parsed("", segments[2], canonical, kind="profile", name=_page_name(segments[1]))
    elif first == "pages" and len(segments) > 2:
        # pages/NAME/NUMBER (2009-2016), pages/category/KIND/NAME-NUMBER (2019-2020); a tab may follow.
        for at, segment in enumerate(segments[2:], 2):
            named = _FACEBOOK_NAME_ID.match(segment)
            if segment.isascii() and segment.isdigit() or named:
                number, title = (segment, segments[at - 1]) if not named else named.group(2, 1)
                canonical = _build("https", "facebook.com", segments[: at + 1], [])
                return _Parsed("", number, canonical, kind="page", name=_page_name(title))
    # search.php?q= and s.php?q= are the searches of 2008-2011 (the Derby map's era); public/NAME and
    # directory/... list the people of a name: none is an account of its own.
    if first in ("search", "hashtag", "search.php", "s.php", "srch.php", "public", "directory"):
        return _fault("search")
    if first in ("login", "login.php", "checkpoint", "recover", "r.php", "reg"):
        return _fault("login")
    if first == "share" and len(segments) > 2:  # what the app's Share button copies: /share/g/ID is a group
        what = {"g": "group", "p": "post", "v": "video", "r": "reel"}.get(segments[1].lower())
        return _Parsed(
            "",
            fault="share",
            what=f"a {what or 'profile or page'}'s share link, not its own address",
            advice=f"open it and copy the address of the {what or 'profile or page'} it opens",
        )
    if first in ("sharer", "sharer.php", "share", "share.php", "dialog", "plugins"):
        return _fault("share")
    if first in ("photo.php", "photo", "photos", "permalink.php", "story.php", "watch", "video.php", "reel", "stories"):
        return _fault("post")
    if first in ("events",) and len(segments) > 1:
        return _fault("post")
    if first in (
        "home.php",
        "marketplace",
        "gaming",
        "friends",
        "notifications",
        "messages",
        "help",
        "policies",
        "privacy",
        "settings",
        "bookmarks",
        "pages",
        "people",
        "pg",
        "events",
        "watch",
    ):
        return _fault("not-a-page")
    name = segments[0]
    named = _FACEBOOK_NAME_ID.match(name) if "-" in name else None  # usernames have no '-'
    if named and not _SPACE_OR_CONTROL.search(name):
        # A page without a username: its number names it, the words before it are its name.
        handle, title = named.group(2), _page_name(named.group(1))
        canonical = _platform_url("facebook.com", name)
    elif _HANDLE_PATTERNS["facebook"].match(name):
        handle, title, canonical = name, "", f"https://facebook.com/{name}"
    else:
        return _name_fault("facebook", name)
    if len(segments) > 2 and segments[1].lower() in _FACEBOOK_POSTS:
        return _Parsed("", handle, fault="post", name=title)
    if len(segments) > 1 and segments[1].lower() == "search":
        return _Parsed("", handle, fault="search", name=title)
    return _Parsed("", handle, canonical, kind="page", name=title)


def _page_name(title: str) -> str:
    """Return the name a Facebook address carries ('Café-Leicester' -> 'Café Leicester') for a label."""
    return " ".join(title.replace("-", " ").split())


def _instagram(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower().lstrip("@")
    if first in ("p", "reel", "reels", "tv", "stories"):
        return _fault("post")
    if first == "explore":
        return _fault("search")
    if first == "accounts":
        return _fault("login")
    if first in ("direct", "about", "legal", "developer"):
        return _fault("not-a-page")
    name = segments[0].lstrip("@")
    if not _HANDLE_PATTERNS["instagram"].match(name):
        return _name_fault("instagram", name)
    if len(segments) > 1 and segments[1].lower() in ("p", "reel", "tv"):
        return _Parsed("", "@" + name, fault="post")
    return _Parsed("", "@" + name, f"https://instagram.com/{name}")


def _youtube_name(name: str) -> bool:
    """Return whether NAME may be a YouTube handle: ASCII as before 2023, or letters of any script since."""
    return bool(_HANDLE_PATTERNS["youtube"].match(name)) or _is_name(name, "_-.·", 30)


def _linkedin_name(name: str) -> bool:
    """Return whether NAME may be a LinkedIn address name: addresses LinkedIn makes keep accented letters."""
    return bool(_HANDLE_PATTERNS["linkedin"].match(name)) or _is_name(name, "_-.%", 100)


def _youtube(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first in ("watch", "shorts", "embed", "live", "playlist", "clip", "v"):
        return _fault("post")
    if first in ("results", "hashtag", "feed"):
        return _fault("search")
    if first in ("signin", "account", "login"):
        return _fault("login")
    if first in ("redirect", "attribution_link", "share"):
        return _fault("share")
    if first in ("channel", "user", "c") and len(segments) > 1:
        name = segments[1]
        # Legacy custom addresses (c/) could be in any script; channel ids and old usernames are ASCII.
        if not (_HANDLE_PATTERNS["youtube"].match(name) or first == "c" and _youtube_name(name)):
            return _fault("not-a-page")
        handle = f"{first}/{name}"
        return _Parsed("", handle, _platform_url("youtube.com", first, name), kind="channel")
    if first in ("channel", "user", "c", "about", "t", "howyoutubeworks", "premium", "kids"):
        return _fault("not-a-page")
    name = segments[0]
    if name.startswith("@"):
        if _HANDLE_PATTERNS["youtube"].match(name[1:]):  # most handles: ASCII, nothing to encode
            return _Parsed("", name, f"https://youtube.com/{name}")
        if not _youtube_name(name[1:]):
            return _fault("not-a-page")
        return _Parsed("", name, _platform_url("youtube.com", name))
    if not _HANDLE_PATTERNS["youtube"].match(name):
        return _fault("not-a-page")
    return _Parsed("", name, f"https://youtube.com/{name}")  # a legacy vanity address


def _linkedin(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first in ("company", "in", "school", "showcase", "groups") and len(segments) > 1:
        name = segments[1]
        if not _linkedin_name(name):
            return _fault("not-a-page")
        if len(segments) > 2 and segments[2].lower() in ("posts", "recent-activity") and len(segments) > 3:
            return _Parsed("", f"{first}/{name}", fault="post")
        handle = f"{first}/{name}"
        return _Parsed("", handle, _platform_url("linkedin.com", first, name))
    if first in ("feed", "posts", "pulse", "events"):
        return _fault("post")
    if first in ("search",):
        return _fault("search")
    if first in ("login", "uas", "checkpoint", "authwall", "signup"):
        return _fault("login")
    if first in ("shareArticle".lower(), "sharing", "cws", "share"):
        return _fault("share")
    return _fault("not-a-page")


def _flickr(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first in ("search",) or first == "photos" and len(segments) > 1 and segments[1].lower() == "tags":
        return _fault("search")
    if first in ("signin", "login"):
        return _fault("login")
    if first in ("photos", "people") and len(segments) > 1:
        name = segments[1]
        if not _HANDLE_PATTERNS["flickr"].match(name):
            return _fault("not-a-page")
        if first == "photos" and len(segments) > 2 and segments[2].isdigit():
            return _Parsed("", name, fault="post")
        return _Parsed("", name, f"https://flickr.com/photos/{name}")
    if first == "groups" and len(segments) > 1:
        name = segments[1]
        if not _HANDLE_PATTERNS["flickr"].match(name):
            return _fault("not-a-page")
        if len(segments) > 3 and segments[2].lower() == "discuss":
            return _Parsed("", f"groups/{name}", fault="post", kind="group")
        return _Parsed("", f"groups/{name}", f"https://flickr.com/groups/{name}", kind="group")
    return _fault("not-a-page")


def _tiktok(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first in ("search", "tag", "discover", "explore"):
        return _fault("search")
    if first in ("login", "signup"):
        return _fault("login")
    if first == "t":
        return _fault("shortener")
    if not first.startswith("@"):
        return _fault("not-a-page")
    if not _HANDLE_PATTERNS["tiktok"].match(segments[0][1:]):
        return _name_fault("tiktok", segments[0][1:])
    handle = segments[0]
    if len(segments) > 1 and segments[1].lower() in ("video", "photo"):
        return _Parsed("", handle, fault="post")
    return _Parsed("", handle, f"https://tiktok.com/{handle}")


def _pinterest(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first == "pin":
        return _fault("post")
    if first in ("search", "ideas"):
        return _fault("search")
    if first == "login":
        return _fault("login")
    if first in ("pin-builder", "pin-creation-tool"):
        return _fault("share")
    if first in ("today", "business", "settings", "_"):
        return _fault("not-a-page")
    name = segments[0]
    if not _HANDLE_PATTERNS["pinterest"].match(name):
        return _fault("not-a-page")
    return _Parsed("", name, f"https://pinterest.com/{name}")


def _threads(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first == "search":
        return _fault("search")
    if first == "login":
        return _fault("login")
    if first == "intent":
        return _fault("share")
    if not first.startswith("@"):
        return _fault("not-a-page")
    if not _HANDLE_PATTERNS["threads"].match(segments[0][1:]):
        return _name_fault("threads", segments[0][1:])
    handle = segments[0]
    if len(segments) > 1 and segments[1].lower() == "post":
        return _Parsed("", handle, fault="post")
    return _Parsed("", handle, f"https://threads.net/{handle}")


def _bluesky(segments: list[str], params: dict[str, str]) -> _Parsed:
    if not segments:
        return _fault("not-a-page")
    first = segments[0].lower()
    if first in ("search", "hashtag"):
        return _fault("search")
    if first == "intent":
        return _fault("share")
    if first == "profile" and len(segments) > 1 and _HANDLE_PATTERNS["bluesky"].match(segments[1]):
        name = segments[1]
        if len(segments) > 2 and segments[2].lower() == "post":
            return _Parsed("", "@" + name, fault="post")
        return _Parsed("", "@" + name, f"https://bsky.app/profile/{name}")
    if first == "profile" and len(segments) > 1:
        return _name_fault("bluesky", segments[1])
    return _fault("not-a-page")


_PARSERS = {
    "twitter": _twitter,
    "facebook": _facebook,
    "instagram": _instagram,
    "youtube": _youtube,
    "linkedin": _linkedin,
    "flickr": _flickr,
    "tiktok": _tiktok,
    "pinterest": _pinterest,
    "threads": _threads,
    "bluesky": _bluesky,
}


def _label(parsed: _Parsed) -> str:
    name = platform_name(parsed.platform)
    if parsed.fault:
        noun = _FAULT_NOUNS.get(parsed.fault, "link")
        if parsed.platform in ("website", "blog"):
            host = re.sub(r"^(https?://)?(www\.)?", "", display_url(parsed.url)).split("/", 1)[0]
            return f"{noun.capitalize()} ({host})"
        shown = parsed.name or parsed.handle
        return f"{name} {shown} {noun}" if shown else f"{name} {noun}"
    if parsed.platform in ("website", "blog") and not parsed.handle:
        shown = re.sub(r"^https?://(www\.)?", "", display_url(parsed.url))
        return f"{name} {shown}"
    handle = parsed.handle
    if parsed.platform == "facebook" and parsed.name:
        return f"Facebook {parsed.name}"
    if parsed.platform == "facebook" and handle.startswith("groups/"):
        return f"Facebook group {handle[7:]}"
    if parsed.kind == "profile":
        return f"{name} profile {handle}"
    if parsed.platform == "facebook":
        return f"Facebook {handle}"
    if parsed.platform in ("youtube", "linkedin") and "/" in handle:
        # 'YouTube derbycc', 'LinkedIn derby-quad' rather than 'YouTube user/derbycc': the path's first part
        # only says what kind of address it is, but for a channel id or a group number.
        prefix, _, account = handle.partition("/")
        word = _LABEL_WORDS.get(prefix)
        return f"{name} {word} {account}" if word else f"{name} {account}"
    return f"{name} {handle}"


# The first parts of YouTube and LinkedIn addresses that a label keeps, as a word: an id or number needs it.
_LABEL_WORDS = {"channel": "channel", "groups": "group"}

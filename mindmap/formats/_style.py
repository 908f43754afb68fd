"""The look shared by the drawn formats (SVG, HTML, DOT): branch colours, tints, platform names, safe links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from mindmap.channels import ADDRESS_PLATFORMS, PLATFORM_ALIASES, display_handle, encode_spaces, platform_name
from mindmap.formats._palette import PALETTE, palette_index
from mindmap.model import MindMap

__all__ = ["PALETTE", "platform_name"]

# Okabe & Ito's colour-blind-safe palette, most distinct first; yellow last because it is hard to read on white.
ROOT_COLOUR = "#222222"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Characters XML 1.0 cannot hold (labels are already free of control characters; these are the rest):
# the complement of Char = #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF], spelt
# out, since the negated class of those wide ranges takes Python's re 6 ms to compile.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Characters RFC 3986 never allows raw in a URL; finding one means the URL is not what it seems.
_URL_BAD_CHARS = re.compile(r"[\s\x00-\x1f\x7f\"<>\\`^{|}]")


def xml_text(text: str) -> str:
    """Return TEXT without the characters that XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def channel_text(label: str, platform: str, handle: str, url: str = "") -> list[str]:
    """Return the lines a channel shows: its label, then 'Platform handle' if the label does not say both."""
    key = platform.strip().lower()
    key = PLATFORM_ALIASES.get(key, key)
    handle = display_handle(key, handle)
    name = platform_name(key) if key else ""
    folded = label.casefold()
    if key in ADDRESS_PLATFORMS or not (key or handle):
        if url and key and _names_platform_only(folded.strip(), key, name):
            # A form's '.../Derby QUAD/Website' would show only 'Website': name the site, as `add` labels it.
            return [_address_label(url) or label]
        return [label]  # a website, blog or e-mail address (or a faulty link) is named by its label alone
    if handle and _names_platform_only(folded.strip(), key, name):
        # A contributions form names channels by their platform ('.../Derby Museums/Twitter'): the pill and
        # the links page show 'Twitter @derbymuseums' once, not 'Twitter' over 'Twitter @derbymuseums'.
        return [f"{name} {handle}"]
    says_platform = not name or name.casefold() in folded
    # An @-handle must appear with its '@'; a page name, group id or path by its last part, as a whole word.
    account = handle if handle.startswith("@") else handle.rsplit("/", 1)[-1]
    says_account = not account or _says_word(label, account)
    if says_platform and says_account:
        return [label]
    return [label, " ".join(part for part in (name, handle) if part)]


def _address_label(url: str) -> str:
    """Return the label `mindmap add` gives a channel of URL ('Website derby.gov.uk'), or '' if it reads none."""
    from mindmap.channels import recognise
    from mindmap.errors import MindmapError

    try:
        return recognise(url).label
    except MindmapError:
        return ""


def _names_platform_only(folded_label: str, key: str, name: str) -> bool:
    """Return whether a channel's (case-folded) label is only its platform's name, id or alias ('x', 'fb')."""
    if folded_label in (name.casefold(), key):
        return True
    return PLATFORM_ALIASES.get(folded_label) == key


def _says_word(text: str, word: str) -> bool:
    """Return whether TEXT holds WORD, ignoring case, not inside a longer word, handle or host name."""
    if not (text.isascii() and word.isascii()):
        pattern = rf"(?<![\w@.]){re.escape(word)}(?![\w])"
        return re.search(pattern, text, re.IGNORECASE) is not None
    # The ASCII case (almost every label) without compiling a pattern per channel: same rule.
    folded, wanted = text.lower(), word.lower()
    start = folded.find(wanted)
    while start >= 0:
        end = start + len(wanted)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (before.isalnum() or before in ("_", "@", ".")) and not (after.isalnum() or after == "_"):
            return True
        start = folded.find(wanted, start + 1)
    return False


def is_internal_link(url: str) -> bool:
    """Return whether URL jumps to another node of the same map ('#<node id>', as FreeMind's LINK="#ID_1")."""
    return url.startswith("#")


def is_safe_url(url: str) -> bool:
    """Return whether URL may become a link: http(s) with a host, or mailto, with no raw special characters."""
    if not url or _URL_BAD_CHARS.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) if scheme != "mailto" else bool(parts.path)


def link_address(url: str) -> str | None:
    """Return URL as a page may link it (raw spaces after the host written %20), or None when it may not."""
    # Maps from before links were normalised on input may hold 'mailto:x@y.org?subject=Thank you'.
    address = encode_spaces(url.strip()) if " " in url else url
    return address if is_safe_url(address) else None


def branch_colours(mindmap: MindMap) -> dict[str, str]:
    """Return each node's branch colour: its top-level ancestor's palette entry (or that node's own colour)."""
    colours = {mindmap.root: ROOT_COLOUR}
    tops = mindmap.children(mindmap.root)
    for index, top in enumerate(tops):
        own = mindmap.node(top).color
        colour = own.upper() if _HEX.match(own) else PALETTE[palette_index(index, len(tops))]
        for node_id, _ in mindmap.walk(top):
            colours[node_id] = colour
    return colours


def tint(colour: str, amount: float) -> str:
    """Return COLOUR mixed with white: AMOUNT 0 keeps it, 1 gives white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def text_colour_on(fill: str) -> str:
    """Return white or near-black, whichever reads better on FILL (WCAG contrast)."""
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / (_luminance("#1A1A1A") + 0.05)
    return "#FFFFFF" if on_white >= on_black else "#1A1A1A"

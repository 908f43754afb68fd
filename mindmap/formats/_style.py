"""The look shared by the drawn formats (SVG, HTML, DOT): branch colours, tints, platform names, safe links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from mindmap.channels import platform_name
from mindmap.formats._palette import PALETTE
from mindmap.model import MindMap

__all__ = ["PALETTE", "platform_name"]

# Okabe & Ito's colour-blind-safe palette, most distinct first; yellow last because it is hard to read on white.
ROOT_COLOUR = "#222222"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Characters XML 1.0 cannot hold (labels are already free of control characters; these are the rest).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Characters RFC 3986 never allows raw in a URL; finding one means the URL is not what it seems.
_URL_BAD_CHARS = re.compile(r"[\s\x00-\x1f\x7f\"<>\\`^{|}]")


def xml_text(text: str) -> str:
    """Return TEXT without the characters that XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def channel_text(label: str, platform: str, handle: str) -> list[str]:
    """Return the lines a channel shows: 'Platform @handle', after the label when the label says more."""
    handle = handle.strip()
    if handle and not handle.startswith("@") and "/" not in handle and " " not in handle:
        handle = "@" + handle
    shown = " ".join(part for part in (platform_name(platform) if platform.strip() else "", handle) if part)
    if not shown:
        return [label]
    if label.strip().casefold() == shown.casefold():
        return [shown]
    named = handle.split("/")[-1].casefold()
    if named and named in label.casefold():
        return [label]  # the label already names the channel, as `mindmap add channel` writes it
    return [label, shown]


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


def branch_colours(mindmap: MindMap) -> dict[str, str]:
    """Return each node's branch colour: its top-level ancestor's palette entry (or that node's own colour)."""
    colours = {mindmap.root: ROOT_COLOUR}
    for index, top in enumerate(mindmap.children(mindmap.root)):
        own = mindmap.node(top).color
        colour = own.upper() if _HEX.match(own) else PALETTE[index % len(PALETTE)]
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

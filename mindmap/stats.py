"""Count who uses what: organisations and channels per sector and platform, as data, CSV or an SVG chart."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mindmap import channels
from mindmap.checks import holding
from mindmap.errors import MindmapError
from mindmap.model import MindMap, Node, counted, paused_gc

OTHER = "other"  # a channel whose platform is neither stored nor recognisable from its link
NO_SECTOR = "(no sector)"


@dataclass
class SectorRow:
    """The counts for one top-level sector."""

    sector: str
    organisations: int = 0
    channels: Counter[str] = field(default_factory=Counter)
    without_channel: int = 0
    organisations_using: Counter[str] = field(default_factory=Counter)  # platform -> organisations on it
    faulty_links: int = 0  # channels whose link fails the checks (still counted on their platform, if known)
    without_link: int = 0  # channels with no link (counted on their platform only when it is stored)
    without_working_link: int = 0  # organisations with channels, none of them with a working link

    @property
    def total_channels(self) -> int:
        """Return how many channels the sector's organisations run, on all platforms."""
        return sum(self.channels.values())


@dataclass
class PlatformUse:
    """How many organisations use one platform, and with how many channels."""

    platform: str
    organisations: int
    channels: int

    @property
    def name(self) -> str:
        """Return the platform's display name."""
        return "Other" if self.platform == OTHER else channels.platform_name(self.platform)


@dataclass
class Stats:
    """Everything `mindmap stats` shows."""

    title: str
    sectors: list[SectorRow]
    platforms: list[PlatformUse]  # ranked: most organisations first
    without_channel: list[str]  # paths of organisations that run no channel (nor do those below them)
    # Channels without a working link: counted as channels, and on their platform when it is known.
    faulty_links: list[str] = field(default_factory=list)  # paths of channels whose link fails the checks
    without_link: list[str] = field(default_factory=list)  # paths of channels with no link at all
    # Paths of organisations that run channels, none of them with a working link (a search page kept with --force).
    without_working_link: list[str] = field(default_factory=list)

    def link_gaps(self) -> str | None:
        """Return the line that counts the channels without a working link, or None when every link works."""
        parts = []
        if self.faulty_links:
            parts.append(counted(len(self.faulty_links), "faulty links"))
        if self.without_link:
            parts.append(f"{counted(len(self.without_link), 'channels')} without a link")
        if not parts:
            return None
        return f"Channels without a working link: {', '.join(parts)}; see `mindmap check`"

    @property
    def totals(self) -> SectorRow:
        """Return the sums over all sectors."""
        total = SectorRow("Total")
        for row in self.sectors:
            total.organisations += row.organisations
            total.channels.update(row.channels)
            total.without_channel += row.without_channel
            total.organisations_using.update(row.organisations_using)
            total.faulty_links += row.faulty_links
            total.without_link += row.without_link
            total.without_working_link += row.without_working_link
        return total

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Return the header and the rows (sectors, then the totals) of the sector-by-platform table."""
        header = ["Sector", "Organisations", *(use.name for use in self.platforms), "Channels", "Without channel"]
        rows = []
        for row in [*self.sectors, self.totals]:
            counts = [str(row.channels.get(use.platform, 0)) for use in self.platforms]
            rows.append(
                [" ".join(row.sector.split("\n")), str(row.organisations), *counts, str(row.total_channels)]
                + [str(row.without_channel)]
            )
        return header, rows

    def sector_lines(self) -> list[str]:
        """Return the sector-by-platform table as one line per sector, then the totals: for a narrow terminal."""
        # A no-break space joins each platform to its count, so that wrapping keeps them together.

        def plural(count: int, noun: str) -> str:
            return f"{count:,} {noun}{'s' if count != 1 else ''}"

        lines = []
        for row in [*self.sectors, self.totals]:
            line = f"{' '.join(row.sector.split())}: {plural(row.organisations, 'organisation')}"
            if row.without_channel:
                line += f", {row.without_channel:,} without a channel"
            line += f"; {plural(row.total_channels, 'channel')}"
            on = [
                f"{use.name}\xa0{row.channels[use.platform]:,}".replace(" ", "\xa0")
                for use in self.platforms
                if row.channels[use.platform]
            ]
            lines.append(line + (f" ({', '.join(on)})" if on else ""))
        return lines

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as a JSON-ready dict."""

        def row_dict(row: SectorRow) -> dict[str, Any]:
            return {
                "sector": row.sector,
                "organisations": row.organisations,
                "channels": {use.platform: row.channels.get(use.platform, 0) for use in self.platforms},
                "organisations_using": {
                    use.platform: row.organisations_using.get(use.platform, 0) for use in self.platforms
                },
                "total_channels": row.total_channels,
                "without_channel": row.without_channel,
                "without_working_link": row.without_working_link,
            }

        return {
            "title": self.title,
            "sectors": [row_dict(row) for row in self.sectors],
            "totals": row_dict(self.totals),
            "platforms": [
                {"platform": u.platform, "name": u.name, "organisations": u.organisations, "channels": u.channels}
                for u in self.platforms
            ],
            "organisations_without_channel": list(self.without_channel),
            "channels_with_faulty_link": list(self.faulty_links),
            "channels_without_link": list(self.without_link),
            "organisations_without_working_link": list(self.without_working_link),
        }

    def to_csv(self) -> str:
        """Return the sector-by-platform table as CSV text, with the counts of links that do not work at the end."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header, rows = self.table()
        # Appended, so that scripts reading the earlier columns by position keep working.
        writer.writerow([*header, "Faulty links", "Channels without link", "Without working link"])
        for cells, row in zip(rows, [*self.sectors, self.totals], strict=True):
            writer.writerow([*cells, str(row.faulty_links), str(row.without_link), str(row.without_working_link)])
        return out.getvalue()


def link_passes(mindmap: MindMap, node_id: str) -> bool:
    """Return whether channel NODE_ID has a link that `mindmap check` finds nothing wrong with."""
    return _link_passes(mindmap.node(node_id))


def _link_passes(node: Node) -> bool:
    return channels.link_works(node.url, node.platform or None)


def counted_platform(mindmap: MindMap, node_id: str) -> str | None:
    """Return the platform channel NODE_ID counts on in stats, or None when nothing tells (a bare short link)."""
    node = mindmap.node(node_id)
    return _counted_platform(node, channels.problems(node.url, node.platform or None) if node.url else [])


def _counted_platform(node: Node, faults: list[channels.Problem]) -> str | None:
    # A faulty link still shows the platform the organisation is on (a search page on facebook.com), unless
    # it hides where it goes (a short link, whatever platform `add` stored from it); a channel without a link
    # shows one only when it is stored.
    if any(fault.code in channels.HIDING_FAULTS for fault in faults) or not (node.url or node.platform):
        return None
    return _channel_platform(node)


def channel_platform(mindmap: MindMap, node_id: str) -> str:
    """Return the platform of channel NODE_ID: the stored one, else the one its link shows, else 'other'."""
    return _channel_platform(mindmap.node(node_id))


def _channel_platform(node: Node) -> str:
    if node.platform:
        try:
            return channels.normalise_platform(node.platform)
        except MindmapError:
            return OTHER
    if node.url:
        try:
            return channels.recognise(node.url).platform
        except MindmapError:
            return OTHER
    return OTHER


def top_sector(mindmap: MindMap, node_id: str) -> str:
    """Return the label of the top-level sector above NODE_ID, or NO_SECTOR."""
    for ancestor in mindmap.ancestors(node_id):
        if mindmap.kind(ancestor) == "sector":
            return mindmap.label(ancestor)
    return NO_SECTOR


def compute(mindmap: MindMap) -> Stats:
    """Return the counts for MINDMAP."""
    # Counting allocates much and frees nothing cyclic: the cycle collector would only walk every node again.
    with paused_gc():
        return _compute(mindmap)


def _compute(mindmap: MindMap) -> Stats:
    rows: dict[str, SectorRow] = {}
    for kid in mindmap.children(mindmap.root):
        if mindmap.kind(kid) == "sector":
            rows.setdefault(mindmap.label(kid), SectorRow(mindmap.label(kid)))
    uses: dict[str, set[str]] = {}
    channel_counts: Counter[str] = Counter()
    organisations: list[str] = []
    sector_of: dict[str, str] = {}  # organisation -> its top-level sector
    faulty: list[str] = []
    unlinked: list[str] = []
    working: set[str] = set()  # channels whose link works
    # One walk, in which each level passes down what lies above the nodes below it: the top-level
    # sector (None above the first sector) and the nearest organisation. Looking these up per node
    # (ancestors) made stats cost the map's size times its depth, several times over.
    above: list[tuple[str | None, str | None]] = []
    for node_id, depth in mindmap.walk():
        del above[depth:]
        sector, owner = above[-1] if above else (None, None)
        kind = mindmap.kind(node_id)
        if kind == "organisation":
            organisations.append(node_id)
            sector_of[node_id] = sector or NO_SECTOR
            rows.setdefault(sector or NO_SECTOR, SectorRow(sector or NO_SECTOR)).organisations += 1
        elif kind == "channel":
            node = mindmap.node(node_id)
            row = rows.setdefault(sector or NO_SECTOR, SectorRow(sector or NO_SECTOR))
            faults = channels.problems(node.url, node.platform or None) if node.url else []
            if not node.url:
                unlinked.append(mindmap.display_path(node_id))
                row.without_link += 1
            elif faults:
                faulty.append(mindmap.display_path(node_id))
                row.faulty_links += 1
            else:
                working.add(node_id)
            # The organisation is on the platform even when its link there is faulty: that is told apart above.
            platform = _counted_platform(node, faults)
            if platform is not None:
                row.channels[platform] += 1
                channel_counts[platform] += 1
                if owner is not None:
                    uses.setdefault(platform, set()).add(owner)
        if sector is None and kind == "sector":
            sector = mindmap.label(node_id)
        above.append((sector, node_id if kind == "organisation" else owner))
    # A channel, even with a faulty link, is one, as `mindmap check` sees it; but no working link there.
    with_channel, with_working_link = holding(
        mindmap, ("organisation", "channel"), ("organisation", "channel", working)
    )
    without = [org for org in organisations if org not in with_channel]
    unreachable = [org for org in organisations if org in with_channel and org not in with_working_link]
    for platform, owners in uses.items():
        for owner in owners:
            rows[sector_of[owner]].organisations_using[platform] += 1
    for org in without:
        rows[sector_of[org]].without_channel += 1
    for org in unreachable:
        rows[sector_of[org]].without_working_link += 1
    order = {platform: index for index, platform in enumerate((*channels.PLATFORMS, OTHER))}
    ranked = sorted(
        (PlatformUse(p, len(uses.get(p, ())), n) for p, n in channel_counts.items()),
        key=lambda use: (-use.organisations, -use.channels, order.get(use.platform, len(order))),
    )
    without_paths = [mindmap.display_path(org) for org in without]
    unreachable_paths = [mindmap.display_path(org) for org in unreachable]
    return Stats(mindmap.meta.title, list(rows.values()), ranked, without_paths, faulty, unlinked, unreachable_paths)


# ------------------------------------------------------------------------ the chart

_FONT = "Helvetica, Arial, sans-serif"
_CHAR_WIDTH = 7.2  # a generous average for 13px sans-serif, so that labels never overlap the bars
_BAR_HEIGHT = 20
_GAP = 8
_WIDTH = 720


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def to_svg(stats: Stats) -> bytes:
    """Return the counts as a standalone SVG bar chart: labelled bars with their numbers, no colour needed."""
    from lxml import etree

    svg_ns = "http://www.w3.org/2000/svg"

    def element(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
        # Attribute names with '-' or reserved words come in with '_' ('text_anchor', 'class_').
        node = etree.SubElement(parent, f"{{{svg_ns}}}{tag}")
        for name, value in attributes.items():
            node.set(name.rstrip("_").replace("_", "-"), value)
        if text is not None:
            node.text = text
        return node

    sections = [
        ("Organisations using each platform", [(use.name, use.organisations) for use in stats.platforms]),
        ("Channels per sector", [(row.sector, row.total_channels) for row in stats.sectors]),
        ("Organisations per sector", [(row.sector, row.organisations) for row in stats.sectors]),
    ]
    labels = [label for _, bars in sections for label, _ in bars] or [""]
    label_width = min(260.0, max(len(label) for label in labels) * _CHAR_WIDTH + 10)
    bar_left = label_width + 10
    bar_room = _WIDTH - bar_left - 60
    peak = max([value for _, bars in sections for _, value in bars] + [1])
    totals = stats.totals
    heading_text = f"{stats.title}: who uses which platform"
    summary = (
        f"{counted(totals.organisations, 'organisations')} {'runs' if totals.organisations == 1 else 'run'} "
        f"{counted(totals.total_channels, 'channels')}; "
        f"{counted(len(stats.without_channel), 'organisations')} "
        f"{'has' if len(stats.without_channel) == 1 else 'have'} none."
    )

    root = etree.Element(f"{{{svg_ns}}}svg", nsmap={None: svg_ns})  # type: ignore[dict-item]
    root.set("role", "img")
    root.set("aria-labelledby", "chart-title chart-desc")
    element(root, "title", heading_text, id="chart-title")
    element(root, "desc", summary, id="chart-desc")
    element(
        root,
        "style",
        f"text {{ font-family: {_FONT}; font-size: 13px; fill: #000; }} "
        ".heading { font-size: 15px; font-weight: bold; } .title { font-size: 18px; font-weight: bold; } "
        ".bar { fill: #4d4d4d; stroke: #000; stroke-width: 1; }",
    )
    element(root, "rect", x="0", y="0", width="100%", height="100%", fill="#fff")

    y = 30.0
    element(root, "text", heading_text, x="10", y=_fmt(y), class_="title")
    y += 14
    for caption, bars in sections:
        y += 26
        element(root, "text", caption, x="10", y=_fmt(y), class_="heading")
        y += 10
        if not bars:
            y += _BAR_HEIGHT
            element(root, "text", "(none)", x=_fmt(bar_left), y=_fmt(y - 5))
        for label, value in bars:
            group = element(root, "g")
            room = int(label_width / _CHAR_WIDTH) - 1
            shown = label if len(label) * _CHAR_WIDTH <= label_width else label[:room] + "…"
            element(group, "text", shown, x=_fmt(label_width), y=_fmt(y + _BAR_HEIGHT - 6), text_anchor="end")
            if shown != label:
                element(group, "title", label)
            length = bar_room * value / peak
            element(
                group, "rect", x=_fmt(bar_left), y=_fmt(y), width=_fmt(length), height=str(_BAR_HEIGHT), class_="bar"
            )
            element(group, "text", str(value), x=_fmt(bar_left + length + 6), y=_fmt(y + _BAR_HEIGHT - 6))
            y += _BAR_HEIGHT + _GAP
    y += 16
    element(root, "text", summary, x="10", y=_fmt(y))
    y += 14
    root.set("width", str(_WIDTH))
    root.set("height", _fmt(y))
    root.set("viewBox", f"0 0 {_WIDTH} {_fmt(y)}")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))

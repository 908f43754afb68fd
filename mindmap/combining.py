"""Combine two nodes that stand for one thing (the same organisation sent twice): the library behind `combine`.

Rules (docs/combine.md): OTHER's children go under KEEP, a child whose label (ignoring case) or, for a
channel, whose link KEEP's children already have is combined with that child in turn; KEEP's empty fields
are filled from OTHER's, and where both have a value KEEP's stays and OTHER's is kept beside it in a
`merge-conflict:FIELD` attribute (`merge-conflict:FIELD:2`, `:3`... when one is there already; notes: both
kept, KEEP's first; two forms of one link are no conflict); attributes are united the same way;
cross-links and internal links (`#id`) to OTHER point to KEEP, those that would link a node to itself or
repeat a link are dropped (a repeated link's other label joins the kept one's); then OTHER goes. Two
channels of different platforms are not combined. All or nothing: on a refusal the map is as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mindmap.errors import RuleError
from mindmap.model import MAX_KEY_CHARS, MindMap, Node, colour_value, counted, quoted, with_article

CONFLICT_PREFIX = "merge-conflict:"  # as `mindmap merge` records a value it did not take (mindmap.merge)
FILLED_FIELDS = ("url", "platform", "handle", "color")
NOTE_SEPARATOR = "\n\n"
LINK_LABEL_SEPARATOR = " / "


@dataclass
class NotTaken:
    """A value of a combined node that the kept node did not take: where, which field, and the value."""

    path: str  # the kept node's path
    field: str  # 'url', 'platform', 'handle', 'color' or 'attr:KEY'
    value: str
    recorded_as: str  # the attribute of the kept node that holds the value, or '' when not recorded


@dataclass
class CombineReport:
    """What combining did: the nodes removed, children moved, fields not taken, cross-links dropped."""

    kept: str
    removed: list[str] = field(default_factory=list)  # ids of OTHER and of the children combined with KEEP's
    into: dict[str, str] = field(default_factory=dict)  # each removed id -> the id of the node it was combined into
    moved: int = 0  # children that went under a kept node as they were
    filled: list[str] = field(default_factory=list)  # fields of the kept node filled from the other: 'url', 'note'...
    notes_joined: int = 0
    not_taken: list[NotTaken] = field(default_factory=list)
    links_repointed: int = 0
    links_dropped: int = 0  # would have linked a node to itself, or repeated a link
    link_labels_joined: int = 0  # a repeated link's label, kept beside the kept link's own
    internal_links_repointed: int = 0

    def summary(self, other_path: str, keep_path: str) -> str:
        """Return the one line that says what combining OTHER_PATH into KEEP_PATH did."""

        def children(count: int) -> str:
            return f"{count:,} {'child' if count == 1 else 'children'}"

        parts = [children(self.moved) + " moved"]
        if len(self.removed) > 1:
            parts.append(children(len(self.removed) - 1) + " combined with the same ones")
        filled = [name for name in self.filled if name != "note" or not self.notes_joined]
        if filled:
            parts.append("filled in: " + ", ".join(filled))
        if self.notes_joined:
            parts.append(counted(self.notes_joined, "notes") + " joined")
        if self.links_repointed:
            parts.append(counted(self.links_repointed, "cross-links") + " moved")
        if self.links_dropped:
            parts.append(counted(self.links_dropped, "cross-links") + " dropped (self-links or repeats)")
        if self.link_labels_joined:
            parts.append(counted(self.link_labels_joined, "link labels") + " joined")
        if self.internal_links_repointed:
            parts.append(counted(self.internal_links_repointed, "internal links") + " repointed")
        return f"Combined {quoted(other_path)} into {quoted(keep_path)}: {', '.join(parts)}"


def combine(mindmap: MindMap, keep: str, other: str) -> CombineReport:
    """Combine node OTHER into node KEEP of MINDMAP (see the module's rules); raise RuleError if they cannot be."""
    _check_pair(mindmap, keep, other)
    staged = mindmap.copy()  # every change is made on a copy: a refusal halfway leaves MINDMAP as it was
    report = CombineReport(kept=keep)
    merged_into = report.into
    pairs = [(keep, other)]
    while pairs:  # an explicit stack: a deep tree must not recurse
        kept, gone = pairs.pop()
        for child in staged.children(gone):
            match = _match(staged, kept, child)
            if match is None:
                staged.move(child, kept)
                report.moved += 1
            elif staged.kind(match) != staged.kind(child):
                raise RuleError(
                    f"cannot combine {quoted(mindmap.display_path(other))} into {quoted(mindmap.display_path(keep))}: "
                    f"{quoted(staged.display_path(match))} is {with_article(staged.kind(match))} but "
                    f"{quoted(staged.display_path(child))} is {with_article(staged.kind(child))}; "
                    "rename or remove one first"
                )
            else:
                pairs.append((match, child))
        _fill(staged, kept, gone, report)
        _repoint_links(staged, kept, gone, report)
        merged_into[gone] = kept
        report.removed.append(gone)
    _repoint_internal_links(staged, merged_into, report)
    for gone in reversed(report.removed):  # children before their parents: each has none left by then
        staged.remove(gone)
    mindmap.replace_with(staged)
    return report


def _check_pair(mindmap: MindMap, keep: str, other: str) -> None:
    keep_path, other_path = mindmap.display_path(keep), mindmap.display_path(other)
    if keep == other:
        raise RuleError(f"cannot combine {quoted(keep_path)} with itself: name two different nodes")
    if keep in mindmap.ancestors(other) or other in mindmap.ancestors(keep):
        raise RuleError(
            f"cannot combine {quoted(keep_path)} with {quoted(other_path)}: one is inside the other; "
            "move it out first (`mindmap move`) if both stand for one thing"
        )
    keep_kind, other_kind = mindmap.kind(keep), mindmap.kind(other)
    if keep_kind != other_kind:
        raise RuleError(
            f"cannot combine {with_article(keep_kind)} ({quoted(keep_path)}) with "
            f"{with_article(other_kind)} ({quoted(other_path)}): "
            f"give them one kind first (`mindmap set NODE --kind ...`)"
        )
    keep_platform, other_platform = mindmap.node(keep).platform, mindmap.node(other).platform
    if keep_kind == "channel" and keep_platform and other_platform and keep_platform != other_platform:
        raise RuleError(
            f"cannot combine {quoted(keep_path)} ({keep_platform}) with {quoted(other_path)} ({other_platform}): "
            "channels on two platforms are two channels"
        )


def _match(mindmap: MindMap, parent: str, child: str) -> str | None:
    """Return the child of PARENT that CHILD stands for too: the same label ignoring case, or the same channel."""
    label = mindmap.label(child).casefold()
    kids = mindmap.children(parent)
    for kid in kids:
        if mindmap.label(kid).casefold() == label:
            return kid
    node = mindmap.node(child)
    keys = _channel_keys(node)
    if not keys:
        return None
    for kid in kids:
        if keys & _channel_keys(mindmap.node(kid)):
            return kid
    return None


def _channel_keys(node: Node) -> set[tuple[str, ...]]:
    """Return the keys under which channel NODE counts as the same as another (none for other kinds)."""
    if node.kind != "channel" or not (node.url or node.handle):
        return set()
    from mindmap import channels  # not at start-up: only channels need it

    return channels.channel_keys(node.url, node.platform, node.handle)


def _fill(mindmap: MindMap, kept: str, gone: str, report: CombineReport) -> None:
    """Give KEPT what GONE has that it lacks; record in KEPT what it has otherwise."""
    ours, theirs = mindmap.node(kept), mindmap.node(gone)
    path = mindmap.display_path(kept)
    values: dict[str, str] = {}
    conflicts: dict[str, str] = {}

    def not_taken(name: str, value: str) -> None:
        record(CONFLICT_PREFIX + name, name, value)

    def record(key: str, name: str, value: str) -> None:
        # An earlier conflict on the same field stays as it is; this value goes beside it, numbered. A key
        # too long to be an attribute's is not made (it would refuse the whole combine): the report names it.
        base, number = key, 1
        while key in ours.attributes or key in conflicts:
            if value in (ours.attributes.get(key), conflicts.get(key)):
                report.not_taken.append(NotTaken(path, name, value, key))  # recorded there already
                return
            number += 1
            key = f"{base}:{number}"
        recorded = key if len(key) <= MAX_KEY_CHARS else ""
        if recorded:
            conflicts[key] = value
        report.not_taken.append(NotTaken(path, name, value, recorded))

    # Two forms of one channel's link (Twitter handles ignore case) are no conflict: KEEP's form stays.
    one_channel = ours.kind == "channel" and bool(_channel_keys(ours) & _channel_keys(theirs))
    for name in FILLED_FIELDS:
        mine, yours = getattr(ours, name), getattr(theirs, name)
        if yours and not mine:
            if name != "color" or _storable_colour(yours):
                values[name] = yours  # not a colour no map may hold ('red' from an older import): looks only
            continue
        # A colour is looks, not a fact; and two forms of one website's link are one link.
        differs = yours and yours != mine and name != "color" and not one_channel
        if differs and not (name == "url" and same_site(mine, yours)):
            not_taken(name, yours)
    if theirs.note and theirs.note not in ours.note:
        if ours.note and ours.note not in theirs.note:
            values["note"] = f"{ours.note}{NOTE_SEPARATOR}{theirs.note}"
            report.notes_joined += 1
        else:
            values["note"] = theirs.note  # KEEP's note is empty, or a part of OTHER's
    attributes: dict[str, str] = {}
    for key, value in theirs.attributes.items():
        if key not in ours.attributes:
            attributes[key] = value
        elif ours.attributes[key] != value:
            if key.startswith(CONFLICT_PREFIX):  # a value an earlier merge did not take: kept in the same series
                record(key, f"attr:{key}", value)
            else:
                not_taken(f"attr:{key}", value)
    attributes.update(conflicts)
    report.filled += [name for name in ("note", *FILLED_FIELDS) if name in values and not getattr(ours, name)]
    if values or attributes:
        mindmap.update(
            kept,
            note=values.get("note"),
            url=values.get("url"),
            platform=values.get("platform"),
            handle=values.get("handle"),
            color=values.get("color"),
            attributes=attributes,
            url_as_is=True,  # a link stored already
            color_as_is=True,  # and a colour: an import keeps a file's as it was given ('red')
        )


def _repoint_links(mindmap: MindMap, kept: str, gone: str, report: CombineReport) -> None:
    """Make GONE's cross-links KEPT's, dropping those that would be self-links or repeat a link."""
    moving = [*mindmap.links_from(gone), *mindmap.links_to(gone)]
    for link in moving:
        mindmap.unlink(link.source, link.target)
    for link in moving:
        source = kept if link.source == gone else link.source
        target = kept if link.target == gone else link.target
        existing = {x.target: x.label for x in mindmap.links_from(source)}
        if source == target or target in existing:
            report.links_dropped += 1
            label = existing.get(target, "")
            if source != target and link.label and link.label.casefold() not in label.casefold():
                # The repeated link's label is not lost: it joins the kept link's own.
                joined = f"{label}{LINK_LABEL_SEPARATOR}{link.label}" if label else link.label
                mindmap.link(source, target, joined)
                report.link_labels_joined += bool(label)
            continue
        mindmap.link(source, target, link.label)
        report.links_repointed += 1


def _repoint_internal_links(mindmap: MindMap, merged_into: dict[str, str], report: CombineReport) -> None:
    """Point internal links ('#id') to a combined node at the node it was combined into."""
    if not merged_into:
        return
    for node in mindmap.nodes():
        if node.url.startswith("#") and node.url[1:] in merged_into:
            mindmap.update(node.id, url="#" + merged_into[node.url[1:]], url_as_is=True)
            report.internal_links_repointed += 1


def same_site(first: str, second: str) -> bool:
    """Return whether links FIRST and SECOND differ only in scheme, a 'www.', case of host or a final '/'.

    A host or path in another script counts as its ASCII form ('café.fr/crème' is 'xn--caf-dma.fr/cr%C3%A8me').
    """

    from mindmap import channels

    def key(url: str) -> tuple[str, int | None, str, str, str]:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = parts.hostname or ""
        if not host.isascii():
            host = channels.ascii_host(host) or host
        port = parts.port if parts.port not in (80, 443) else None  # another port is another site
        path = channels.ascii_text(parts.path.rstrip("/"))
        return host.removeprefix("www."), port, path, parts.query, parts.fragment

    if first.startswith(("mailto:", "#")) or second.startswith(("mailto:", "#")):
        return first == second
    try:
        return key(first) == key(second)
    except ValueError:  # a kept faulty link that does not parse
        return False


def _storable_colour(text: str) -> bool:
    """Return whether TEXT is a colour a map may store (as `set --colour` takes it)."""
    try:
        colour_value(text)
    except RuleError:
        return False
    return True

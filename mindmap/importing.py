"""Bring a file's tree into a map, all or nothing: the library behind `mindmap import` and `init --from`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mindmap.errors import FormatError, MindmapError, RuleError
from mindmap.formats import Format, Imported, all_formats, format_for_path, get_format
from mindmap.kinds import apply_kinds, infer_kinds
from mindmap.model import ALLOWED_PARENTS, MindMap

KIND_MODES = ("keep", "auto")
MAX_IMPORT_BYTES = 200 * 1024 * 1024
# Called with (nodes done, nodes in all) while nodes are copied.
Progress = Callable[[int, int], None]
# The kinds tried, in order, for the file's own root when it goes under a node of the map.
ROOT_STAND_INS = ("topic", "sector", "organisation")


@dataclass
class ImportReport:
    """What an import brought in, what it could not, and the repairs it made."""

    top: str  # the id of the imported tree's top node in the map (the node imported under, for a merge)
    nodes: int = 0
    notes: int = 0
    urls: int = 0
    attributes: int = 0
    cross_links: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return the one line that says what was imported, e.g. '12 nodes (3 notes, 5 urls, ...)'."""
        parts = [
            f"{count:,} {name}{'s' if count != 1 else ''}"
            for name, count in (
                ("note", self.notes),
                ("url", self.urls),
                ("cross-link", self.cross_links),
                ("attribute", self.attributes),
            )
        ]
        return f"{self.nodes:,} node{'s' if self.nodes != 1 else ''} ({', '.join(parts)})"

    def dropped_line(self, format_name: str) -> str | None:
        """Return the one line that says what the file held that the map could not take, or None."""
        from mindmap.formats import counted

        parts = [counted(count, what) for what, count in self.dropped.items() if count]
        if not parts:
            return None
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{format_name}: {listed} not imported"


def importable() -> str:
    """Return the formats mindmap can import, as 'name (.ext, ...)' for messages."""
    return "; ".join(f"{f.name} ({', '.join(f.extensions)})" for f in all_formats() if f.read)


def choose_format(path: str, data: bytes, name: str | None = None) -> Format:
    """Return the format to read DATA with: NAME, else PATH's extension, else what the content looks like."""
    if len(data) > MAX_IMPORT_BYTES:
        raise FormatError(
            f"{path if path != '-' else 'standard input'} is {len(data) / 2**20:,.0f} MiB; mindmap imports files "
            f"up to {MAX_IMPORT_BYTES / 2**20:,.0f} MiB"
        )
    if _binary(data):
        raise FormatError(
            f"{path if path != '-' else 'standard input'} is a binary file, not one mindmap can import; "
            f"it imports: {importable()}"
        )
    if name:
        return format_for_path(path, name, reading=True)
    try:
        return format_for_path(path, None, reading=True)
    except FormatError:
        guessed = _sniff(data)
        if guessed is None:
            raise FormatError(
                f"cannot tell the format of {path!r} from its name or content; name it with --format. "
                f"mindmap imports: {importable()}"
            ) from None
        return guessed


def _binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # Files that are neither UTF-8 nor an 8-bit text encoding hold many control bytes.
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def _sniff(data: bytes) -> Format | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    candidates = []
    if head.startswith(b"{") and b'"format"' in data[:200_000]:
        candidates.append("json")
    if b"<opml" in head:
        candidates.append("opml")
    if b"<map" in head:
        candidates.append("mm")  # by extension: whatever the FreeMind format is called
    first_line = head.split(b"\n", 1)[0]
    if b"," in first_line and (b"path" in first_line or b"parent_id" in first_line):
        candidates.append("csv")
    if head.startswith((b"#", b"- ", b"* ", b"---")):
        candidates.append("markdown")
    for candidate in candidates:
        try:
            fmt = get_format(candidate)
        except FormatError:
            continue
        if fmt.read:
            return fmt
    return None


def _wanted_kinds(imported: Imported, kinds: str) -> dict[str, str]:
    if kinds not in KIND_MODES:
        raise RuleError(f"--kinds takes {' or '.join(KIND_MODES)}, not {kinds!r}")
    wanted = dict(imported.kinds)
    if kinds == "auto":
        staged = imported.mindmap.copy()
        apply_kinds(staged, wanted)
        wanted = {**infer_kinds(staged), **wanted}
    return wanted


def _count(report: ImportReport, mindmap: MindMap, node_ids: list[str]) -> None:
    for node_id in node_ids:
        node = mindmap.node(node_id)
        report.nodes += 1
        report.notes += bool(node.note)
        report.urls += bool(node.url)
        report.attributes += len(node.attributes)


def map_from_import(imported: Imported, *, by: str = "", kinds: str = "keep") -> tuple[MindMap, ImportReport]:
    """Return a new map made of the imported tree (its root the map's root) and what it holds."""
    mindmap = imported.mindmap.copy()
    wanted = _wanted_kinds(imported, kinds)
    misfits = apply_kinds(mindmap, wanted)
    report = ImportReport(top=mindmap.root, dropped=dict(imported.dropped), warnings=list(imported.warnings))
    for node_id in misfits:
        report.warnings.append(
            f"{mindmap.display_path(node_id)!r} stays a topic: {_article(wanted[node_id])} cannot go there"
        )
    for node in mindmap.nodes():
        if not node.added_by and by:
            mindmap.set_provenance(node.id, added_by=by)
        platform, handle = _channel_fields(node.kind, node.url, node.platform, node.handle)
        if platform != node.platform:
            mindmap.update(node.id, platform=platform, handle=handle)
    _count(report, mindmap, mindmap.ids())
    report.cross_links = len(mindmap.links())
    return mindmap, report


def import_into(
    target: MindMap,
    imported: Imported,
    under: str | None = None,
    *,
    by: str = "",
    kinds: str = "keep",
    progress: Progress | None = None,
) -> tuple[MindMap, ImportReport]:
    """Return a copy of TARGET with the imported tree under UNDER (default: the root), and what it brought.

    TARGET itself is not changed, so a failure anywhere leaves it as it was. The file's root comes in as a
    topic (or a sector or organisation when what is below it needs one), unless the file is a form whose
    top level stands for UNDER: then its nodes merge by label with those already there.
    """
    source = imported.mindmap
    wanted = _wanted_kinds(imported, kinds)
    staged = target.copy()
    parent = staged.root if under is None else under
    staged.kind(parent)
    total = len(source)
    report = ImportReport(top=parent, dropped=dict(imported.dropped), warnings=list(imported.warnings))
    mapping: dict[str, str] = {}
    added: list[str] = []
    for done, (node_id, _) in enumerate(source.walk()):
        if progress and done % 256 == 0:
            progress(done, total)
        node = source.node(node_id)
        if node_id == source.root:
            if imported.merge_by_path:
                mapping[node_id] = parent
                continue
            kind = _stand_in(staged, parent, [wanted.get(k, source.kind(k)) for k in source.children(node_id)])
        else:
            kind = wanted.get(node_id, node.kind)
        source_parent = source.parent(node_id)
        new_parent = parent if source_parent is None else mapping[source_parent]
        if imported.merge_by_path and node_id != source.root:
            same = [kid for kid in staged.children(new_parent) if staged.label(kid) == node.label]
            if same:
                mapping[node_id] = same[0]
                if node.note or node.url:
                    report.warnings.append(f"{staged.display_path(same[0])!r} is already in the map; kept it as it is")
                continue
        channel = _channel_fields(kind, node.url, node.platform, node.handle)
        try:
            new_id = staged.add(
                kind,
                node.label,
                new_parent,
                note=node.note,
                url=node.url,
                attributes=node.attributes,
                platform=channel[0],
                handle=channel[1],
                by=node.added_by or by,
                node_id=node_id if node_id not in staged else None,
                added_at=node.added_at or None,
                modified_at=node.modified_at or None,
                folded=node.folded,
                color=node.color,
            )
        except RuleError as error:
            where = source.display_path(node_id)
            raise RuleError(f"cannot import {where!r} under {staged.display_path(new_parent)!r}: {error}") from None
        mapping[node_id] = new_id
        added.append(new_id)
        if node_id == source.root:
            report.top = new_id
    for link in source.links():
        start, end = mapping[link.source], mapping[link.target]
        if start != end:
            staged.link(start, end, link.label)
            report.cross_links += 1
    if progress:
        progress(total, total)
    _count(report, staged, added)
    return staged, report


def _channel_fields(kind: str, url: str, platform: str, handle: str) -> tuple[str, str]:
    """Return a channel's platform and handle, recognised from its url when the file did not say them."""
    if kind != "channel" or platform or not url:
        return platform, handle
    from mindmap.channels import recognise

    try:
        found = recognise(url)
    except MindmapError:  # a link mindmap cannot read stays as it is; `mindmap check` reports it
        return platform, handle
    return found.platform, found.handle


def _stand_in(mindmap: MindMap, parent: str, child_kinds: list[str]) -> str:
    """Return the kind the file's root takes under PARENT so that its children's kinds still fit."""
    parent_kind = mindmap.kind(parent)
    for kind in ROOT_STAND_INS:
        if parent_kind in ALLOWED_PARENTS[kind] and all(kind in ALLOWED_PARENTS[k] for k in child_kinds):
            return kind
    kinds = sorted(set(child_kinds) - {"topic"})
    raise RuleError(
        f"cannot import under {mindmap.display_path(parent)!r} ({_article(parent_kind)}): the file's top level "
        f"holds {' and '.join(k + 's' for k in kinds)}, which need a place higher up; import under another node"
    )


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"

"""Bring a file's tree into a map, all or nothing: the library behind `mindmap import` and `init --from`."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import Any

from mindmap.channels import stored_link
from mindmap.errors import ConflictMarkersError, FormatError, MapFileError, MindmapError, RuleError
from mindmap.formats import Format, Imported, all_formats, counted, format_for_path, get_format
from mindmap.formats._bulk import checked, node_entry, stored_as_is
from mindmap.formats._outline import label_key
from mindmap.formats.csv_table import looks_like_sheet
from mindmap.kinds import apply_kinds, infer_kinds
from mindmap.model import (
    ALLOWED_PARENTS,
    MAX_LABEL_CHARS,
    MindMap,
    clean_text,
    escape_path_part,
    new_id,
    normalise_kind,
    now,
    paused_gc,
    quoted,
    with_article,
)

KIND_MODES = ("keep", "auto")
# What becomes of the file's root on `import`: auto (the children alone when the root is labelled as the
# node imported under, as when a map's own export comes back; else the root as a node), node, children.
ROOT_MODES = ("auto", "node", "children")
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
    root_left_out: bool = False  # the file's root stood for the node imported under: only its children came
    links_normalised: int = 0
    links_faulty: int = 0
    explained: set[str] = field(default_factory=set)  # keys of DROPPED that a warning already explains
    # (kind, label) of the nodes a form import made right under the map's root: a typo in a path's first
    # part ('Medai/Leicester Live') makes a new sector, which the summary names so that it is seen.
    new_top: list[tuple[str, str]] = field(default_factory=list)
    copies: int = 0  # nodes whose id the map holds already (its own export imported again): new ids

    def stored_url(self, url: str, kind: str, platform: str = "") -> str:
        """Return URL as a node of KIND stores it (normalised as `mindmap add` does), counting changes and faults."""
        stored, faults = stored_link(url, kind, platform or None)
        self.links_normalised += stored != url
        self.links_faulty += bool(faults)
        return stored

    def note_copies(self) -> None:
        """Add the warning that says how many nodes came in as copies of nodes of the map (same ids)."""
        if self.copies:
            self.warnings.append(
                f"{counted(self.copies, 'nodes')} of the file {'are' if self.copies > 1 else 'is'} in the map "
                "already (same ids: an export of this map, or a file imported before): imported as copies with "
                "new ids; "
                "`mindmap undo` takes the import back; to take in the edits made to an export instead, make it a "
                "map (`mindmap --map theirs.json init --from FILE`) and `mindmap merge` it (docs/freemind.md)"
            )

    def note_links(self) -> None:
        """Add the warning that says how many links were normalised and how many faulty ones were kept."""
        parts = []
        if self.links_normalised:
            parts.append(f"{self.links_normalised:,} link{'s' if self.links_normalised != 1 else ''} normalised")
        if self.links_faulty:
            parts.append(
                f"{self.links_faulty:,} faulty link{'s' if self.links_faulty != 1 else ''} kept: run `mindmap check`"
            )
        if parts:
            self.warnings.append(", ".join(parts))

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a JSON-ready dict: its fields and the lines `mindmap import` prints."""
        out = asdict(self)
        out["explained"] = sorted(self.explained)
        out["new_top"] = [{"kind": kind, "label": label} for kind, label in self.new_top]
        out["summary"] = self.summary()
        return out

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

    def new_top_line(self, shown: int = 5) -> str | None:
        """Return 'new sectors: 'A', 'Arts/B' and 3 more' naming new top-level nodes and new sectors in old ones."""
        if not self.new_top:
            return None
        what = "sector" if all(kind == "sector" for kind, _ in self.new_top) else "node"
        names = [repr(label if len(label) <= 40 else label[:39] + "…") for _, label in self.new_top[:shown]]
        rest = len(self.new_top) - len(names)
        listed = ", ".join(names) + (f" and {rest:,} more" if rest else "")
        return f"new {what}{'s' if len(self.new_top) != 1 else ''}: {listed}"

    def dropped_line(self, format_name: str) -> str | None:
        """Return the one line that says what the file held that the map could not take, or None."""
        from mindmap.formats import counted

        parts = [counted(count, what) for what, count in self.dropped.items() if count and what not in self.explained]
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
    own_columns = b"," in first_line and (b"path" in first_line or b"parent_id" in first_line)
    if own_columns or looks_like_sheet(first_line.decode("utf-8", errors="replace")):  # or a sheet of organisations
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


def refuse_implied_sector(imported: Imported, node_id: str, kind: str, parent_kind: str, parent_path: str) -> None:
    """Raise if the form made NODE_ID (of KIND) a sector only because a path ran through it, inside a sector."""
    refusal = imported.implied_sectors.get(node_id)
    if refusal and kind == "sector" and parent_kind == "sector":
        before, after = refusal
        raise FormatError(f"{before}{quoted(parent_path)}{after}")


def added_lines(before: MindMap, after: MindMap) -> list[str]:
    """Return '+ KIND PATH  <URL>' for each node AFTER has and BEFORE has not, in tree order (an import's news)."""
    from mindmap.channels import display_url

    lines = []
    for node_id, _ in after.walk():
        if node_id not in before:
            url = after.node(node_id).url
            shown = f"  <{display_url(url)}>" if url else ""
            lines.append(f"+ {after.kind(node_id)} {after.display_path(node_id)}{shown}")
    return lines


def title_from_file_name(name: str) -> str:
    """Return the title a file NAME suggests: 'east-midlands_survey.csv' is 'East midlands survey' ('' if none)."""
    stem = PurePath(name).stem
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    title = clean_text(words, multiline=False)[:MAX_LABEL_CHARS].strip()
    return title[:1].upper() + title[1:] if title == title.lower() else title


def name_untitled_root(imported: Imported, file_name: str) -> None:
    """Give the root of IMPORTED the title FILE_NAME suggests, where the file named none (see Imported.untitled)."""
    title = title_from_file_name(file_name) if imported.untitled else ""
    if title:
        mindmap = imported.mindmap
        mindmap.rename(mindmap.root, title)
        mindmap.meta.title = title


def map_from_import(imported: Imported, *, by: str = "", kinds: str = "keep") -> tuple[MindMap, ImportReport]:
    """Return a new map made of the imported tree (its root the map's root) and what it holds."""
    mindmap = imported.mindmap.copy()
    wanted = _wanted_kinds(imported, kinds)
    misfits = apply_kinds(mindmap, wanted)
    for node_id in imported.implied_sectors:
        parent = mindmap.parent(node_id)
        assert parent is not None  # a node a path ran through is never the root
        refuse_implied_sector(
            imported, node_id, mindmap.kind(node_id), mindmap.kind(parent), mindmap.display_path(parent)
        )
    report = ImportReport(
        top=mindmap.root,
        dropped=dict(imported.dropped),
        warnings=list(imported.warnings),
        explained=set(imported.explained),
    )
    for node_id in misfits:
        report.warnings.append(
            f"{quoted(mindmap.display_path(node_id))} stays a topic: {with_article(wanted[node_id])} cannot go there"
        )
    for node in mindmap.nodes():
        if not node.added_by and by:
            mindmap.set_provenance(node.id, added_by=by)
        url = report.stored_url(node.url, node.kind, node.platform) if node.url else ""
        if url != node.url:
            mindmap.update(node.id, url=url, url_as_is=True)  # stored_url normalised it
            mindmap.set_provenance(node.id, modified_at=node.modified_at)  # as the bulk import keeps it
        platform, handle = _channel_fields(node.kind, url, node.platform, node.handle)
        if platform != node.platform:
            mindmap.update(node.id, platform=platform, handle=handle)
    report.note_links()
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
    root: str = "node",
    release: bool = False,
) -> tuple[MindMap, ImportReport]:
    """Return a copy of TARGET with the imported tree under UNDER (default: the root), and what it brought.

    TARGET itself is not changed, so a failure anywhere leaves it as it was. The file's root comes in as a
    topic (or a sector or organisation when what is below it needs one), unless the file is a form whose
    top level stands for UNDER: then its nodes merge by label with those already there. ROOT (one of
    ROOT_MODES) "children" leaves the file's root out and puts its children under UNDER; "auto" does so
    when the root has UNDER's label (case and spacing aside). With RELEASE, IMPORTED's map is replaced by an
    empty one once its nodes are read, so that a big import's memory can go to the new map.
    """
    if root not in ROOT_MODES:
        raise RuleError(f"--root takes {', '.join(ROOT_MODES)}, not {root!r}")
    # The file as a document: the reader's own when it hands one over (no map of the file is built), else its
    # map's entries (read only: maps copy before changing one).
    document = imported.document
    if document is None:
        document = imported.mindmap.to_document(fresh=False)
    source_root = document["graph"]["nodes"][0]  # both put the root first
    wanted = _wanted_kinds(imported, kinds)
    parent = target.root if under is None else under
    target.kind(parent)
    report = ImportReport(
        top=parent, dropped=dict(imported.dropped), warnings=list(imported.warnings), explained=set(imported.explained)
    )
    if not imported.merge_by_path and (
        root == "children" or root == "auto" and same_label(source_root["label"], target.label(parent))
    ):
        report.root_left_out = True
        report.warnings += _root_fields_left_out(source_root, target, parent)
    # The new nodes are made as entries (checked as `MindMap.add` checks them) and hung into a copy of the
    # target: adding node by node checked and stamped every node through the graph, and reading the whole
    # document again (from_document) checked every entry a second time.
    with paused_gc():
        # The source's entries are shared, not copied, where the import keeps them: maps copy before changing.
        grafting = _Grafting(target, imported, document, parent, wanted, by, report)
        entries, edges, crosslinks = grafting.graft(progress)
        report.note_links()
        report.note_copies()
        if release:
            # The file's graph, and its entries that the import changed (links are normalised), are freed
            # before the new map's graph is built in their place: 100,000 nodes peaked 20 MB higher.
            imported.mindmap = MindMap(source_root["label"])
        del grafting, document, source_root
        return target.with_entries(entries, edges, crosslinks), report


class _Grafting:
    """The new nodes of one import as entries, checked as `MindMap.add` checks them, to hang into the target."""

    def __init__(
        self,
        target: MindMap,
        imported: Imported,
        document: dict[str, Any],
        parent: str,
        wanted: dict[str, str],
        by: str,
        report: ImportReport,
    ) -> None:
        self.target, self.imported, self.document, self.parent, self.wanted = target, imported, document, parent, wanted
        self.merge_by_path, self.by, self.report = imported.merge_by_path, by, report
        self.new_parents: dict[str, str] = {}  # new node id -> its parent's id (new or already in the target)
        self.new_entries: dict[str, dict[str, Any]] = {}  # new node id -> its entry
        # parent -> label_key -> first child so labelled (merges: "derby quad" finds "Derby QUAD", kept so spelled)
        self.labelled: dict[str, dict[str, str]] = {}
        # parent in the target -> channel key (channels.channel_keys) -> its first channel with that link
        self.linked: dict[str, dict[tuple[str, ...], str]] = {}
        # the target's organisations by name (checks.name_key), made when an import first makes one
        self.organisations: dict[str, str] | None = None

    def graft(
        self, progress: Progress | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]], list[dict[str, str]]]:
        """Return the imported nodes' entries, the edges that hang them, and the map's cross-links after the import."""
        target, report = self.target, self.report
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, str]] = []
        taken = set(target.ids())
        known = len(taken)
        source_document = self.document
        source_edges = source_document["graph"]["edges"]
        source_parents = {edge["target"]: edge["source"] for edge in source_edges}  # one pass over the edges
        mapping: dict[str, str] = {}
        new_parents, new_entries, wanted = self.new_parents, self.new_entries, self.wanted
        stamp = now()  # one moment for the whole import
        source_nodes: list[dict[str, Any] | None] = source_document["graph"]["nodes"]
        # A map's document is a list of its own making: each source entry goes from it once read, so that two
        # copies are never whole. A reader's document stays whole: the file's map may yet be built from it.
        let_go = source_document is not self.imported.document
        # What the reader vouches for in its document (see `Imported.vouched`), entry by entry.
        vouched = None if let_go else self.imported.vouched
        total = len(source_nodes)
        # The kinds under the file's root, which choose the root's own kind (read before entries go).
        top_kinds = (
            [] if self.merge_by_path or report.root_left_out else self.top_kinds(source_nodes[0], source_parents)
        )
        notes = urls = attributes = 0
        internal: list[int] = []  # where the nodes with an internal link are in NODES
        named_elsewhere: list[tuple[str, str]] = []  # new organisations, and the map's of the same name
        for done, entry in enumerate(source_nodes):
            assert entry is not None
            if let_go:
                source_nodes[done] = None
            if progress and done % 256 == 0:
                progress(done, total)
            node_id = entry["id"]
            source_parent = source_parents.get(node_id)
            if source_parent is None:
                if self.merge_by_path or report.root_left_out:
                    mapping[node_id] = self.parent  # the file's root stands for the node imported under
                    continue
                kind = _stand_in(target, self.parent, top_kinds)
                new_parent = self.parent
            else:
                kind = wanted.get(node_id, entry["kind"])
                new_parent = mapping[source_parent]
                if self.merge_by_path:
                    same = self.child_labelled(new_parent, entry["label"])
                    warning = ""
                    if same is None and kind == "channel":
                        same = self.channel_linked(new_parent, entry)
                        if same == new_parent:
                            warning = (
                                f"{quoted(self.display_path(same))} has the link of the file's "
                                f"{quoted(entry['label'])} as its own already: not added as a channel"
                            )
                        elif same is not None:
                            warning = (
                                f"{quoted(self.display_path(same))} has the link of the file's "
                                f"{quoted(entry['label'])} already: kept it as it is"
                            )
                    if same is not None:
                        mapping[node_id] = same
                        warning = warning or self.kept_as_it_is(same, entry, kind)
                        if warning:
                            report.warnings.append(warning)
                        continue
                    refuse_implied_sector(
                        self.imported, node_id, kind, self.kind(new_parent), self.display_path(new_parent)
                    )
            try:
                new = self.entry(
                    entry, kind, new_parent, taken, known + len(nodes), stamp, vouched is not None and vouched[done]
                )
            except RuleError as error:
                advice = ""
                if self.merge_by_path and new_parent == self.parent and kind == "organisation":
                    # A sheet without a Sector column, or a form's path without its sector, imported under the root.
                    advice = (
                        "; import it --under a sector, or give each row its sector (a Sector column, or in the path)"
                    )
                raise RuleError(
                    f"cannot import {quoted(self.imported.mindmap.display_path(node_id))} "
                    f"under {quoted(self.display_path(new_parent))}: {error}{advice}"
                ) from None
            if new is not entry and new == entry:
                # Nothing to change: share the source's entry (maps copy before changing one) rather than
                # keep two copies of every node of a big import.
                new = entry
            new_id = new["id"]
            taken.add(new_id)
            mapping[node_id] = new_id
            nodes.append(new)
            edges.append({"source": new_parent, "target": new_id})
            new_parents[new_id] = new_parent
            new_entries[new_id] = new
            # Counted here rather than in a pass of their own (the internal links below keep what is counted).
            notes += "note" in new
            if "url" in new:
                urls += 1
                if new["url"].startswith("#"):
                    internal.append(len(nodes) - 1)
            attributes += len(new.get("attributes", ()))
            if self.merge_by_path and new_parent == target.root:
                report.new_top.append((new["kind"], new["label"]))
            elif self.merge_by_path and new["kind"] == "sector" and new_parent not in new_entries:
                # A new sector inside one the map has ('Arts/Musci'): a typo there makes a sector as silently.
                report.new_top.append((new["kind"], self.display_path(new_id)))
            if self.merge_by_path:
                self.labelled[new_id] = {}
                self.children_labelled(new_parent).setdefault(label_key(new["label"]), new_id)
                if new["kind"] == "organisation":
                    elsewhere = self.organisation_named(new["label"])
                    if elsewhere is not None:
                        named_elsewhere.append((new_id, elsewhere))
            if source_parent is None:
                report.top = new_id
        # An internal link ('#<id>', as FreeMind's LINK="#ID_x" imports) follows its node to its new id.
        for index in internal:
            new = nodes[index]
            url = new["url"]
            if url.startswith("#") and mapping.get(url[1:], url[1:]) != url[1:]:
                nodes[index] = {**new, "url": "#" + mapping[url[1:]]}  # a copy: it may be shared
        crosslinks = self.link(source_document["crosslinks"], mapping)
        if named_elsewhere:
            report.warnings.append(self.named_elsewhere_warning(named_elsewhere))
        if progress:
            progress(total, total)
        report.nodes += len(nodes)
        report.notes += notes
        report.urls += urls
        report.attributes += attributes
        return nodes, edges, crosslinks

    def entry(
        self,
        entry: dict[str, Any],
        kind: str,
        parent: str,
        taken: set[str],
        count: int,
        stamp: str,
        vouched: bool = False,
    ) -> dict[str, Any]:
        """Return the document entry of the source node ENTRY as KIND under PARENT, checked as `MindMap.add` does.

        VOUCHED: the reader vouches that ENTRY is what node_entry makes of its own fields (`Imported.vouched`).
        """
        if kind not in ALLOWED_PARENTS:
            kind = normalise_kind(kind)
        if kind == "root":
            raise RuleError("a map has exactly one root; add a sector, organisation, channel or topic")
        above = self.new_entries.get(parent)
        parent_kind = above["kind"] if above is not None else self.target.kind(parent)
        if parent_kind not in ALLOWED_PARENTS[kind]:
            self.target.check_placement(kind, parent_kind)
        label = entry["label"]
        node_id = entry["id"]
        if node_id in taken:
            self.report.copies += node_id in self.target
            # The seed text is the one `MindMap.add` uses, so ids stay reproducible under MINDMAP_ID_SEED.
            node_id = new_id(taken, f"{parent}\0{kind}\0{label}\0{count}")
        url = had_url = entry.get("url", "")
        if url:
            url = self.report.stored_url(url, kind, entry.get("platform", ""))
        platform, handle = entry.get("platform", ""), entry.get("handle", "")
        if kind == "channel" and url and not platform:
            platform, handle = _channel_fields(kind, url, platform, handle)
        elif (
            node_id == entry["id"]
            and kind == entry["kind"]
            and url == had_url
            and (vouched and (not self.by or "added_by" in entry) or stored_as_is(entry, self.by))
        ):
            return entry  # what node_entry would make of it: the entry itself, shared (the common case)
        return node_entry(
            node_id,
            kind,
            label,
            note=entry.get("note", ""),
            url=url,
            platform=platform,
            handle=handle,
            by=entry.get("added_by") or self.by,
            color=entry.get("color", ""),
            added_at=entry.get("added_at") or stamp,
            modified_at=entry.get("modified_at", ""),
            attributes=entry.get("attributes"),
            folded=bool(entry.get("folded")),
        )

    def link(self, crosslinks: list[dict[str, str]], mapping: dict[str, str]) -> list[dict[str, str]]:
        """Return the target's cross-links and the source's CROSSLINKS between the nodes they now join.

        A link the target has already keeps its place, with the new label.
        """
        joined: dict[tuple[str, str], dict[str, str]] = {}
        for known in self.target.links():
            item = {"source": known.source, "target": known.target}
            if known.label:
                item["label"] = known.label
            joined[(known.source, known.target)] = item
        for link in crosslinks:
            start, end = mapping[link["source"]], mapping[link["target"]]
            if start == end:
                continue
            label = checked(link.get("label", ""), "link label")
            item = {"source": start, "target": end}
            if label:
                item["label"] = label
            joined[(start, end)] = item
            self.report.cross_links += 1
        return list(joined.values())

    def top_kinds(self, root: dict[str, Any] | None, parents: dict[str, str]) -> list[str]:
        """Return the kinds that the children of the file's ROOT (its entry) will have, in no order.

        PARENTS maps each node of the file to its parent.
        """
        assert root is not None
        root_id = root["id"]
        return [
            self.wanted.get(entry["id"], entry["kind"])
            for entry in self.document["graph"]["nodes"]
            if parents.get(entry["id"]) == root_id
        ]

    def kind(self, node_id: str) -> str:
        """Return the kind of NODE_ID, a new node or one of the target."""
        above = self.new_entries.get(node_id)
        return above["kind"] if above is not None else self.target.kind(node_id)

    def display_path(self, node_id: str) -> str:
        """Return NODE_ID's path for people to read, as it will be in the map once imported."""
        parts = []
        while node_id in self.new_parents:
            parts.append(escape_path_part(self.new_entries[node_id]["label"]))
            node_id = self.new_parents[node_id]
        above = self.target.path(node_id)
        parts.extend([above] if above else [])
        return "/".join(reversed(parts)) or self.target.label(node_id)

    def organisation_named(self, label: str) -> str | None:
        """Return an organisation of the target with the name LABEL (as `check` compares names), or None."""
        from mindmap.checks import name_key

        if self.organisations is None:
            target = self.target
            self.organisations = {}
            for node_id in target.ids():
                if target.kind(node_id) == "organisation":
                    self.organisations.setdefault(name_key(target.label(node_id)), node_id)
        return self.organisations.get(name_key(label))

    def named_elsewhere_warning(self, pairs: list[tuple[str, str]], shown: int = 3) -> str:
        """Return the warning for new organisations (new id, the map's one) named as ones the map has elsewhere."""
        # A reader's row with an old sector name ('Media/Leicester Mercury' after 'Media' became 'Media and
        # community radio') made a second organisation, and only a later `check` said so.
        listed = "; ".join(
            f"{quoted(self.display_path(new))} (the map's: {quoted(self.display_path(old))})"
            for new, old in pairs[:shown]
        )
        more = f"; and {len(pairs) - shown:,} more" if len(pairs) > shown else ""
        # Under the same parent, a new spelling ('Derby County F.C.' beside 'Derby County FC') is no 'elsewhere'.
        where = " elsewhere" if all(self.new_parents[new] != self.target.parent(old) for new, old in pairs) else ""
        return (
            f"{counted(len(pairs), 'new organisations')} named as {'one' if len(pairs) == 1 else 'ones'} the map has"
            f"{where}: {listed}{more}; "
            "if they are one, give the rows the map's paths, or make them one after the import "
            "(`mindmap check` gives the `mindmap combine` for each)"
        )

    def children_labelled(self, node_id: str) -> dict[str, str]:
        """Return label_key -> first child of NODE_ID with it (for a merge by path)."""
        table = self.labelled.get(node_id)
        if table is None:
            table = {}
            for kid in self.target.children(node_id):
                table.setdefault(label_key(self.target.label(kid)), kid)
            self.labelled[node_id] = table
        return table

    def kept_as_it_is(self, same: str, entry: dict[str, Any], kind: str) -> str:
        """Return the warning for the file's node ENTRY (of KIND), found in the map as SAME: its note and link stay out.

        Empty when the map holds what the file says already.
        """
        held = self.target.node(same) if same in self.target else None
        left = " and ".join(
            name
            for name, key in (("note", "note"), ("link", "url"))
            if entry.get(key) and (held is None or not _same_text(key, entry[key], getattr(held, key)))
        )
        if not left:
            return ""
        path = self.display_path(same)
        warning = f"{quoted(path)} is already in the map; kept it as it is, without the file's {left}"
        if kind == "channel" and entry.get("url") and self.kind(same) == "organisation":
            # A form row with an organisation's path and its channel's link ('Education/Sheffield College' and a
            # Facebook page): the channel needs a label of its own below the organisation.
            from mindmap.channels import platform_name

            platform = _channel_fields(kind, entry["url"], entry.get("platform", ""), "")[0]
            label = platform_name(platform) if platform else "Website"
            warning += f" (for a channel of it, give the channel a path of its own: {quoted(path + '/' + label)})"
        return warning

    def channel_linked(self, node_id: str, entry: dict[str, Any]) -> str | None:
        """Return the channel of NODE_ID in the target that has the link of the file's channel ENTRY, or None."""
        # A merge finds nodes by label, but a channel added by hand may be labelled otherwise ('Twitter'): its
        # link still tells that the file's channel is in the map already. NODE_ID itself when the link is the
        # organisation's own website (a sheet's Website column): a channel with it would say the same thing
        # twice. Not a social account given as the organisation's link: only a channel shows it in stats.
        url = entry.get("url", "")
        if not url or node_id not in self.target:
            return None
        from mindmap.channels import channel_keys

        table = self.linked.get(node_id)
        if table is None:
            table = {}
            own = self.target.node(node_id)
            if own.kind == "organisation" and own.url and _site_link(own.url):
                table.update(dict.fromkeys(channel_keys(own.url), node_id))
            for kid in self.target.children(node_id):
                node = self.target.node(kid)
                if node.kind == "channel" and node.url:
                    for key in channel_keys(node.url, node.platform, node.handle):
                        table.setdefault(key, kid)
            self.linked[node_id] = table
        keys = channel_keys(url, entry.get("platform", ""), entry.get("handle", ""))
        return next((table[key] for key in keys if key in table), None)

    def child_labelled(self, node_id: str, label: str) -> str | None:
        """Return the first child of NODE_ID labelled LABEL (case and runs of white space aside), or None."""
        return self.children_labelled(node_id).get(label_key(label))


def _site_link(url: str) -> bool:
    """Return whether URL is a website's or a blog's address (not an account on a platform, nor faulty)."""
    from mindmap.channels import recognise

    try:
        return recognise(url).platform in ("website", "blog")
    except MindmapError:
        return False


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


def _same_text(key: str, given: str, held: str) -> bool:
    """Return whether a file's note or link (KEY 'note' or 'url') GIVEN says what the map's HELD says."""
    if given == held or key != "url" or not held:
        return given == held
    from mindmap.channels import channel_keys

    # 'https://twitter.com/derbyquad' is the channel the map holds as '.../DerbyQuad': no link is left out.
    return bool(channel_keys(given) & channel_keys(held))


def _stand_in(mindmap: MindMap, parent: str, child_kinds: list[str]) -> str:
    """Return the kind the file's root takes under PARENT so that its children's kinds still fit."""
    parent_kind = mindmap.kind(parent)
    for kind in ROOT_STAND_INS:
        if parent_kind in ALLOWED_PARENTS[kind] and all(kind in ALLOWED_PARENTS[k] for k in child_kinds):
            return kind
    kinds = sorted(set(child_kinds) - {"topic"})
    if not any(parent_kind in allowed for allowed in ALLOWED_PARENTS.values()):
        raise RuleError(
            f"cannot import under {quoted(mindmap.display_path(parent))}: "
            f"nothing can go under {with_article(parent_kind)}; import under another node"
        )
    raise RuleError(
        f"cannot import under {quoted(mindmap.display_path(parent))} ({with_article(parent_kind)}): "
        f"the file's top level holds {' and '.join(k + 's' for k in kinds)}, which need a place higher up; "
        "import under another node"
    )


def same_label(first: str, second: str) -> bool:
    """Return whether two labels are the same to a reader: case and runs of white space aside."""
    return label_key(first) == label_key(second)


def _root_fields_left_out(root: dict[str, Any], target: MindMap, parent: str) -> list[str]:
    """Return a warning for each field of the file's root (entry ROOT), left out of the import, that PARENT lacks."""
    has = target.node(parent)
    fields = [name for name in ("note", "url") if root.get(name) and root.get(name) != getattr(has, name)]
    if root.get("attributes") and root["attributes"] != has.attributes:
        fields.append("attributes")
    if not fields:
        return []
    return [
        f"the file's root {root['label']!r} stands for {quoted(target.display_path(parent))}: its "
        f"{' and '.join(fields)} were not imported (the node keeps its own)"
    ]


def file_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of the file at PATH, or raise FormatError saying why it cannot be read."""
    if not isinstance(path, (str, os.PathLike)):
        raise FormatError(f"name the file to read as a path or text, not {type(path).__name__}")
    if "\0" in str(path):  # read_bytes() would raise ValueError
        raise FormatError(f"no file {str(path)!r}: a file name cannot hold a NUL character")
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise FormatError(f"no file {str(path)!r}") from None
    except IsADirectoryError:
        raise FormatError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror}") from None


def read_file(
    path: str | os.PathLike[str], format_name: str | None = None, *, force: bool = False
) -> tuple[Format, Imported]:
    """Return the format of the file at PATH (FORMAT_NAME, else its extension, else its content) and what it holds.

    FORCE keeps what people typed that the reader would refuse as `add` does without --force (faulty links).
    """
    # The bytes are handed over, not kept here: a reader done with them (the .mm one, once parsed) frees
    # them while it builds the map, and a big file is tens of megabytes.
    return _read_handed([file_bytes(path)], str(path), format_name, force)


def read_data(
    data: bytes, name: str, format_name: str | None = None, *, force: bool = False
) -> tuple[Format, Imported]:
    """Return the format of DATA (FORMAT_NAME, else NAME's extension, else the content) and what it holds.

    NAME is where the bytes came from ('-' for standard input), for the messages; FORCE as for read_file.
    """
    if not isinstance(name, str):
        raise FormatError(f"name where the bytes came from as text ('-': standard input), not {type(name).__name__}")
    if not isinstance(data, bytes):
        raise FormatError(f"{name}: give the file's bytes (read_file reads a file), not {type(data).__name__}")
    handed = [data]
    del data
    return _read_handed(handed, name, format_name, force)


def _read_handed(handed: list[bytes], name: str, format_name: str | None, force: bool) -> tuple[Format, Imported]:
    fmt = choose_format(name, handed[0], format_name)
    if fmt.read is None:
        raise FormatError(f"mindmap cannot read {fmt.name} files; it imports: {importable()}")
    reader = fmt.read_forced if force and fmt.read_forced is not None else fmt.read
    try:
        imported = reader(handed.pop())
    except ConflictMarkersError as error:
        if name == "-":
            raise ConflictMarkersError(error.line, piped=True) from None
        # As for the map itself (store.MapFile.load): the advice names the file, ready to paste.
        raise MapFileError(f"{name}: {ConflictMarkersError(error.line, shlex.quote(name))}") from None
    if name != "-":
        name_untitled_root(imported, name)  # 'Contributions' says less than the file's own name
    return fmt, imported


def import_file(
    mindmap: MindMap,
    path: str | os.PathLike[str],
    under: str | None = None,
    *,
    format_name: str | None = None,
    by: str = "",
    kinds: str = "keep",
    root: str = "auto",
    force: bool = False,
) -> ImportReport:
    """Import the file at PATH into MINDMAP under UNDER (a NODE; default: the root), all or nothing; say what came.

    As `mindmap import` does (see import_into for KINDS and ROOT; FORCE keeps a form's faulty links, as
    `import --force`): on any error MINDMAP is left as it was.
    """
    fmt, imported = read_file(path, format_name, force=force)
    parent = mindmap.resolve(under) if under is not None else None
    staged, report = import_into(mindmap, imported, parent, by=by, kinds=kinds, root=root, release=True)
    mindmap.replace_with(staged)
    return report

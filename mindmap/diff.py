"""Semantic diff of two maps by node id: what was added, removed, moved, renamed or changed."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from mindmap.errors import MapFileError, MindmapError
from mindmap.model import MindMap, escape_path_part, field_word, paused_gc

# The node fields compared one by one (the label is reported as a rename, the parent as a move).
COMPARED_FIELDS = ("kind", "note", "url", "platform", "handle", "color", "folded", "added_by", "added_at")


@dataclass
class Indexed:
    """A map document taken apart: node entries by id, each node's parent, and each parent's children."""

    meta: dict[str, Any]
    nodes: MutableMapping[str, dict[str, Any]]
    parent: dict[str, str]
    children: dict[str, list[str]]
    links: dict[tuple[str, str], str]
    root: str | None

    def ids(self) -> list[str]:
        """Return every node id in pre-order from the root."""
        ids: list[str] = []
        stack = [] if self.root is None else [self.root]
        while stack:
            node_id = stack.pop()
            ids.append(node_id)
            stack.extend(reversed(self.children.get(node_id, [])))
        return ids

    def display_path(self, node_id: str) -> str:
        """Return NODE_ID's path for people to read (as MindMap.display_path says it), the root shown by its label."""
        parts = []
        current = node_id
        while current != self.root:
            parts.append(escape_path_part(self.nodes[current]["label"]))
            current = self.parent[current]
        return "/".join(reversed(parts)) or str(self.nodes[node_id]["label"])

    def to_document(self) -> dict[str, Any]:
        """Return the map document, nodes and edges in pre-order from the root."""
        from mindmap.model import FORMAT_NAME, SCHEMA_VERSION

        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, str]] = []
        if self.root is not None:
            stack = [self.root]
            while stack:
                node_id = stack.pop()
                nodes.append({"id": node_id, **self.nodes[node_id]})
                kids = self.children.get(node_id, [])
                edges.extend({"source": node_id, "target": kid} for kid in kids)
                stack.extend(reversed(kids))
        crosslinks = []
        for (source, target), label in sorted(self.links.items()):
            item = {"source": source, "target": target}
            if label:
                item["label"] = label
            crosslinks.append(item)
        return {
            "format": FORMAT_NAME,
            "schema": SCHEMA_VERSION,
            "meta": self.meta,
            "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
            "crosslinks": crosslinks,
        }


def index_document(doc: dict[str, Any], *, bare: bool = True) -> Indexed:
    """Return DOC (a valid map document) taken apart by node id, entries without their id unless BARE is false."""
    nodes: dict[str, dict[str, Any]] = {}
    root = None
    for entry in doc["graph"]["nodes"]:
        data = entry
        if bare:
            data = entry.copy()
            del data["id"]
        nodes[entry["id"]] = data
        if data.get("kind") == "root":
            root = entry["id"]
    parent: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    for edge in doc["graph"]["edges"]:
        parent[edge["target"]] = edge["source"]
        children.setdefault(edge["source"], []).append(edge["target"])
    links = {(item["source"], item["target"]): item.get("label", "") for item in doc.get("crosslinks", [])}
    return Indexed(dict(doc.get("meta", {})), nodes, parent, children, links, root)


class PackedNodes(MutableMapping[str, dict[str, Any]]):
    """Node entries by id, each kept as marshal bytes (a third of the memory of dicts) and decoded when read."""

    # marshal: the quickest compact copy of plain dicts, texts and booleans within one process (never stored).
    def __init__(self, nodes: MutableMapping[str, dict[str, Any]]) -> None:
        self._packed = {node_id: marshal.dumps(entry) for node_id, entry in nodes.items()}

    def __getitem__(self, node_id: str) -> dict[str, Any]:
        return marshal.loads(self._packed[node_id])  # type: ignore[no-any-return]

    def __setitem__(self, node_id: str, entry: dict[str, Any]) -> None:
        self._packed[node_id] = marshal.dumps(entry)

    def __delitem__(self, node_id: str) -> None:
        del self._packed[node_id]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._packed  # without decoding the entry, as Mapping's own would

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def read_index(read: Callable[[], bytes], where: str, *, pack: bool = False) -> Indexed:
    """Return the map that READ returns, checked as loading checks it, indexed without its graph or bytes."""
    # With PACK the entries are kept packed: for the map that is held while the other is read. A fault raises
    # MapFileError starting with WHERE.
    from mindmap.formats import json_map

    data = read()
    with paused_gc():
        try:
            document = json_map.loads(data)
            del data  # as big as the map, and no longer needed: free it before the map is checked
            # Checked by building the map, which is dropped at once: diff needs only the entries and edges.
            meta = MindMap.from_document(document, adopt=True).meta.to_dict()
        except MindmapError as error:
            raise MapFileError(f"{where}: {error}") from None
        indexed = index_document(document, bare=False)
        del document
        indexed.meta = meta
        if pack:
            indexed.nodes = PackedNodes(indexed.nodes)
    return indexed


@dataclass
class MapDiff:
    """The differences between an old and a new map, in a stable JSON shape and as text for people."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    reordered: list[dict[str, Any]] = field(default_factory=list)
    links_added: list[dict[str, Any]] = field(default_factory=list)
    links_removed: list[dict[str, Any]] = field(default_factory=list)
    links_changed: list[dict[str, Any]] = field(default_factory=list)
    meta: list[dict[str, Any]] = field(default_factory=list)

    SECTIONS = (
        "added",
        "removed",
        "moved",
        "renamed",
        "changed",
        "reordered",
        "links_added",
        "links_removed",
        "links_changed",
        "meta",
    )

    @property
    def equal(self) -> bool:
        """Return whether the two maps hold the same content."""
        return not any(getattr(self, name) for name in self.SECTIONS)

    def to_json(self) -> dict[str, Any]:
        """Return the diff as a JSON-ready dict with every section present (empty lists when unchanged)."""
        out: dict[str, Any] = {"equal": self.equal}
        for name in self.SECTIONS:
            out[name] = getattr(self, name)
        return out

    def node_ids(self) -> list[str]:
        """Return the ids of the nodes the diff mentions, in order of first mention."""
        seen: dict[str, None] = {}
        for name in ("added", "removed", "moved", "renamed", "changed"):
            for item in getattr(self, name):
                seen.setdefault(item["id"], None)
        return list(seen)

    def lines(self) -> list[str]:
        """Return one line per change, for people to read."""
        out = []
        for item in self.added:
            out.append(f"+ added {item['kind']} {item['label']!r} at {item['path']} [{item['id']}]")
        for item in self.removed:
            out.append(f"- removed {item['kind']} {item['label']!r} from {item['path']} [{item['id']}]")
        for item in self.moved:
            # Two parents can have the same path (say, two organisations of one name before `combine`).
            same = " (under another node of that path)" if item["from"] == item["to"] else ""
            out.append(f"> moved {item['label']!r}: {item['from']} -> {item['to']}{same} [{item['id']}]")
        for item in self.renamed:
            out.append(f"~ renamed {item['from']!r} -> {item['to']!r} at {item['path']} [{item['id']}]")
        for item in self.changed:
            out.append(
                f"~ changed {field_word(item['field'])} of {item['path']}: "
                f"{_shown(item['old'])} -> {_shown(item['new'])} [{item['id']}]"
            )
        for item in self.reordered:
            out.append(f"~ reordered the children of {item['path']} [{item['id']}]")
        for item in self.links_added:
            out.append(f"+ link {item['source_path']} -> {item['target_path']}{_label(item['label'])}")
        for item in self.links_removed:
            out.append(f"- link {item['source_path']} -> {item['target_path']}{_label(item['label'])}")
        for item in self.links_changed:
            out.append(
                f"~ link {item['source_path']} -> {item['target_path']}: label {_shown(item['old'])} -> "
                f"{_shown(item['new'])}"
            )
        for item in self.meta:
            out.append(f"~ map {item['field']}: {_shown(item['old'])} -> {_shown(item['new'])}")
        return out

    def text(self) -> str:
        """Return the diff as text, one change a line, or a line saying the maps are the same."""
        lines = self.lines()
        return "\n".join(lines) + "\n" if lines else "The maps have the same content.\n"


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        # The map's authors: each name as every other text is shown, not Python's list inside quotes.
        return ", ".join(_shown(item) for item in value)
    text = str(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


def _label(label: str) -> str:
    return f" ({label})" if label else ""


def diff_maps(old: MindMap, new: MindMap) -> MapDiff:
    """Return what changed from OLD to NEW, matching nodes by id."""
    # The maps' own entries (their id included), read only: copies of two big maps cost as much as the maps.
    return diff_indexed(
        index_document(old.to_document(fresh=False), bare=False),
        index_document(new.to_document(fresh=False), bare=False),
    )


def _match_roots(before: Indexed, after: Indexed) -> None:
    """Let AFTER's root stand for BEFORE's, whatever its id: a map has one root."""
    # Maps made apart, or that went through a format that keeps no root id (OPML's head, a CSV), would
    # otherwise show their roots as one removed and one added, and every top-level node as moved.
    old, new = before.root, after.root
    if old is None or new is None or old == new or old in after.nodes:
        return
    after.nodes[old] = after.nodes.pop(new)
    kids = after.children.pop(new, [])
    after.children[old] = kids
    for kid in kids:
        after.parent[kid] = old
    after.links = {
        (old if source == new else source, old if target == new else target): label
        for (source, target), label in after.links.items()
    }
    after.root = old


def diff_indexed(before: Indexed, after: Indexed) -> MapDiff:
    """Return what changed from the map BEFORE to the map AFTER (both valid and indexed), matching nodes by id.

    The two roots are matched whatever their ids (AFTER's index is changed to say so).
    """
    _match_roots(before, after)
    out = MapDiff()
    # Pre-order, as the maps' documents list their nodes.
    new_ids, old_ids = after.ids(), before.ids()
    # As sets, for quick membership tests (packed entries answer them in Python, not C).
    new_known, old_known = set(new_ids), set(old_ids)
    for node_id in new_ids:
        if node_id not in old_known:
            node = after.nodes[node_id]
            out.added.append(
                {"id": node_id, "kind": node["kind"], "label": node["label"], "path": after.display_path(node_id)}
            )
    for node_id in old_ids:
        if node_id not in new_known:
            node = before.nodes[node_id]
            out.removed.append(
                {"id": node_id, "kind": node["kind"], "label": node["label"], "path": before.display_path(node_id)}
            )
    for node_id in new_ids:
        if node_id not in old_known:
            continue
        was, now = before.nodes[node_id], after.nodes[node_id]
        old_kids, new_kids = before.children.get(node_id, []), after.children.get(node_id, [])
        if was == now and old_kids == new_kids and before.parent.get(node_id) == after.parent.get(node_id):
            continue  # the common case, and quick on big maps
        if before.parent.get(node_id) != after.parent.get(node_id):
            out.moved.append(
                {
                    "id": node_id,
                    "label": now["label"],
                    "from": before.display_path(node_id),
                    "to": after.display_path(node_id),
                }
            )
        if was["label"] != now["label"]:
            out.renamed.append(
                {"id": node_id, "from": was["label"], "to": now["label"], "path": after.display_path(node_id)}
            )
        reported = len(out.changed)
        for name in COMPARED_FIELDS:
            if was.get(name, _default(name)) != now.get(name, _default(name)):
                out.changed.append(
                    {
                        "id": node_id,
                        "path": after.display_path(node_id),
                        "field": name,
                        "old": was.get(name, _default(name)),
                        "new": now.get(name, _default(name)),
                    }
                )
        old_attrs, new_attrs = was.get("attributes", {}), now.get("attributes", {})
        for key in sorted(set(old_attrs) | set(new_attrs)):
            if old_attrs.get(key) != new_attrs.get(key):
                out.changed.append(
                    {
                        "id": node_id,
                        "path": after.display_path(node_id),
                        "field": f"attribute {key}",
                        "old": old_attrs.get(key),
                        "new": new_attrs.get(key),
                    }
                )
        # A move or a rename stamps the node too: the line saying so is enough.
        moved = before.parent.get(node_id) != after.parent.get(node_id)
        touched = len(out.changed) > reported or was["label"] != now["label"] or moved
        if not touched and was.get("modified_at", "") != now.get("modified_at", ""):
            # Only the time stamp moved: still a difference, so say so rather than claim equality.
            out.changed.append(
                {
                    "id": node_id,
                    "path": after.display_path(node_id),
                    "field": "modified_at",
                    "old": was.get("modified_at", ""),
                    "new": now.get("modified_at", ""),
                }
            )
        common_before = [kid for kid in old_kids if after.parent.get(kid) == node_id]
        common_after = [kid for kid in new_kids if before.parent.get(kid) == node_id]
        if common_before != common_after:
            out.reordered.append({"id": node_id, "path": after.display_path(node_id)})
    for key in sorted(set(before.links) | set(after.links)):
        source, target = key
        if key not in before.links:
            out.links_added.append(_link(after, source, target, after.links[key]))
        elif key not in after.links:
            out.links_removed.append(_link(before, source, target, before.links[key]))
        elif before.links[key] != after.links[key]:
            item = _link(after, source, target, after.links[key])
            item.update(old=before.links[key], new=after.links[key])
            out.links_changed.append(item)
    old_meta, new_meta = before.meta, after.meta
    for name in ("title", "authors", "license", "description", "created"):
        if old_meta.get(name) != new_meta.get(name):
            out.meta.append({"field": name, "old": old_meta.get(name), "new": new_meta.get(name)})
    old_extra, new_extra = old_meta.get("extra", {}), new_meta.get("extra", {})
    for key in sorted(set(old_extra) | set(new_extra)):
        if old_extra.get(key) != new_extra.get(key):
            out.meta.append({"field": f"extra {key}", "old": old_extra.get(key), "new": new_extra.get(key)})
    return out


def _default(name: str) -> Any:
    return False if name == "folded" else ""


def _link(indexed: Indexed, source: str, target: str, label: str) -> dict[str, Any]:
    return {
        "source": source,
        "target": target,
        "label": label,
        "source_path": indexed.display_path(source),
        "target_path": indexed.display_path(target),
    }

"""Semantic diff of two maps by node id: what was added, removed, moved, renamed or changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mindmap.model import MindMap

# The node fields compared one by one (the label is reported as a rename, the parent as a move).
COMPARED_FIELDS = ("kind", "note", "url", "platform", "handle", "color", "folded", "added_by", "added_at")


@dataclass
class Indexed:
    """A map document taken apart: node entries by id, each node's parent, and each parent's children."""

    meta: dict[str, Any]
    nodes: dict[str, dict[str, Any]]
    parent: dict[str, str]
    children: dict[str, list[str]]
    links: dict[tuple[str, str], str]
    root: str | None

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
            out.append(f"> moved {item['label']!r}: {item['from']} -> {item['to']} [{item['id']}]")
        for item in self.renamed:
            out.append(f"~ renamed {item['from']!r} -> {item['to']!r} at {item['path']} [{item['id']}]")
        for item in self.changed:
            out.append(
                f"~ changed {item['field']} of {item['path']}: {_shown(item['old'])} -> {_shown(item['new'])}"
                f" [{item['id']}]"
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
    if value is None or value == "":
        return "(none)"
    text = str(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


def _label(label: str) -> str:
    return f" ({label})" if label else ""


def diff_maps(old: MindMap, new: MindMap) -> MapDiff:
    """Return what changed from OLD to NEW, matching nodes by id."""
    # Read-only use, so the maps' own entries (index_document copies what it keeps).
    old_document, new_document = old.to_document(fresh=False), new.to_document(fresh=False)
    # The entries as they are (their id included), read only: copies of two big maps cost as much as the maps.
    before, after = index_document(old_document, bare=False), index_document(new_document, bare=False)
    out = MapDiff()
    # Pre-order, as the documents list their nodes.
    new_ids = [entry["id"] for entry in new_document["graph"]["nodes"]]
    old_ids = [entry["id"] for entry in old_document["graph"]["nodes"]]
    for node_id in new_ids:
        if node_id not in before.nodes:
            node = after.nodes[node_id]
            out.added.append({"id": node_id, "kind": node["kind"], "label": node["label"], "path": _path(new, node_id)})
    for node_id in old_ids:
        if node_id not in after.nodes:
            node = before.nodes[node_id]
            out.removed.append(
                {"id": node_id, "kind": node["kind"], "label": node["label"], "path": _path(old, node_id)}
            )
    for node_id in new_ids:
        if node_id not in before.nodes:
            continue
        was, now = before.nodes[node_id], after.nodes[node_id]
        old_kids, new_kids = before.children.get(node_id, []), after.children.get(node_id, [])
        if was == now and old_kids == new_kids and before.parent.get(node_id) == after.parent.get(node_id):
            continue  # the common case, and quick on big maps
        if before.parent.get(node_id) != after.parent.get(node_id):
            out.moved.append(
                {"id": node_id, "label": now["label"], "from": _path(old, node_id), "to": _path(new, node_id)}
            )
        if was["label"] != now["label"]:
            out.renamed.append({"id": node_id, "from": was["label"], "to": now["label"], "path": _path(new, node_id)})
        reported = len(out.changed)
        for name in COMPARED_FIELDS:
            if was.get(name, _default(name)) != now.get(name, _default(name)):
                out.changed.append(
                    {
                        "id": node_id,
                        "path": _path(new, node_id),
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
                        "path": _path(new, node_id),
                        "field": f"attribute {key}",
                        "old": old_attrs.get(key),
                        "new": new_attrs.get(key),
                    }
                )
        touched = len(out.changed) > reported or was["label"] != now["label"]
        if not touched and was.get("modified_at", "") != now.get("modified_at", ""):
            # Only the time stamp moved: still a difference, so say so rather than claim equality.
            out.changed.append(
                {
                    "id": node_id,
                    "path": _path(new, node_id),
                    "field": "modified_at",
                    "old": was.get("modified_at", ""),
                    "new": now.get("modified_at", ""),
                }
            )
        common_before = [kid for kid in old_kids if after.parent.get(kid) == node_id]
        common_after = [kid for kid in new_kids if before.parent.get(kid) == node_id]
        if common_before != common_after:
            out.reordered.append({"id": node_id, "path": _path(new, node_id)})
    for key in sorted(set(before.links) | set(after.links)):
        source, target = key
        if key not in before.links:
            out.links_added.append(_link(new, source, target, after.links[key]))
        elif key not in after.links:
            out.links_removed.append(_link(old, source, target, before.links[key]))
        elif before.links[key] != after.links[key]:
            item = _link(new, source, target, after.links[key])
            item.update(old=before.links[key], new=after.links[key])
            out.links_changed.append(item)
    old_meta, new_meta = old.meta.to_dict(), new.meta.to_dict()
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


def _path(mindmap: MindMap, node_id: str) -> str:
    return mindmap.display_path(node_id)


def _link(mindmap: MindMap, source: str, target: str, label: str) -> dict[str, Any]:
    return {
        "source": source,
        "target": target,
        "label": label,
        "source_path": _path(mindmap, source),
        "target_path": _path(mindmap, target),
    }

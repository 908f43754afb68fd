"""Three-way merge of maps by node id, with conflicts resolved by rules that keep every side's data.

The rules (also in docs/collaboration.md):
- A change made on one side only is taken. The same change on both sides is taken once.
- A field changed on both sides to different values: ours is kept, theirs is recorded in the
  attribute `merge-conflict:FIELD` (attributes: `merge-conflict:attr:KEY`). `modified_at` takes the later time.
- A node moved to two different places stays where ours put it; theirs' parent path goes to
  `merge-conflict:parent`. A move of theirs that would close a cycle with a move of ours is undone the same way.
- A node removed on one side and changed (edited, moved, given new children or links) on the other is kept,
  with `merge-conflict:removed` saying which side removed it, and with what the changing side still has
  below it (a moved organisation keeps its channels). Parents of kept nodes are kept.
- A node that would break the placement rules (say a channel added under a node the other side made a topic)
  moves up to the nearest ancestor that accepts it (or becomes a topic), with `merge-conflict:parent`
  (and `merge-conflict:kind`) recording where it was meant to be.
- Children keep the order of the side that reordered them (ours when both did); the other side's new
  children go after the sibling they followed there.
- Map metadata merges key by key the same way (conflicts recorded in `meta.extra`); authors are united.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mindmap.diff import Indexed, index_document
from mindmap.errors import MapFileError
from mindmap.model import ALLOWED_PARENTS, MindMap, paused_gc

CONFLICT_PREFIX = "merge-conflict:"
_MISSING: Any = object()


@dataclass(frozen=True)
class Conflict:
    """One conflict the merge resolved by rule: what kind, on which node and field, and how."""

    kind: str  # field, attribute, move, cycle, removed, placement, link, meta, added
    node: str
    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        """Return the conflict as a JSON-ready dict."""
        return {"kind": self.kind, "node": self.node, "field": self.field, "message": self.message}


@dataclass
class MergeResult:
    """The merged map and the conflicts resolved on the way (empty when the merge was clean)."""

    mindmap: MindMap
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Return whether the merge needed no conflict rule."""
        return not self.conflicts


def merge_maps(base: MindMap | None, ours: MindMap, theirs: MindMap) -> MergeResult:
    """Return the three-way merge of OURS and THEIRS from their common BASE (None: no common base)."""
    return merge_documents(base.to_document() if base is not None else None, ours.to_document(), theirs.to_document())


def merge_documents(base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]) -> MergeResult:
    """Return the three-way merge of the valid map documents OURS and THEIRS from BASE."""
    # Merging allocates much and frees nothing cyclic: the cycle collector would only walk every node again.
    with paused_gc():
        return _Merger(
            index_document(base) if base is not None else Indexed({}, {}, {}, {}, {}, None),
            index_document(ours),
            index_document(theirs),
        ).run()


def _three_way(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """Return (merged value, conflicted) for one value; a conflict keeps ours."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _shown(value: Any) -> str:
    if value is _MISSING or value is None:
        return "(none)"
    return str(value)


class _Merger:
    def __init__(self, base: Indexed, ours: Indexed, theirs: Indexed) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.conflicts: list[Conflict] = []
        self.nodes: dict[str, dict[str, Any]] = {}
        self.parent: dict[str, str] = {}
        self.parent_from_theirs: set[str] = set()
        self.notes: dict[str, dict[str, str]] = {}  # node -> conflict attributes to add
        self.kept_removed: list[tuple[str, Indexed, int]] = []  # (node, the side that kept it, its conflict)

    def conflict(self, kind: str, node: str, name: str, message: str, record: str | None = None) -> None:
        self.conflicts.append(Conflict(kind, node, name, message))
        if record is not None and node:
            self.notes.setdefault(node, {})[CONFLICT_PREFIX + name] = record

    def label(self, node_id: str) -> str:
        for side in (self.ours, self.theirs, self.base):
            if node_id in side.nodes:
                return str(side.nodes[node_id]["label"])
        return node_id

    def path(self, side: Indexed, node_id: str) -> str:
        parts = []
        current: str | None = node_id
        seen = set()
        while current is not None and current not in seen and current in side.nodes:
            seen.add(current)
            parts.append(str(side.nodes[current]["label"]).replace("/", "\\/"))
            current = side.parent.get(current)
        if len(parts) > 1 and current is None:
            parts.pop()  # the root's label: paths read as everywhere else ('Arts/Derby QUAD'), and resolve
        return "/".join(reversed(parts))

    def path_in(self, merged: Indexed, node_id: str) -> str:
        return self.path(Indexed({}, self.nodes, self.parent, {}, {}, merged.root), node_id)

    # ------------------------------------------------------------------ steps

    def run(self) -> MergeResult:
        if self.ours.root != self.theirs.root:
            raise MapFileError("cannot merge two maps that were started separately (their roots differ)")
        self.merge_nodes()
        self.keep_subtrees()
        self.keep_needed_nodes()
        self.break_cycles()
        children = self.order_children()
        links = self.merge_links()
        meta = self.merge_meta()
        merged = Indexed(meta, self.nodes, self.parent, children, links, self.ours.root)
        self.fix_placement(merged)
        for node_id, extra in self.notes.items():
            if node_id in self.nodes:
                entry = self.nodes[node_id]
                entry["attributes"] = {**entry.get("attributes", {}), **extra}
        document = merged.to_document()
        mindmap = MindMap.from_document(document)
        return MergeResult(mindmap, self.conflicts)

    def merge_nodes(self) -> None:
        base, ours, theirs = self.base, self.ours, self.theirs
        for node_id in [*ours.nodes, *(n for n in theirs.nodes if n not in ours.nodes)]:
            in_base, in_ours, in_theirs = node_id in base.nodes, node_id in ours.nodes, node_id in theirs.nodes
            if in_ours and in_theirs:
                if in_base:
                    our_entry, their_entry = ours.nodes[node_id], theirs.nodes[node_id]
                    if their_entry == base.nodes[node_id] or our_entry == their_entry:
                        self.nodes[node_id] = dict(our_entry)  # the common case, and quick on big maps
                    elif our_entry == base.nodes[node_id]:
                        self.nodes[node_id] = dict(their_entry)
                    else:
                        self.nodes[node_id] = self.merge_fields(node_id, base.nodes[node_id])
                    self.merge_parent(node_id)
                else:
                    # Added on both sides with the same id (a copied node): ours wins where they differ.
                    self.nodes[node_id] = self.merge_fields(node_id, {})
                    self.merge_parent(node_id)
            elif in_ours or in_theirs:
                side = ours if in_ours else theirs
                if in_base and self.unchanged(side, node_id):
                    continue  # removed on the other side, untouched here: removed
                self.nodes[node_id] = dict(side.nodes[node_id])
                if node_id in side.parent:
                    self.parent[node_id] = side.parent[node_id]
                    if not in_ours:
                        self.parent_from_theirs.add(node_id)
                if in_base:
                    remover = "theirs" if in_ours else "ours"
                    self.kept_removed.append((node_id, side, len(self.conflicts)))
                    self.conflict(
                        "removed",
                        node_id,
                        "removed",
                        f"{self.path(side, node_id)!r} was removed by {remover} but changed by the other side; kept",
                        f"removed by {remover}, changed by the other side",
                    )

    def keep_subtrees(self) -> None:
        """Keep below each removed node that the other side changed what that side still has under it."""
        # Removing a node removes its subtree: the side that kept the node (moved it, say) kept it whole.
        for node_id, side, index in self.kept_removed:
            kept = 0
            stack = list(side.children.get(node_id, []))
            while stack:
                child = stack.pop()
                if child in self.nodes:
                    continue  # on both sides, or kept by a change of its own: placed by its own rule
                self.nodes[child] = dict(side.nodes[child])
                self.parent[child] = side.parent[child]
                if side is self.theirs:
                    self.parent_from_theirs.add(child)
                kept += 1
                stack.extend(side.children.get(child, []))
            if kept:
                conflict = self.conflicts[index]
                below = "1 node" if kept == 1 else f"{kept:,} nodes"
                # Only the nodes the remover took away: the other side's new children are below it as well.
                remover = "theirs" if side is self.ours else "ours"
                message = (
                    conflict.message.removesuffix("; kept") + f"; kept with the {below} below it that {remover} removed"
                )
                self.conflicts[index] = Conflict(conflict.kind, conflict.node, conflict.field, message)

    def unchanged(self, side: Indexed, node_id: str) -> bool:
        return (
            side.nodes[node_id] == self.base.nodes[node_id]
            and side.parent.get(node_id) == self.base.parent.get(node_id)
            and not self.new_links(side, node_id)
            and not self.new_children(side, node_id)
        )

    def new_children(self, side: Indexed, node_id: str) -> bool:
        # A child added or moved under the node on SIDE is a change to it, as an edit is: it keeps its subtree.
        return any(self.base.parent.get(child) != node_id for child in side.children.get(node_id, []))

    def new_links(self, side: Indexed, node_id: str) -> bool:
        return any(node_id in key and self.base.links.get(key, _MISSING) != label for key, label in side.links.items())

    def merge_fields(self, node_id: str, base_entry: dict[str, Any]) -> dict[str, Any]:
        ours, theirs = self.ours.nodes[node_id], self.theirs.nodes[node_id]
        merged: dict[str, Any] = {}
        for name in sorted((set(base_entry) | set(ours) | set(theirs)) - {"attributes"}):
            values = (base_entry.get(name, _MISSING), ours.get(name, _MISSING), theirs.get(name, _MISSING))
            if name == "modified_at":
                present = [v for v in values[1:] if v is not _MISSING]
                if present:
                    merged[name] = max(present)
                continue
            value, conflicted = _three_way(*values)
            if conflicted:
                self.conflict(
                    "field",
                    node_id,
                    name,
                    f"{name} of {self.path(self.ours, node_id)!r} changed on both sides: kept ours "
                    f"{_shown(values[1])!r}, theirs {_shown(values[2])!r} recorded",
                    _shown(values[2]),
                )
            if value is not _MISSING:
                merged[name] = value
        attributes: dict[str, str] = {}
        base_attrs = base_entry.get("attributes", {})
        our_attrs, their_attrs = ours.get("attributes", {}), theirs.get("attributes", {})
        for key in [*our_attrs, *(k for k in their_attrs if k not in our_attrs), *base_attrs]:
            if key in attributes:
                continue
            values = (base_attrs.get(key, _MISSING), our_attrs.get(key, _MISSING), their_attrs.get(key, _MISSING))
            value, conflicted = _three_way(*values)
            if conflicted:
                self.conflict(
                    "attribute",
                    node_id,
                    f"attr:{key}",
                    f"attribute {key!r} of {self.path(self.ours, node_id)!r} changed on both sides: kept ours "
                    f"{_shown(values[1])!r}, theirs {_shown(values[2])!r} recorded",
                    _shown(values[2]),
                )
            if value is not _MISSING:
                attributes[key] = value
        if attributes:
            merged["attributes"] = attributes
        return merged

    def merge_parent(self, node_id: str) -> None:
        if node_id == self.ours.root:
            return
        base = self.base.parent.get(node_id, _MISSING)
        ours, theirs = self.ours.parent[node_id], self.theirs.parent[node_id]
        value, conflicted = _three_way(base, ours, theirs)
        self.parent[node_id] = value
        if value != ours:
            self.parent_from_theirs.add(node_id)
        if conflicted:
            self.conflict(
                "move",
                node_id,
                "parent",
                f"{self.label(node_id)!r} was moved on both sides: kept ours under "
                f"{self.path(self.ours, ours)!r}, theirs under {self.path(self.theirs, theirs)!r} recorded",
                self.path(self.theirs, theirs),
            )

    def keep_needed_nodes(self) -> None:
        """Bring back removed nodes that a kept node or a new link still needs, as conflicts."""
        needed = list(self.parent.values())
        for side in (self.ours, self.theirs):
            for key, label in side.links.items():
                if self.base.links.get(key, _MISSING) != label:
                    needed.extend(key)
        while needed:
            node_id = needed.pop()
            if node_id in self.nodes:
                continue
            # Removed on one side only (both sides removing it leaves nothing that needs it, but be safe).
            side = self.ours if node_id in self.ours.nodes else self.theirs
            if node_id not in side.nodes:
                side = self.base
            remover = "theirs" if side is self.ours else "ours"
            self.nodes[node_id] = dict(side.nodes[node_id])
            if node_id in side.parent:
                self.parent[node_id] = side.parent[node_id]
                if side is not self.ours:
                    self.parent_from_theirs.add(node_id)
                needed.append(side.parent[node_id])
            self.conflict(
                "removed",
                node_id,
                "removed",
                f"{self.path(side, node_id)!r} was removed by {remover} but the other side added to it; kept",
                f"removed by {remover}, still needed by the other side's changes",
            )

    def break_cycles(self) -> None:
        """Undo theirs' moves that, combined with ours, would cut nodes off from the root."""
        root = self.ours.root
        assert root is not None
        while True:
            state: dict[str, int] = {root: 2}
            cycle: list[str] | None = None
            for start in self.nodes:
                chain = []
                current = start
                while state.get(current, 0) == 0:
                    state[current] = 1
                    chain.append(current)
                    current = self.parent[current]
                if state.get(current) == 1:
                    cycle = chain[chain.index(current) :]
                    break
                for item in chain:
                    state[item] = 2
            if cycle is None:
                return
            culprit = next((n for n in cycle if n in self.parent_from_theirs and n in self.ours.parent), cycle[0])
            wanted = self.parent[culprit]
            # Ours alone is a tree, so a cycle always holds a move of theirs to undo; the root is a last resort.
            self.parent[culprit] = self.ours.parent.get(culprit, root)
            self.parent_from_theirs.discard(culprit)
            self.conflict(
                "cycle",
                culprit,
                "parent",
                f"theirs moved {self.label(culprit)!r} under {self.path(self.theirs, wanted)!r}, which ours moved "
                "below it (a cycle): kept ours, theirs recorded",
                self.path(self.theirs, wanted),
            )

    def order_children(self) -> dict[str, list[str]]:
        groups: dict[str, set[str]] = {}
        for node_id, parent in self.parent.items():
            groups.setdefault(parent, set()).add(node_id)
        children: dict[str, list[str]] = {}
        for parent in [n for n in self.nodes if n in groups]:
            members = groups[parent]
            base_list = self.base.children.get(parent, [])
            our_list = self.ours.children.get(parent, [])
            their_list = self.theirs.children.get(parent, [])
            in_base, in_ours, in_theirs = set(base_list), set(our_list), set(their_list)
            our_common = [n for n in our_list if n in in_base and n in in_theirs]
            base_common = [n for n in base_list if n in in_ours and n in in_theirs]
            first, second = (their_list, our_list) if our_common == base_common else (our_list, their_list)
            primary = [n for n in first if n in members]
            placed = set(primary)
            after: dict[str | None, list[str]] = {}
            anchor: str | None = None
            for node_id in second:
                if node_id in placed:
                    anchor = node_id
                elif node_id in members:
                    # The other side's new child goes after the sibling it followed there.
                    after.setdefault(anchor, []).append(node_id)
                    placed.add(node_id)
            ordered = list(after.get(None, []))
            for node_id in primary:
                ordered.append(node_id)
                ordered.extend(after.get(node_id, []))
            ordered.extend(sorted(members - placed, key=lambda n: (self.label(n), n)))
            children[parent] = ordered
        return children

    def merge_links(self) -> dict[tuple[str, str], str]:
        links: dict[tuple[str, str], str] = {}
        keys = [*self.ours.links, *(k for k in self.theirs.links if k not in self.ours.links)]
        keys += [k for k in self.base.links if k not in self.ours.links and k not in self.theirs.links]
        for key in keys:
            values = (
                self.base.links.get(key, _MISSING),
                self.ours.links.get(key, _MISSING),
                self.theirs.links.get(key, _MISSING),
            )
            value, conflicted = _three_way(*values)
            if value is _MISSING and values[0] is not _MISSING and self.went_with_a_node(key):
                value = next(v for v in (values[1], values[2], values[0]) if v is not _MISSING)
                conflicted = False  # the side without it only removed its node: the label kept is no conflict
            if conflicted:
                name = f"link:{key[1]}"
                self.conflict(
                    "link",
                    key[0],
                    name,
                    f"the link {self.label(key[0])!r} -> {self.label(key[1])!r} changed on both sides: kept ours "
                    f"{_shown(values[1])!r}, theirs {_shown(values[2])!r} recorded",
                    _shown(values[2]),
                )
            if value is not _MISSING and key[0] in self.nodes and key[1] in self.nodes:
                links[key] = value
        return links

    def went_with_a_node(self, key: tuple[str, str]) -> bool:
        """Return whether a side lost the link KEY only by removing an end of it that the merge kept."""
        # The link goes with its node: if the node comes back (the other side changed it), so does the link.
        lacking = [side for side in (self.ours, self.theirs) if key not in side.links]
        return (
            bool(lacking)
            and all(any(end not in side.nodes for end in key) for side in lacking)
            and all(end in self.nodes for end in key)
        )

    def merge_meta(self) -> dict[str, Any]:
        base, ours, theirs = self.base.meta, self.ours.meta, self.theirs.meta
        meta: dict[str, Any] = {}
        records: dict[str, str] = {}
        for name in ("title", "license", "description", "created"):
            values = (base.get(name, _MISSING), ours.get(name, _MISSING), theirs.get(name, _MISSING))
            value, conflicted = _three_way(*values)
            if conflicted:
                records[CONFLICT_PREFIX + name] = _shown(values[2])
                self.conflict(
                    "meta",
                    "",
                    name,
                    f"the map's {name} changed on both sides: kept ours {_shown(values[1])!r}, theirs "
                    f"{_shown(values[2])!r} recorded in meta.extra",
                )
            if value is not _MISSING:
                meta[name] = value
        base_authors = base.get("authors", [])
        removed = {a for a in base_authors if a not in ours.get("authors", []) or a not in theirs.get("authors", [])}
        authors = [a for a in ours.get("authors", []) if a not in removed]
        authors += [a for a in theirs.get("authors", []) if a not in authors and a not in removed]
        meta["authors"] = authors
        extra: dict[str, str] = {}
        base_extra, our_extra, their_extra = base.get("extra", {}), ours.get("extra", {}), theirs.get("extra", {})
        for key in [*our_extra, *(k for k in their_extra if k not in our_extra), *base_extra]:
            if key in extra:
                continue
            values = (base_extra.get(key, _MISSING), our_extra.get(key, _MISSING), their_extra.get(key, _MISSING))
            value, conflicted = _three_way(*values)
            if conflicted:
                records[f"{CONFLICT_PREFIX}extra:{key}"] = _shown(values[2])
                self.conflict("meta", "", f"extra:{key}", f"the map's extra {key!r} changed on both sides: kept ours")
            if value is not _MISSING:
                extra[key] = value
        extra.update(records)
        if extra:
            meta["extra"] = extra
        return meta

    def fix_placement(self, merged: Indexed) -> None:
        """Move nodes that break the placement rules up to the nearest ancestor that accepts them."""
        root = merged.root
        assert root is not None
        stack = list(reversed(merged.children.get(root, [])))
        while stack:
            node_id = stack.pop()
            entry = self.nodes[node_id]
            parent = self.parent[node_id]
            if self.nodes[parent]["kind"] not in ALLOWED_PARENTS[entry["kind"]]:
                intended = parent
                target = parent
                while target != root and self.nodes[target]["kind"] not in ALLOWED_PARENTS[entry["kind"]]:
                    target = self.parent[target]
                if self.nodes[target]["kind"] not in ALLOWED_PARENTS[entry["kind"]]:
                    record = self.notes.setdefault(node_id, {})
                    record[CONFLICT_PREFIX + "kind"] = entry["kind"]
                    entry["kind"] = "topic"
                    target = parent
                    while self.nodes[target]["kind"] not in ALLOWED_PARENTS["topic"]:
                        target = self.parent[target]
                merged.children[parent].remove(node_id)
                merged.children.setdefault(target, []).append(node_id)
                self.parent[node_id] = target
                self.conflict(
                    "placement",
                    node_id,
                    "placement",
                    f"{entry['label']!r} cannot stay under {self.nodes[intended]['label']!r} after the merge "
                    f"(a {entry['kind']} under a {self.nodes[intended]['kind']}): moved under "
                    f"{self.nodes[target]['label']!r}",
                    self.path_in(merged, intended),
                )
            stack.extend(reversed(merged.children.get(node_id, [])))

"""The edit journal beside a map: who changed what and when, and enough to undo and redo it.

The journal is a JSON-lines file `.<map name>.journal` next to the map. Each line is one edit, undo or
redo with a compact patch: the node entries that changed (before and after), the changed stretch of
each changed child list, the changed cross-links and the metadata if it changed. It keeps the last
MAX_ENTRIES lines and at most MAX_JOURNAL_BYTES. An edit that changes more than MAX_PATCH_NODES nodes (a big
import) is logged without its patch, so it cannot be undone from the journal: keeping it would cost as much
as the map itself on every such edit. It is per person and stays out of git (`mindmap git-setup` lists it in
.git/info/exclude).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, count
from operator import is_not, itemgetter, ne
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from mindmap.errors import MapFileError, MindmapError, NodeNotFoundError
from mindmap.model import MindMap, counted, elided, escape_path_part, field_word, now, path_parts, paused_gc, quoted

if TYPE_CHECKING:
    from mindmap.store import MapFile

MAX_ENTRIES = 100
MAX_JOURNAL_BYTES = 16 * 2**20
MAX_PATCH_NODES = 10_000
SUMMARY_ITEMS = 5
_SOURCE_OF = itemgetter("source")


def journal_path(map_path: Path) -> Path:
    """Return the path of the journal kept beside MAP_PATH."""
    return map_path.with_name(f".{map_path.name}.journal")


def digest(data: bytes) -> str:
    """Return the hash that identifies one state of a map file."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Entry:
    """One journal line: an edit, or the undo or redo of one."""

    raw: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def type(self) -> str:
        return str(self.raw.get("type", "edit"))

    @property
    def before(self) -> str:
        return str(self.raw.get("before", ""))

    @property
    def after(self) -> str:
        return str(self.raw.get("after", ""))


# ------------------------------------------------------------------ patches


def _splice(old: list[str], new: list[str]) -> list[Any]:
    """Return [start, old middle, new middle]: the one stretch where OLD and NEW differ."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return [start, old[start : len(old) - end], new[start : len(new) - end]]


def _changed_window(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    """Return the stretches of OLD and NEW between their common start and their common end."""
    # Both lists are in pre-order, so one edit changes one stretch of them (a move: the stretch between
    # its old and new place). Everything outside it is equal item by item, so only the stretch needs
    # indexing: an edit of a 100,000-node map compares the lists and indexes a handful of entries.
    # compress(count(), map(...)) finds the first difference without a Python loop per item. The entries
    # an edit leaves alone are the same objects in both (see MindMap._writable): comparing identities
    # first skips comparing 100,000 dicts field by field; what is left is then compared by value.
    old, new = _trimmed(old, new, is_not)
    return _trimmed(old, new, ne)


def _trimmed(old: list[Any], new: list[Any], differ: Callable[[Any, Any], bool]) -> tuple[list[Any], list[Any]]:
    limit = min(len(old), len(new))
    start = next(compress(count(), map(differ, old, new)), limit)
    old_rest, new_rest = old[start:], new[start:]
    end = next(compress(count(), map(differ, reversed(old_rest), reversed(new_rest))), limit - start)
    return old_rest[: len(old_rest) - end], new_rest[: len(new_rest) - end]


def _children(edges: list[dict[str, str]], parents: set[str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {parent: [] for parent in parents}
    # Only the edges from PARENTS are looked at in Python: finding them is one C-level pass.
    for index in compress(count(), map(parents.__contains__, map(_SOURCE_OF, edges))):
        edge = edges[index]
        children[edge["source"]].append(edge["target"])
    return children


def _links(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(item["source"], item["target"]): item.get("label", "") for item in document.get("crosslinks", [])}


def _bare(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if entry is None else {key: value for key, value in entry.items() if key != "id"}


def make_patch(before: dict[str, Any], after: dict[str, Any], limit: int | None = None) -> dict[str, Any] | None:
    """Return the patch that turns the map document BEFORE into AFTER (and back), or None past LIMIT changed nodes."""
    # Compare the documents' own node objects rather than copies: this runs on every edit of big maps.
    old_window, new_window = _changed_window(before["graph"]["nodes"], after["graph"]["nodes"])
    if limit is not None and abs(len(new_window) - len(old_window)) > limit:
        return None  # each node added or removed is a changed node: a big import is past the limit at once
    old_nodes = {entry["id"]: entry for entry in old_window}
    nodes: dict[str, list[Any]] = {}
    for entry in new_window:
        was = old_nodes.pop(entry["id"], None)
        # The same object is the same entry: a move shifts thousands of them, unchanged (see MindMap._writable).
        if was is not entry and was != entry:
            nodes[entry["id"]] = [_bare(was), _bare(entry)]
            if limit is not None and len(nodes) > limit:
                return None
    for node_id, was in old_nodes.items():
        nodes[node_id] = [_bare(was), None]
        if limit is not None and len(nodes) > limit:
            return None
    children: dict[str, list[Any]] = {}
    old_edges, new_edges = before["graph"]["edges"], after["graph"]["edges"]
    old_window, new_window = _changed_window(old_edges, new_edges)
    parents = set(map(_SOURCE_OF, old_window)).union(map(_SOURCE_OF, new_window))
    if parents:
        old_children, new_children = _children(old_edges, parents), _children(new_edges, parents)
        for parent in parents:
            old_kids, new_kids = old_children[parent], new_children[parent]
            if old_kids != new_kids:
                children[parent] = _splice(old_kids, new_kids)
    patch: dict[str, Any] = {"nodes": nodes, "children": children}
    old_links, new_links = _links(before), _links(after)
    if old_links != new_links:
        removed = [[s, t, label] for (s, t), label in old_links.items() if new_links.get((s, t)) != label]
        added = [[s, t, label] for (s, t), label in new_links.items() if old_links.get((s, t)) != label]
        patch["links"] = {"removed": removed, "added": added}
    if before.get("meta", {}) != after.get("meta", {}):
        patch["meta"] = [before.get("meta", {}), after.get("meta", {})]
    return patch


def reverse_patch(patch: dict[str, Any]) -> dict[str, Any]:
    """Return the patch that undoes PATCH."""
    out: dict[str, Any] = {
        "nodes": {node_id: [will, was] for node_id, (was, will) in patch["nodes"].items()},
        "children": {parent: [start, new, old] for parent, (start, old, new) in patch["children"].items()},
    }
    if "links" in patch:
        out["links"] = {"removed": patch["links"]["added"], "added": patch["links"]["removed"]}
    if "meta" in patch:
        out["meta"] = [patch["meta"][1], patch["meta"][0]]
    return out


def apply_patch(document: dict[str, Any], patch: dict[str, Any], *, reverse: bool = False) -> dict[str, Any]:
    """Return DOCUMENT with PATCH applied (REVERSE: undone); raise MapFileError when it does not fit."""
    from mindmap.diff import Indexed, index_document  # only undo and redo need it, not every edit

    was, will = (1, 0) if reverse else (0, 1)
    state = index_document(document)
    for node_id, pair in patch["nodes"].items():
        if state.nodes.get(node_id) != pair[was]:
            raise MapFileError(f"the journal does not fit the map (node {node_id})")
        if pair[will] is None:
            state.nodes.pop(node_id, None)
        else:
            state.nodes[node_id] = pair[will]
            if pair[will].get("kind") == "root":
                state.root = node_id
    for parent, (start, old_mid, new_mid) in patch["children"].items():
        mid_was, mid_will = (new_mid, old_mid) if reverse else (old_mid, new_mid)
        kids = state.children.get(parent, [])
        if kids[start : start + len(mid_was)] != mid_was:
            raise MapFileError(f"the journal does not fit the map (children of {parent})")
        state.children[parent] = kids[:start] + mid_will + kids[start + len(mid_was) :]
    links = patch.get("links")
    if links:
        drop, put = (links["added"], links["removed"]) if reverse else (links["removed"], links["added"])
        for source, target, _ in drop:
            state.links.pop((source, target), None)
        for source, target, label in put:
            state.links[(source, target)] = label
    if "meta" in patch:
        state.meta = patch["meta"][will]
    return Indexed(state.meta, state.nodes, {}, state.children, state.links, state.root).to_document()


def _without_patch(raw: dict[str, Any]) -> dict[str, Any]:
    """Return the journal entry RAW without its patch: logged, but too big to keep for undo."""
    summary = [*raw.get("summary", []), "(too big to keep for undo)"]
    return {**raw, "patch": None, "nodes": [], "summary": summary}


def summarise(patch: dict[str, Any], mindmap: MindMap) -> list[str]:
    """Return a few lines saying what PATCH did, naming nodes by their path in MINDMAP when they exist."""
    lines = []

    shown = 0

    def where(node_id: str, entry: dict[str, Any]) -> str:
        # A path costs the node's depth: name only the nodes the summary shows (a deep import is quadratic).
        nonlocal shown
        shown += 1
        if shown > SUMMARY_ITEMS or node_id not in mindmap:
            return str(entry.get("label", node_id))
        return mindmap.display_path(node_id)

    moved = {kid for _, mid_old, mid_new in patch["children"].values() for kid in (*mid_old, *mid_new)}
    former_parents = {kid: parent for parent, (_, mid_old, _) in patch["children"].items() for kid in mid_old}

    def former_path(node_id: str, entry: dict[str, Any]) -> str:
        # Where a removed node was: its former parent's path, through parents removed with it.
        nonlocal shown
        shown += 1
        parts = [escape_path_part(str(entry.get("label", node_id)))]
        current = node_id
        while shown <= SUMMARY_ITEMS and len(parts) <= len(patch["nodes"]):
            parent = former_parents.get(current)
            if parent is None:
                break
            if parent in mindmap:
                above = mindmap.path(parent)
                return "/".join([above, *reversed(parts)] if above else reversed(parts))
            was = patch["nodes"].get(parent, [None])[0]
            if was is None:
                break
            parts.append(escape_path_part(str(was.get("label", parent))))
            current = parent
        return str(entry.get("label", node_id))

    for node_id, (was, will) in patch["nodes"].items():
        if was is None:
            lines.append(f"added {will['kind']} {quoted(where(node_id, will))}")
        elif will is None:
            lines.append(f"removed {was['kind']} {quoted(former_path(node_id, was))}")
        else:
            fields = sorted(k for k in {*was, *will} if k != "modified_at" and was.get(k) != will.get(k))
            if fields:
                also = " and moved it" if node_id in moved else ""  # one edit may do both: say both
                lines.append(f"changed {', '.join(map(field_word, fields))} of {quoted(where(node_id, will))}{also}")
            elif node_id in moved:
                lines.append(f"moved {quoted(where(node_id, will))}")
    lines += _link_lines(patch, mindmap, where)
    if "meta" in patch:
        lines.append("changed the map's metadata")
    if len(lines) > SUMMARY_ITEMS:
        lines = [*lines[:SUMMARY_ITEMS], f"and {len(lines) - SUMMARY_ITEMS} more"]
    return lines


def _link_lines(patch: dict[str, Any], mindmap: MindMap, where: Any) -> list[str]:
    """Return the summary lines of PATCH's cross-link changes, naming both ends of a few, counting many."""

    links = patch.get("links", {})
    added = {(s, t) for s, t, _ in links.get("added", [])}
    removed = {(s, t) for s, t, _ in links.get("removed", [])}
    relabelled = added & removed

    def end(node_id: str) -> str:
        pair = patch["nodes"].get(node_id, [None, None])
        entry = pair[1] or pair[0] or {"label": mindmap.label(node_id) if node_id in mindmap else node_id}
        return quoted(where(node_id, entry))

    lines = []
    for ends, many, one in (
        (added - relabelled, "added {}", "added a link from {} to {}"),
        (removed - relabelled, "removed {}", "removed the link from {} to {}"),
        (relabelled, "relabelled {}", "relabelled the link from {} to {}"),
    ):
        if len(ends) > 2:
            lines.append(many.format(counted(len(ends), "links")))
        else:
            lines += [one.format(end(source), end(target)) for source, target in sorted(ends)]
    return lines


def _touched(patch: dict[str, Any]) -> list[str]:
    """Return the ids of the nodes PATCH changed, then those at either end of a cross-link it changed."""
    nodes = dict.fromkeys(patch["nodes"])
    for key in ("added", "removed"):
        for source, target, _ in patch.get("links", {}).get(key, []):
            nodes.setdefault(source)
            nodes.setdefault(target)
    return list(nodes)


# --------------------------------------------------------------- the journal


class Journal:
    """The journal of one map file."""

    def __init__(self, map_path: Path) -> None:
        self.map_path = map_path
        self.path = journal_path(map_path)

    def entries(self) -> list[Entry]:
        """Return the journal's entries, oldest first (skipping lines that do not parse)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise MapFileError(f"cannot read the journal {self.path}: {error.strerror}") from None
        out = []
        for line in data.splitlines():
            with contextlib.suppress(orjson.JSONDecodeError):
                raw = orjson.loads(line)
                if isinstance(raw, dict) and "id" in raw:
                    out.append(Entry(raw))
        return out

    def append(self, raw: dict[str, Any]) -> None:
        """Add one line, dropping the oldest lines beyond MAX_ENTRIES or MAX_JOURNAL_BYTES."""
        line = orjson.dumps(raw) + b"\n"
        if len(line) > MAX_JOURNAL_BYTES // 2 and raw.get("patch") is not None:
            line = orjson.dumps(_without_patch(raw)) + b"\n"  # long notes, say: log it, but not its patch
        try:
            lines = self.path.read_bytes().splitlines(keepends=True)
        except FileNotFoundError:
            lines = []
        kept, size = 0, len(line)
        for old in reversed(lines[-(MAX_ENTRIES - 1) :]):
            if size + len(old) > MAX_JOURNAL_BYTES:
                break
            kept, size = kept + 1, size + len(old)
        if kept < len(lines):
            from mindmap.store import write_atomically

            write_atomically(self.path, b"".join([*lines[len(lines) - kept :], line]))
            return
        with self.path.open("ab") as stream:
            stream.write(line)

    def record(
        self,
        kind: str,
        before: tuple[bytes, dict[str, Any]],
        after: tuple[bytes, dict[str, Any], MindMap],
        *,
        command: str = "",
        by: str = "",
        of: str | None = None,
        patch: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Write one entry for the change from BEFORE (bytes, document) to AFTER (bytes, document, map)."""
        if patch is None:
            # Comparing two big documents allocates much and frees nothing cyclic: the cycle collector
            # would only walk every live node object again and again, so it pauses meanwhile.
            with paused_gc():
                patch = make_patch(before[1], after[1], limit=MAX_PATCH_NODES)
        raw: dict[str, Any] = {
            "id": secrets.token_hex(6),
            "type": kind,
            "at": now(),
            "by": by,
            "command": command,
            "summary": [f"changed more than {MAX_PATCH_NODES:,} nodes"]
            if patch is None
            else summarise(patch, after[2]),
            "nodes": [] if patch is None else _touched(patch),
            "before": digest(before[0]),
            "after": digest(after[0]),
            "patch": patch,
        }
        if of is not None:
            raw["of"] = of
        if patch is None:
            raw = _without_patch(raw)
        self.append(raw)
        return raw

    def stacks(self) -> tuple[list[Entry], list[Entry], str | None]:
        """Return (undoable edits, redoable edits, hash of the map after the last entry)."""
        done: list[Entry] = []
        undone: list[Entry] = []
        last: str | None = None
        for entry in self.entries():
            if last is not None and entry.before != last:
                # The map changed outside mindmap between these entries: nothing before can be undone.
                done, undone = [], []
            if entry.type == "undo" and done and done[-1].id == entry.raw.get("of"):
                undone.append(done.pop())
            elif entry.type == "redo" and undone and undone[-1].id == entry.raw.get("of"):
                done.append(undone.pop())
            elif entry.type == "edit":
                done.append(entry)
                undone = []
            else:
                done, undone = [], []
            last = entry.after
        return done, undone, last

    def cut_off(self) -> Entry | None:
        """Return the newest edit before the map last changed outside mindmap between two entries, or None."""
        last: str | None = None
        newest: Entry | None = None
        cut: Entry | None = None
        for entry in self.entries():
            if last is not None and entry.before != last:
                cut = newest
            if entry.type == "edit":
                newest = entry
            last = entry.after
        return cut


def undo(map_file: MapFile, *, by: str = "") -> Entry:
    """Revert the last journaled edit of MAP_FILE, as `mindmap undo` does; return the entry it reverted."""
    return step(map_file, redo=False, by=by)


def redo(map_file: MapFile, *, by: str = "") -> Entry:
    """Re-apply the last edit that undo reverted, as `mindmap redo` does; return its entry."""
    return step(map_file, redo=True, by=by)


def step(map_file: MapFile, *, redo: bool, by: str = "") -> Entry:
    """Undo the last edit (or REDO the last undone one) of MAP_FILE; return the entry it reverted or re-applied."""
    from mindmap.formats import json_map
    from mindmap.store import write_atomically

    word = "redo" if redo else "undo"
    journal = Journal(map_file.path)
    with map_file.locked():
        data = map_file.read_bytes()
        done, undone, last = journal.stacks()
        if last is not None and digest(data) != last:
            raise MapFileError(
                f"cannot {word}: {map_file.path} changed outside mindmap since its last journaled edit "
                "(for example by git pull, a merge or a text editor); only edits made after that can be undone"
            )
        pending = undone if redo else done
        if not pending:
            why = "" if redo else " (see 'mindmap log')"
            if not redo and undone:
                why = ": the edits that can be undone are undone already ('mindmap redo' re-applies the last one)"
            cut = None if redo else journal.cut_off()
            if cut is not None:
                # The log still lists the older edits: say why they cannot be taken back.
                since = " (those made since are undone already)" if undone else ""
                command = elided(cut.raw.get("command") or "an edit")
                why = (
                    f": the map changed outside mindmap (for example by git pull, a merge or a text editor) after "
                    f"{command!r} of {cut.raw.get('at', '?')}, so that edit and those before it cannot be undone{since}"
                )
            raise MindmapError(f"nothing to {word} in {map_file.path}{why}")
        target = pending[-1]
        if target.raw.get("patch") is None:
            raise MindmapError(
                f"cannot {word} {target.raw.get('command') or 'the last edit'!r}: it changed too much for the journal "
                f"to keep (more than {MAX_PATCH_NODES:,} nodes, or {MAX_JOURNAL_BYTES // 2**21} MB); restore an "
                "earlier copy of the map instead, for example with git"
            )
        document = json_map.loads(data)
        try:
            changed = apply_patch(document, target.raw["patch"], reverse=not redo)
            mindmap = MindMap.from_document(changed)
        except (KeyError, TypeError, ValueError, MindmapError):
            raise MapFileError(f"cannot {word}: the journal {journal.path} does not fit the map any more") from None
        final = mindmap.to_document()
        new_data = json_map.dumps(final)
        write_atomically(map_file.path, new_data)
        command = f"{word} of: {target.raw.get('command') or target.raw.get('summary', [''])[0]}"
        patch = target.raw["patch"] if redo else reverse_patch(target.raw["patch"])
        journal.record(
            word, (data, document), (new_data, final, mindmap), command=command, by=by, of=target.id, patch=patch
        )
    return target


def _labelled(entries: list[Entry], label: str) -> set[str]:
    """Return the ids of the nodes the ENTRIES' patches show with LABEL (any case), before or after."""
    folded = " ".join(label.split()).casefold()
    found = set()
    for entry in entries:
        for node_id, sides in ((entry.raw.get("patch") or {}).get("nodes") or {}).items():
            if any(side and " ".join(str(side.get("label", "")).split()).casefold() == folded for side in sides):
                found.add(node_id)
    return found


def history(map_file: MapFile, *, limit: int | None = None, node: str | None = None) -> list[dict[str, Any]]:
    """Return the journal's entries newest first, without their patches, maybe only those touching NODE."""
    entries = Journal(map_file.path).entries()
    if node is not None:
        wanted, known = node, False
        try:
            wanted, known = map_file.load().resolve(node), True
        except NodeNotFoundError as error:
            if not str(error).startswith("no node "):
                raise  # a NODE that names several nodes of the map (or none at all): as every command says it
        except MindmapError:
            pass  # no map to look in: the journal alone
        if known:
            entries = [e for e in entries if wanted in e.raw.get("nodes", [])]
        else:
            # A removed node is in the map no more: its label is still in the patches that removed or made it.
            wanted_ids = {wanted} | _labelled(entries, node)
            if len(wanted_ids) == 1 and len(parts := path_parts(node)) > 1:
                wanted_ids |= _labelled(entries, parts[-1])  # a path, as `log` shows a removed node's
            entries = [e for e in entries if wanted_ids.intersection(e.raw.get("nodes", []))]
        if not entries and not known:
            raise NodeNotFoundError(f"no node {node!r} in the map, and no journal entry for such an id or label")
    out = []
    for entry in reversed(entries):
        out.append({key: value for key, value in entry.raw.items() if key not in ("patch", "before", "after")})
        if limit is not None and len(out) >= limit:
            break
    return out

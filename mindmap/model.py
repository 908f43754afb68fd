"""The mind map: one tree of typed nodes plus cross-links, and the rules that keep it valid.

The tree is kept in plain dicts (node data, ordered children, parent), which is all a tree needs
and keeps start-up fast; `MindMap.to_networkx()` hands graph algorithms a networkx copy. This is the
only module that touches networkx. Everything else sees `MindMap` and `Node`.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import operator
import os
import re
import secrets
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from mindmap.errors import MapFileError, NodeNotFoundError, RuleError

if TYPE_CHECKING:
    import networkx as nx

FORMAT_NAME = "mindmap"
SCHEMA_VERSION = 1

KINDS = ("root", "sector", "organisation", "channel", "topic")
KIND_ALIASES = {"org": "organisation", "organization": "organisation", "organisations": "organisation"}
# Which kinds may be the parent of each kind. Topics go anywhere so generic and imported maps fit,
# but nothing goes under a channel: a channel is a leaf.
ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    "root": frozenset(),
    "sector": frozenset({"root", "sector"}),
    "organisation": frozenset({"sector", "organisation"}),
    "channel": frozenset({"organisation"}),
    "topic": frozenset({"root", "sector", "organisation", "topic"}),
}

MAX_LABEL_CHARS = 10_000
MAX_NOTE_CHARS = 1_000_000
MAX_URL_CHARS = 8_000
MAX_KEY_CHARS = 200
MAX_VALUE_CHARS = 100_000
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32: no i, l, o, u
ID_LENGTH = 10  # 50 bits: two copies of a 100,000-node map collide with odds of about 1 in 200,000

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ID_SHAPE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_PATH_SPLIT = re.compile(r"(?<!\\)/")

TEXT_FIELDS = ("label", "note", "url", "platform", "handle", "added_by", "added_at", "modified_at", "color")
_TEXT_FIELD_SET = frozenset(TEXT_FIELDS)


@dataclass
class Node:
    """One node of the tree, as a plain value: changing it does not change the map."""

    id: str
    kind: str
    label: str
    note: str = ""
    url: str = ""
    platform: str = ""
    handle: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    added_by: str = ""
    added_at: str = ""
    modified_at: str = ""
    folded: bool = False
    color: str = ""


NODE_FIELDS = tuple(f.name for f in fields(Node))


@dataclass(frozen=True)
class CrossLink:
    """An arrow from one node to another that is not a tree edge."""

    source: str
    target: str
    label: str = ""


@dataclass
class MapMeta:
    """What the map says about itself."""

    title: str = "Untitled map"
    authors: list[str] = field(default_factory=list)
    license: str = ""
    description: str = ""
    created: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the metadata as the JSON object stored in the file."""
        out: dict[str, Any] = {"title": self.title, "authors": list(self.authors), "created": self.created}
        if self.license:
            out["license"] = self.license
        if self.description:
            out["description"] = self.description
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


def now() -> str:
    """Return the current UTC time as ISO 8601, honouring SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_kind(kind: str) -> str:
    """Return the canonical kind name for KIND or an alias such as 'org'."""
    key = kind.strip().lower()
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        raise RuleError(f"unknown kind {kind!r}: use one of {', '.join(KINDS[1:])}")
    return key


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Return TEXT with line ends normalised and control characters removed (for importers)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", text)


def _check_text(what: str, value: object, limit: int, *, multiline: bool = True) -> str:
    if not isinstance(value, str):
        raise RuleError(f"{what} must be text, not {type(value).__name__}")
    value = value.replace("\r\n", "\n")
    if len(value) > limit:
        raise RuleError(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    bad = (_CONTROL if multiline else _CONTROL_IN_LINE).search(value)
    if bad:
        raise RuleError(f"{what} contains the control character U+{ord(bad.group()):04X} at position {bad.start() + 1}")
    return value


def check_label(label: object) -> str:
    """Return LABEL if it is a usable node label, else raise RuleError."""
    value = _check_text("a label", label, MAX_LABEL_CHARS)
    if not value.strip():
        raise RuleError("a label cannot be empty")
    return value


def escape_path_part(label: str) -> str:
    """Return LABEL with '/' written as '\\/' so that it can stand in a NODE path."""
    return label.replace("/", "\\/")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or converting a whole map."""
    # Building a map allocates hundreds of thousands of dicts and lists that hold no cycles; the
    # collector would otherwise walk the whole growing heap again and again (a quarter of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _new_id(taken: Container[str], seed_text: str) -> str:
    # MINDMAP_ID_SEED makes ids reproducible (for the committed example map and for tests);
    # otherwise ids are random, so two people adding nodes on two copies never collide.
    seed = os.environ.get("MINDMAP_ID_SEED")
    for attempt in range(1000):
        if seed:
            digest = hashlib.sha256(f"{seed}\0{seed_text}\0{attempt}".encode()).digest()
            value = int.from_bytes(digest[:8], "big")
        else:
            value = secrets.randbits(64)
        chars = []
        for _ in range(ID_LENGTH):
            value, digit = divmod(value, 32)
            chars.append(ID_ALPHABET[digit])
        candidate = "".join(chars)
        if candidate not in taken:
            return candidate
    raise RuleError("could not find a free node id")  # pragma: no cover - needs 1000 collisions


class MindMap:
    """A mind map: a tree of sectors, organisations, channels and topics, with cross-links."""

    def __init__(self, title: str = "Untitled map", *, by: str = "", root_label: str | None = None) -> None:
        # The tree: each node's data, its children in order, and its parent (the root has none).
        self._nodes: dict[str, dict[str, Any]] = {}
        self._kids: dict[str, list[str]] = {}
        self._parent: dict[str, str] = {}
        # Cross-links both ways: source -> {target: label} and target -> {source: label}.
        self._links_out: dict[str, dict[str, str]] = {}
        self._links_in: dict[str, dict[str, str]] = {}
        self.meta = MapMeta(title=_check_text("the title", title, MAX_LABEL_CHARS), created=now()[:10])
        self._root = _new_id(self._nodes, f"root\0{title}")
        stamp = now()
        self._nodes[self._root] = {
            "kind": "root",
            "label": check_label(root_label if root_label is not None else title),
            "added_by": by,
            "added_at": stamp,
            "modified_at": stamp,
        }
        self._kids[self._root] = []

    # ----------------------------------------------------------------- reading

    @property
    def root(self) -> str:
        """Return the id of the root node."""
        return self._root

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MindMap) and self.to_document() == other.to_document()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<MindMap {self.meta.title!r}: {len(self)} nodes>"

    def node(self, node_id: str) -> Node:
        """Return a copy of the node with id NODE_ID."""
        data = self._data(node_id)
        return Node(
            id=node_id,
            kind=data["kind"],
            label=data["label"],
            **{name: data[name] for name in TEXT_FIELDS[1:] if name in data},
            attributes=dict(data.get("attributes", {})),
            folded=bool(data.get("folded", False)),
        )

    def _data(self, node_id: str) -> dict[str, Any]:
        try:
            return self._nodes[node_id]
        except (KeyError, TypeError):
            raise NodeNotFoundError(f"no node with id {node_id!r}") from None

    def kind(self, node_id: str) -> str:
        """Return the kind of NODE_ID."""
        return str(self._data(node_id)["kind"])

    def label(self, node_id: str) -> str:
        """Return the label of NODE_ID."""
        return str(self._data(node_id)["label"])

    def parent(self, node_id: str) -> str | None:
        """Return the id of NODE_ID's parent, or None for the root."""
        self._data(node_id)
        return self._parent.get(node_id)

    def children(self, node_id: str) -> list[str]:
        """Return the ids of NODE_ID's children, in order."""
        self._data(node_id)
        return list(self._kids[node_id])

    def ancestors(self, node_id: str) -> list[str]:
        """Return the ids from the root down to NODE_ID's parent."""
        chain = []
        current = self.parent(node_id)
        while current is not None:
            chain.append(current)
            current = self.parent(current)
        chain.reverse()
        return chain

    def depth(self, node_id: str) -> int:
        """Return how many edges lie between the root and NODE_ID."""
        return len(self.ancestors(node_id))

    def walk(self, start: str | None = None, depth: int | None = None) -> Iterator[tuple[str, int]]:
        """Yield (id, depth below START) for START's subtree in pre-order, without recursion."""
        first = self._root if start is None else start
        self._data(first)
        kids = self._kids
        stack: list[tuple[str, int]] = [(first, 0)]
        while stack:
            node_id, level = stack.pop()
            yield node_id, level
            if depth is None or level < depth:
                below = level + 1
                stack.extend((kid, below) for kid in reversed(kids[node_id]))

    def ids(self) -> list[str]:
        """Return every node id in pre-order."""
        return [node_id for node_id, _ in self.walk()]

    def nodes(self) -> Iterator[Node]:
        """Yield every node in pre-order."""
        for node_id, _ in self.walk():
            yield self.node(node_id)

    def path(self, node_id: str) -> str:
        """Return NODE_ID's path: labels below the root joined by '/', with '/' in labels escaped."""
        if node_id == self._root:
            return ""
        parts = [escape_path_part(self.label(a)) for a in self.ancestors(node_id)[1:]]
        parts.append(escape_path_part(self.label(node_id)))
        return "/".join(parts)

    def display_path(self, node_id: str) -> str:
        """Return NODE_ID's path for people to read, the root shown by its label."""
        return self.path(node_id) or self.label(node_id)

    def links(self) -> list[CrossLink]:
        """Return every cross-link in a stable order."""
        if not self._links_out:
            return []  # most maps have none: skip ordering every node
        return self._sorted_links({node_id: index for index, node_id in enumerate(self.ids())})

    def _sorted_links(self, order: Mapping[str, int]) -> list[CrossLink]:
        found = [CrossLink(s, t, label) for s, targets in self._links_out.items() for t, label in targets.items()]
        return sorted(found, key=lambda link: (order[link.source], order[link.target]))

    def links_from(self, node_id: str) -> list[CrossLink]:
        """Return the cross-links that start at NODE_ID."""
        return [CrossLink(node_id, t, label) for t, label in self._links_out.get(node_id, {}).items()]

    def links_to(self, node_id: str) -> list[CrossLink]:
        """Return the cross-links that end at NODE_ID."""
        return [CrossLink(s, node_id, label) for s, label in self._links_in.get(node_id, {}).items()]

    def count_content(self) -> dict[str, int]:
        """Return how many notes, urls and attributes the nodes hold, and how many cross-links there are."""
        counts = {"notes": 0, "urls": 0, "attributes": 0}
        for data in self._nodes.values():
            counts["notes"] += bool(data.get("note"))
            counts["urls"] += bool(data.get("url"))
            counts["attributes"] += len(data.get("attributes", ()))
        counts["cross-links"] = sum(len(targets) for targets in self._links_out.values())
        return counts

    def to_networkx(self) -> nx.DiGraph:
        """Return a networkx copy of the tree (node data as attributes, edges parent -> child) for graph algorithms."""
        import networkx as nx

        graph = nx.DiGraph()
        for node_id, _ in self.walk():
            graph.add_node(node_id, **self._nodes[node_id])
            graph.add_edges_from((node_id, kid) for kid in self._kids[node_id])
        return graph

    # -------------------------------------------------------------- addressing

    def resolve(self, ref: str) -> str:
        """Return the id that REF names: an id, a label unique in the map, or a path of labels."""
        if not isinstance(ref, str) or not ref.strip():
            raise NodeNotFoundError("a NODE cannot be empty")
        if ref in self._nodes:
            return ref
        if _PATH_SPLIT.search(ref):
            found = self._resolve_path(ref)
            if found is not None:
                return found
        label = ref.replace("\\/", "/")
        exact = [n for n, d in self._nodes.items() if d["label"] == label]
        if not exact:
            folded = label.casefold()
            exact = [n for n, d in self._nodes.items() if d["label"].casefold() == folded]
        if len(exact) == 1:
            return str(exact[0])
        if exact:
            order = {node_id: index for index, node_id in enumerate(self.ids())}
            exact.sort(key=order.__getitem__)
            shown = "; ".join(f"{self.display_path(n)} (id {n})" for n in exact[:5])
            more = f" and {len(exact) - 5} more" if len(exact) > 5 else ""
            raise NodeNotFoundError(f"{ref!r} matches {len(exact)} nodes: {shown}{more}; name it by path or id")
        raise NodeNotFoundError(f"no node {ref!r}{self._suggest(label)}")

    def _resolve_path(self, ref: str) -> str | None:
        parts = [part.replace("\\/", "/") for part in _PATH_SPLIT.split(ref.strip("/"))]
        attempts = [parts]
        if parts and parts[0] == self.label(self._root):
            attempts.append(parts[1:])  # also allow the path to begin with the root's label
        for rest in attempts:
            current = self._root
            for part in rest:
                matches = [kid for kid in self._kids[current] if self.label(kid) == part]
                if not matches:
                    folded = part.casefold()
                    matches = [k for k in self._kids[current] if self.label(k).casefold() == folded]
                if len(matches) != 1:
                    if len(matches) > 1:
                        raise NodeNotFoundError(
                            f"path {ref!r}: {part!r} matches {len(matches)} children of "
                            f"{self.display_path(current)!r}; use an id: {', '.join(matches)}"
                        )
                    break
                current = matches[0]
            else:
                return current
        return None

    def _suggest(self, label: str) -> str:
        labels = sorted({d["label"] for d in self._nodes.values()})
        close = difflib.get_close_matches(label, labels, n=3, cutoff=0.6)
        if not close:
            lowered = label.casefold()
            close = [text for text in labels if lowered in text.casefold()][:3]
        if not close:
            return ""
        return "; did you mean " + " or ".join(repr(text) for text in close) + "?"

    def find(self, text: str) -> list[str]:
        """Return the ids whose label, note, url, handle or attributes contain TEXT, ignoring case."""
        needle = text.casefold()
        found = []
        nodes = self._nodes
        for node_id, _ in self.walk():
            data = nodes[node_id]
            haystack = [data["label"], data.get("note", ""), data.get("url", ""), data.get("handle", "")]
            for key, value in data.get("attributes", {}).items():
                haystack.extend((key, value))
            if any(needle in part.casefold() for part in haystack):
                found.append(node_id)
        return found

    # ----------------------------------------------------------------- editing

    def check_placement(self, kind: str, parent_kind: str) -> None:
        """Raise RuleError unless a node of KIND may sit under a node of PARENT_KIND."""
        if parent_kind not in ALLOWED_PARENTS[kind]:
            if parent_kind == "channel":
                raise RuleError("nothing can go under a channel")
            allowed = " or ".join(_article(k) for k in sorted(ALLOWED_PARENTS[kind]))
            raise RuleError(f"{_article(kind)} cannot go under {_article(parent_kind)}; it goes under {allowed}")

    def add(
        self,
        kind: str,
        label: str,
        under: str | None = None,
        *,
        note: str = "",
        url: str = "",
        attributes: Mapping[str, str] | None = None,
        platform: str = "",
        handle: str = "",
        by: str = "",
        position: int | None = None,
        node_id: str | None = None,
        added_at: str | None = None,
        modified_at: str | None = None,
        folded: bool = False,
        color: str = "",
    ) -> str:
        """Add a node of KIND with LABEL under the node UNDER (default: the root); return its id."""
        kind = normalise_kind(kind)
        if kind == "root":
            raise RuleError("a map has exactly one root; add a sector, organisation, channel or topic")
        parent = self._root if under is None else under
        self.check_placement(kind, self.kind(parent))
        if node_id is None:
            node_id = _new_id(self._nodes, f"{parent}\0{kind}\0{label}\0{len(self)}")
        elif node_id in self._nodes:
            raise RuleError(f"the id {node_id!r} is already used")
        elif not _ID_SHAPE.match(node_id):
            raise RuleError(f"{node_id!r} is not a usable id (1-64 letters, digits, '_', '-', '.', ':')")
        stamp = now()
        data: dict[str, Any] = {"kind": kind, "label": check_label(label)}
        data.update(
            self._checked_fields(note=note, url=url, platform=platform, handle=handle, added_by=by, color=color)
        )
        data["added_at"] = added_at or stamp
        data["modified_at"] = modified_at or data["added_at"]
        if attributes:
            data["attributes"] = self._checked_attributes(attributes)
        if folded:
            data["folded"] = True
        self._nodes[node_id] = {k: v for k, v in data.items() if v != ""}
        self._kids[node_id] = []
        self._attach(node_id, parent, position)
        return node_id

    def _checked_fields(self, **values: str) -> dict[str, str]:
        limits = {"note": MAX_NOTE_CHARS, "url": MAX_URL_CHARS}
        checked = {}
        for name, value in values.items():
            multiline = name == "note"
            checked[name] = _check_text(
                f"the {name.replace('_', ' ')}", value, limits.get(name, MAX_LABEL_CHARS), multiline=multiline
            )
        return checked

    def _checked_attributes(self, attributes: Mapping[str, str]) -> dict[str, str]:
        out = {}
        for key, value in attributes.items():
            key = _check_text("an attribute name", key, MAX_KEY_CHARS, multiline=False)
            if not key.strip():
                raise RuleError("an attribute name cannot be empty")
            out[key] = _check_text(f"the attribute {key!r}", value, MAX_VALUE_CHARS)
        return out

    def _attach(self, node_id: str, parent: str, position: int | None) -> None:
        siblings = self._kids[parent]
        self._parent[node_id] = parent
        if position is None or position >= len(siblings):
            siblings.append(node_id)
            return
        if position < 0:
            position = max(0, len(siblings) + 1 + position)
        siblings.insert(position, node_id)

    def _touch(self, node_id: str) -> None:
        self._nodes[node_id]["modified_at"] = now()

    def move(self, node_id: str, under: str, position: int | None = None) -> None:
        """Move NODE_ID and its subtree under UNDER, at POSITION among its children (default: last)."""
        if node_id == self._root:
            raise RuleError("the root cannot be moved")
        if under == node_id or node_id in self.ancestors(under):
            raise RuleError(f"cannot move {self.display_path(node_id)!r} under itself or its own descendant")
        self.check_placement(self.kind(node_id), self.kind(under))
        if position is not None and position < 0:
            raise RuleError("the position counts from 0 and cannot be negative")
        old_parent = self.parent(node_id)
        assert old_parent is not None
        self._kids[old_parent].remove(node_id)
        self._attach(node_id, under, position)
        self._touch(node_id)

    def rename(self, node_id: str, label: str) -> None:
        """Give NODE_ID a new LABEL."""
        self._data(node_id)["label"] = check_label(label)
        self._touch(node_id)

    def update(
        self,
        node_id: str,
        *,
        note: str | None = None,
        url: str | None = None,
        platform: str | None = None,
        handle: str | None = None,
        kind: str | None = None,
        attributes: Mapping[str, str] | None = None,
        unset: Iterable[str] = (),
        folded: bool | None = None,
        color: str | None = None,
    ) -> None:
        """Change NODE_ID's fields: given values replace, attributes merge, UNSET removes fields or attributes."""
        data = self._data(node_id)
        changes = {
            name: value
            for name, value in {
                "note": note,
                "url": url,
                "platform": platform,
                "handle": handle,
                "color": color,
            }.items()
            if value is not None
        }
        checked = self._checked_fields(**changes)
        new_attributes = self._checked_attributes(attributes or {})
        if kind is not None:
            kind = normalise_kind(kind)
            if (kind == "root") != (node_id == self._root):
                raise RuleError("only the root has the kind root, and the root keeps it")
            parent = self.parent(node_id)
            if parent is not None:
                self.check_placement(kind, self.kind(parent))
            for child in self.children(node_id):
                self.check_placement(self.kind(child), kind)
        removable = {"note", "url", "platform", "handle", "color", "folded"}
        for name in unset:
            attrs = data.get("attributes", {})
            if name in attrs or name.startswith("attr:") and name[5:] in attrs:
                continue
            if name not in removable:
                raise RuleError(
                    f"cannot unset {name!r}: it is not an attribute of {self.display_path(node_id)!r} "
                    f"nor one of {', '.join(sorted(removable))}"
                )
        for name, value in checked.items():
            if value:
                data[name] = value
            else:
                data.pop(name, None)
        if kind is not None:
            data["kind"] = kind
        if folded is not None:
            if folded:
                data["folded"] = True
            else:
                data.pop("folded", None)
        if new_attributes:
            data["attributes"] = {**data.get("attributes", {}), **new_attributes}
        for name in unset:
            attrs = data.get("attributes", {})
            key = name[5:] if name.startswith("attr:") else name
            if key in attrs:
                del attrs[key]
                if not attrs:
                    del data["attributes"]
            else:
                data.pop(name, None)
        self._touch(node_id)

    def set_provenance(
        self, node_id: str, *, added_by: str | None = None, added_at: str | None = None, modified_at: str | None = None
    ) -> None:
        """Set NODE_ID's provenance fields as they are (for importers and merges)."""
        data = self._data(node_id)
        for name, value in (("added_by", added_by), ("added_at", added_at), ("modified_at", modified_at)):
            if value is not None:
                value = _check_text(f"the {name}", value, MAX_LABEL_CHARS, multiline=False)
                if value:
                    data[name] = value
                else:
                    data.pop(name, None)

    def remove(self, node_id: str, recursive: bool = False) -> int:
        """Remove NODE_ID (and, with RECURSIVE, its subtree) and the cross-links to it; return the count."""
        if node_id == self._root:
            raise RuleError("the root cannot be removed; start a new map instead")
        self._data(node_id)
        doomed = [n for n, _ in self.walk(node_id)]
        if len(doomed) > 1 and not recursive:
            raise RuleError(
                f"{self.display_path(node_id)!r} has {len(doomed) - 1} node(s) below it; "
                "remove them too with --recursive"
            )
        parent = self._parent[node_id]
        self._kids[parent].remove(node_id)
        for gone in doomed:
            del self._nodes[gone], self._kids[gone], self._parent[gone]
            for target in self._links_out.pop(gone, {}):
                self._drop_link_end(self._links_in, target, gone)
            for source in self._links_in.pop(gone, {}):
                self._drop_link_end(self._links_out, source, gone)
        return len(doomed)

    @staticmethod
    def _drop_link_end(ends: dict[str, dict[str, str]], node_id: str, other: str) -> None:
        linked = ends.get(node_id)
        if linked is not None:
            linked.pop(other, None)
            if not linked:
                del ends[node_id]

    def link(self, source: str, target: str, label: str = "") -> None:
        """Draw a cross-link from SOURCE to TARGET, with an optional LABEL."""
        self._data(source)
        self._data(target)
        if source == target:
            raise RuleError("a node cannot link to itself")
        label = _check_text("a link label", label, MAX_LABEL_CHARS, multiline=False)
        self._links_out.setdefault(source, {})[target] = label
        self._links_in.setdefault(target, {})[source] = label

    def unlink(self, source: str, target: str) -> None:
        """Remove the cross-link from SOURCE to TARGET."""
        if target not in self._links_out.get(source, {}):
            raise RuleError(f"there is no link from {self.display_path(source)!r} to {self.display_path(target)!r}")
        self._drop_link_end(self._links_out, source, target)
        self._drop_link_end(self._links_in, target, source)

    # ------------------------------------------------------- whole-map changes

    def copy(self) -> MindMap:
        """Return an independent copy of the map."""
        return MindMap.from_document(self.to_document())

    def subtree(self, node_id: str, depth: int | None = None) -> MindMap:
        """Return a new map of NODE_ID's subtree (cut DEPTH levels below it) hanging from its ancestors.

        The chain of ancestors up to the root is kept, without their other children, so that every
        node keeps its kind and the rules still hold (a channel still sits under its organisation).
        """
        if depth is not None and depth < 0:
            raise RuleError("the depth cannot be negative")
        kept = {n for n, _ in self.walk(node_id, depth)} | set(self.ancestors(node_id))
        doc = self.to_document()
        doc["graph"]["nodes"] = [n for n in doc["graph"]["nodes"] if n["id"] in kept]
        doc["graph"]["edges"] = [e for e in doc["graph"]["edges"] if e["target"] in kept]
        doc["crosslinks"] = [c for c in doc["crosslinks"] if c["source"] in kept and c["target"] in kept]
        return MindMap.from_document(doc)

    def graft(self, other: MindMap, under: str | None = None, *, include_root: bool = True) -> dict[str, str]:
        """Copy OTHER's tree under UNDER (its root too unless INCLUDE_ROOT is false); return old->new ids."""
        with paused_gc():
            return self._graft(other, under, include_root)

    def _graft(self, other: MindMap, under: str | None, include_root: bool) -> dict[str, str]:
        parent = self._root if under is None else under
        self._data(parent)
        mapping: dict[str, str] = {}
        staged = self.copy()
        used = set(staged._nodes)  # ids taken in the staged map, kept as a set: imports can be large
        for node_id, _ in other.walk():
            if node_id == other.root and not include_root:
                mapping[node_id] = parent
                continue
            node = other.node(node_id)
            kind = "topic" if node.kind == "root" else node.kind
            source_parent = other.parent(node_id)
            new_parent = parent if source_parent is None else mapping[source_parent]
            new_id = node_id if node_id not in used else None
            mapping[node_id] = staged.add(
                kind,
                node.label,
                new_parent,
                note=node.note,
                url=node.url,
                attributes=node.attributes,
                platform=node.platform,
                handle=node.handle,
                by=node.added_by,
                node_id=new_id if new_id and _ID_SHAPE.match(new_id) else None,
                added_at=node.added_at or None,
                modified_at=node.modified_at or None,
                folded=node.folded,
                color=node.color,
            )
            used.add(mapping[node_id])
        for link in other.links():
            source, target = mapping[link.source], mapping[link.target]
            if source != target:
                staged.link(source, target, link.label)
        self._nodes, self._kids, self._parent = staged._nodes, staged._kids, staged._parent
        self._links_out, self._links_in = staged._links_out, staged._links_in
        return mapping

    # ------------------------------------------------------------- the document

    def to_document(self) -> dict[str, Any]:
        """Return the map as its JSON document: node-link data in a versioned envelope."""
        with paused_gc():
            return self._document()

    def _document(self) -> dict[str, Any]:
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, str]] = []
        order: dict[str, int] = {}
        tree_nodes, tree_kids = self._nodes, self._kids
        stack = [self._root]  # pre-order, as walk() but without its generator and levels
        while stack:
            node_id = stack.pop()
            data = tree_nodes[node_id]
            order[node_id] = len(nodes)
            entry: dict[str, Any] = {"id": node_id, **data}
            if "attributes" in entry:
                entry["attributes"] = dict(entry["attributes"])
            nodes.append(entry)
            kids = tree_kids[node_id]
            if kids:  # most nodes are leaves: skip building an empty generator for them
                edges.extend({"source": node_id, "target": kid} for kid in kids)
                stack.extend(reversed(kids))
        crosslinks = []
        for link in self._sorted_links(order):
            item = {"source": link.source, "target": link.target}
            if link.label:
                item["label"] = link.label
            crosslinks.append(item)
        return {
            "format": FORMAT_NAME,
            "schema": SCHEMA_VERSION,
            "meta": self.meta.to_dict(),
            "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
            "crosslinks": crosslinks,
        }

    @classmethod
    def from_document(cls, doc: Any) -> MindMap:
        """Return the map that DOC describes, or raise MapFileError saying exactly what is wrong."""
        with paused_gc():
            return _DocumentReader(doc).read()

    def validate(self) -> None:
        """Raise MapFileError if the map breaks a rule (it never should)."""
        MindMap.from_document(self.to_document())


class _DocumentReader:
    """Check a map document field by field and build the map from it."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    @staticmethod
    def fail(where: str, what: str) -> MapFileError:
        return MapFileError(f"{where}: {what}" if where else what)

    def expect(self, value: Any, kind: type | tuple[type, ...], where: str, name: str) -> Any:
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            expected = name
            raise self.fail(where, f"expected {expected}, found {_json_type(value)}")
        return value

    def read(self) -> MindMap:
        doc = self.expect(self.doc, dict, "", "a JSON object with a mindmap map")
        if "format" not in doc:
            raise self.fail("", 'not a mindmap file: it has no \'format\' field (expected "format": "mindmap")')
        if doc["format"] != FORMAT_NAME:
            raise self.fail("format", f"not a mindmap file: the format is {doc['format']!r}, expected 'mindmap'")
        schema = doc.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise self.fail("schema", f"expected a schema version number, found {_json_type(schema)}")
        if schema > SCHEMA_VERSION:
            raise self.fail(
                "schema",
                f"this map was written by a newer mindmap (schema {schema}; this version reads up to "
                f"{SCHEMA_VERSION}): upgrade mindmap to open it",
            )
        unknown = set(doc) - {"format", "schema", "meta", "graph", "crosslinks"}
        if unknown:
            raise self.fail("", f"unknown top-level field {sorted(unknown)[0]!r}")
        meta = self.read_meta(doc.get("meta", {}))
        graph = self.expect(doc.get("graph"), dict, "graph", "an object with 'nodes' and 'edges'")
        nodes = self.expect(graph.get("nodes"), list, "graph.nodes", "a list of nodes")
        edges = self.expect(graph.get("edges"), list, "graph.edges", "a list of edges")

        tree: dict[str, dict[str, Any]] = {}
        roots = []
        for index, raw in enumerate(nodes):
            where = f"graph.nodes[{index}]"
            node_id, data = self.read_node(raw, where)
            if node_id in tree:
                raise self.fail(f"{where}.id", f"the id {node_id!r} is used twice")
            tree[node_id] = data
            if data["kind"] == "root":
                roots.append(node_id)
        if not roots:
            raise self.fail("graph.nodes", "no node has the kind 'root'")
        if len(roots) > 1:
            raise self.fail("graph.nodes", f"two roots: {roots[0]!r} and {roots[1]!r}; a map has one")
        kids: dict[str, list[str]] = {node_id: [] for node_id in tree}
        parents: dict[str, str] = {}
        fast = self.read_edges_in_bulk(tree, edges)
        if fast is not None:
            for parent_id, child_id in zip(*fast, strict=True):
                kids[parent_id].append(child_id)
            parents.update(zip(fast[1], fast[0], strict=True))
        for index, raw in enumerate(() if fast is not None else edges):
            where = f"graph.edges[{index}]"
            edge = self.expect(raw, dict, where, "an object with 'source' and 'target'")
            source: Any = edge.get("source")
            target: Any = edge.get("target")
            for end, value in (("source", source), ("target", target)):
                if not isinstance(value, str):
                    raise self.fail(f"{where}.{end}", f"expected a node id, found {_json_type(value)}")
                if value not in tree:
                    raise self.fail(f"{where}.{end}", f"no node has the id {value!r}")
            if source == target:
                raise self.fail(where, f"the node {source!r} is its own parent")
            if target in parents:
                raise self.fail(where, f"the node {target!r} has two parents")
            kind, parent_kind = tree[target]["kind"], tree[source]["kind"]
            if parent_kind not in ALLOWED_PARENTS[kind]:
                if kind == "root":
                    raise self.fail(where, "the root cannot have a parent")
                allowed = " or ".join(sorted(ALLOWED_PARENTS[kind]))
                raise self.fail(where, f"a {kind} ({target!r}) cannot be under a {parent_kind}; only under a {allowed}")
            kids[source].append(target)
            parents[target] = source
        root = roots[0]
        reached = {root}
        stack = [root]
        while stack:
            below = kids[stack.pop()]
            reached.update(below)
            stack.extend(below)
        if len(reached) != len(tree):
            stray = next(n for n in tree if n not in reached)
            if stray not in parents:
                raise self.fail(
                    "graph", f"the node {stray!r} has no parent (an orphan): every node but the root needs one"
                )
            raise self.fail("graph", f"the node {stray!r} is in a cycle, cut off from the root")

        links_out: dict[str, dict[str, str]] = {}
        links_in: dict[str, dict[str, str]] = {}
        raw_links = self.expect(doc.get("crosslinks", []), list, "crosslinks", "a list of links")
        for index, raw in enumerate(raw_links):
            where = f"crosslinks[{index}]"
            item = self.expect(raw, dict, where, "an object with 'source' and 'target'")
            source, target = item.get("source"), item.get("target")
            for end, value in (("source", source), ("target", target)):
                if not isinstance(value, str) or value not in tree:
                    raise self.fail(f"{where}.{end}", f"no node has the id {value!r}")
            if source == target:
                raise self.fail(where, "a node cannot link to itself")
            label = item.get("label", "")
            if not isinstance(label, str):
                raise self.fail(f"{where}.label", f"expected text, found {_json_type(label)}")
            if label or target not in links_out.get(source, {}):  # a repeated link without a label keeps its label
                links_out.setdefault(source, {})[target] = label
                links_in.setdefault(target, {})[source] = label

        mindmap = MindMap.__new__(MindMap)
        mindmap._nodes, mindmap._kids, mindmap._parent = tree, kids, parents
        mindmap._links_out, mindmap._links_in = links_out, links_in
        mindmap._root = root
        mindmap.meta = meta
        return mindmap

    @staticmethod
    def read_edges_in_bulk(tree: dict[str, dict[str, Any]], edges: list[Any]) -> tuple[list[str], list[str]] | None:
        """Return the sources and targets of EDGES if every edge is valid (checked list-wide), else None."""
        # Whole-list operations run in C; when any edge is wrong, the edge-by-edge checks in read()
        # find the first fault and say what it is.
        try:
            sources = list(map(operator.itemgetter("source"), edges))
            targets = list(map(operator.itemgetter("target"), edges))
            target_set = set(targets)
            fine = (
                all(type(raw) is dict for raw in edges)
                and tree.keys() >= set(sources)
                and tree.keys() >= target_set
                and len(target_set) == len(targets)  # one parent each
                and not any(map(operator.eq, sources, targets))
            )
            if fine:
                kinds = {node_id: data["kind"] for node_id, data in tree.items()}
                pairs = set(zip(map(kinds.__getitem__, sources), map(kinds.__getitem__, targets), strict=True))
                fine = all(parent in ALLOWED_PARENTS[kind] for parent, kind in pairs)
        except (KeyError, TypeError, IndexError):  # not objects with both ends, or unhashable ends
            return None
        return (sources, targets) if fine else None

    def read_meta(self, raw: Any) -> MapMeta:
        meta = self.expect(raw, dict, "meta", "an object")
        out = MapMeta()
        for name in ("title", "license", "description", "created"):
            if name in meta:
                value = meta[name]
                if not isinstance(value, str):
                    raise self.fail(f"meta.{name}", f"expected text, found {_json_type(value)}")
                setattr(out, name, value)
        authors = meta.get("authors", [])
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise self.fail("meta.authors", "expected a list of names")
        out.authors = list(authors)
        extra = meta.get("extra", {})
        if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
            raise self.fail("meta.extra", "expected an object of text values")
        out.extra = dict(extra)
        return out

    def read_node(self, raw: Any, where: str) -> tuple[str, dict[str, Any]]:
        node = raw if type(raw) is dict else self.expect(raw, dict, where, "a node object")
        node_id = node.get("id")
        if not isinstance(node_id, str) or not _ID_SHAPE.match(node_id):
            raise self.fail(
                f"{where}.id",
                f"expected a node id (1-64 letters, digits, '_', '-', '.', ':'), found {_json_type(node_id)}",
            )
        kind = node.get("kind")
        if kind not in KINDS:
            raise self.fail(f"{where}.kind", f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        data: dict[str, Any] = {"kind": kind}
        for name, value in node.items():
            if name in _TEXT_FIELD_SET:  # most fields: test them first
                if not isinstance(value, str):
                    raise self.fail(f"{where}.{name}", f"expected text, found {_json_type(value)}")
                if name == "label":
                    try:
                        check_label(value)
                    except RuleError as error:
                        raise self.fail(f"{where}.label", str(error)) from None
                data[name] = value
            elif name == "attributes":
                if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                    raise self.fail(f"{where}.attributes", "expected an object of text values")
                data[name] = dict(value)
            elif name == "folded":
                if not isinstance(value, bool):
                    raise self.fail(f"{where}.folded", f"expected true or false, found {_json_type(value)}")
                if value:
                    data[name] = True
            elif name != "id" and name != "kind":
                raise self.fail(f"{where}.{name}", "unknown field")
        if "label" not in data:
            raise self.fail(where, "the node has no label")
        return node_id, data


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__

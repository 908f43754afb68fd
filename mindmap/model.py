"""The mind map: one tree of typed nodes plus cross-links, and the rules that keep it valid.

This is the only module that touches networkx. Everything else sees `MindMap` and `Node`.
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
import shlex
import unicodedata
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from itertools import chain, compress, count, repeat
from typing import TYPE_CHECKING, Any, NoReturn

import networkx as nx

from mindmap.errors import MapFileError, MindmapError, NodeNotFoundError, RuleError

if TYPE_CHECKING:
    from mindmap.combining import CombineReport

FORMAT_NAME = "mindmap"
SCHEMA_VERSION = 1

KINDS = ("root", "sector", "organisation", "channel", "topic")
KIND_ALIASES = {"org": "organisation", "organization": "organisation", "organisations": "organisation"}
# Plurals, as people type them in `find --kind channels` or a contributions sheet's kind column.
KIND_ALIASES |= {"orgs": "organisation", "organizations": "organisation"}
KIND_ALIASES |= {f"{kind}s": kind for kind in ("sector", "channel", "topic")}
# Which kinds may be the parent of each kind. Topics go anywhere so generic and imported maps fit,
# but nothing goes under a channel: a channel is a leaf.
ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    "root": frozenset(),
    "sector": frozenset({"root", "sector"}),
    "organisation": frozenset({"sector", "organisation"}),
    "channel": frozenset({"organisation"}),
    "topic": frozenset({"root", "sector", "organisation", "topic"}),
}
# An organisation or channel needs a parent of the kind that holds it (never the map's root): that parent's
# kind, its placeholder, and an example of one, for saying what to give.
PARENT_NEEDED = {
    "organisation": ("a sector", "SECTOR", "'Arts and culture'"),
    "channel": ("an organisation", "ORGANISATION", "'Derby QUAD'"),
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
# Lone surrogates come from undecodable bytes (e.g. a non-UTF-8 command argument) and JSON cannot hold
# them; U+FFFE and U+FFFF are noncharacters that XML (FreeMind, OPML, SVG) cannot hold.
_SURROGATE = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
# What a stored text may not hold: control characters but tab and line feed, surrogates, noncharacters.
_NOT_STORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FIELD_LIMITS = {"note": MAX_NOTE_CHARS, "url": MAX_URL_CHARS}
_ID_SHAPE = re.compile(r"[A-Za-z0-9_.:-]{1,64}\Z")  # \Z, not $: "$" lets a final line break through
_PATH_SPLIT = re.compile(r"(?<!\\)/")
_OUTER_SLASHES = re.compile(r"^/+|(?<!\\)/+$")

TEXT_FIELDS = ("label", "note", "url", "platform", "handle", "added_by", "added_at", "modified_at", "color")


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


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while a whole map is built or converted."""
    # Building a big map allocates hundreds of thousands of dicts and frees none of them in cycles:
    # the collector would only walk every live object again and again (half the time of a 100,000-node
    # load). It runs again at the end, so nothing that a caller leaves behind is kept.
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def normalise_kind(kind: str) -> str:
    """Return the canonical kind name for KIND or an alias such as 'org'."""
    if not isinstance(kind, str):
        raise RuleError(f"a kind must be text, not {type(kind).__name__}: use one of {', '.join(KINDS[1:])}")
    key = kind.strip().lower()
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        raise RuleError(f"unknown kind {kind!r}: use one of {', '.join(KINDS[1:])}")
    return key


def new_node_kind(kind: str) -> str:
    """Return the canonical kind of a new node of KIND, refusing unknown kinds and the root."""
    key = normalise_kind(kind)
    if key == "root":
        raise RuleError("a map has exactly one root; add a sector, organisation, channel or topic")
    return key


def needs_parent(kind: str, where: str = "") -> str:
    """Return 'an organisation goes under a sector[WHERE]: ' for a KIND that needs a parent of another kind."""
    return f"{with_article(kind)} goes under {PARENT_NEEDED[kind][0]}{where}: "


def resolve_parent(mindmap: MindMap | None, kind: str, under: str | None) -> str | None:
    """Return the id of the parent UNDER names for a new node of KIND, or raise saying what to give."""
    # Without UNDER, MINDMAP is not needed (None): the answer is the root (None) or the error, so the
    # command line says it before it reads the map.
    kind = normalise_kind(kind)
    if under is None:
        if kind in PARENT_NEEDED:
            _, holder, example = PARENT_NEEDED[kind]
            raise RuleError(needs_parent(kind) + f"add --under {holder} (e.g. --under {example})")
        return None
    assert mindmap is not None, "a parent is named: the map is needed to find it"
    try:
        # An organisation or channel never goes right under the root: never offer it as the meant parent.
        parent = mindmap.resolve(under, suggest_root=kind not in PARENT_NEEDED)
    except NodeNotFoundError as error:
        if kind != "organisation":
            raise
        # A sector named before it was made: say how to make it.
        if not str(error).startswith("no node ") or "did you mean" in str(error):
            # A typo of a node that is there, a name of several nodes or an empty one: making a sector of that
            # name is not what was meant.
            raise
        raise NodeNotFoundError(f"{error} (or start it: mindmap add sector {shlex.quote(under)})") from None
    if parent == mindmap.root and kind in PARENT_NEEDED:
        _, holder, _ = PARENT_NEEDED[kind]
        example = example_holder(mindmap, kind)
        raise RuleError(needs_parent(kind, ", not the map's root") + f"add --under {holder} (e.g. --under {example})")
    return parent


def example_holder(mindmap: MindMap, kind: str) -> str:
    """Return, quoted for a shell, a node of MINDMAP that a new node of KIND could go under, or a made-up one."""
    # An example from the user's own map reads better than one from Derby's.
    holder_kind = "sector" if kind == "organisation" else "organisation"
    for node_id, _ in mindmap.walk():
        if mindmap.kind(node_id) == holder_kind:
            return shlex.quote(escape_path_part(mindmap.label(node_id)))
    return PARENT_NEEDED[kind][2]


def check_not_under_root(mindmap: MindMap, node_id: str, kind: str, parent: str, node: str) -> None:
    """Raise the helpful RuleError if NODE_ID, of KIND, would sit right under the map's root, which it cannot."""
    # NODE is the reference as the user gave it, for the command that puts things right.
    kind = normalise_kind(kind)
    if parent != mindmap.root or kind not in PARENT_NEEDED:
        return
    holder_kind, holder, _ = PARENT_NEEDED[kind]
    example = example_holder(mindmap, kind)
    if mindmap.parent(node_id) == parent and mindmap.kind(node_id) != kind:  # `set --kind` of a node there
        raise RuleError(
            f"{quoted(mindmap.display_path(node_id))} is right under the map's root, where {with_article(kind)} "
            f"cannot go: move it under {holder_kind} first (mindmap move {shlex.quote(node)} {holder}), then set "
            "its kind"
        )
    raise RuleError(
        needs_parent(kind, ", not the map's root")
        + f"mindmap move {shlex.quote(node)} {holder} (e.g. mindmap move {shlex.quote(node)} {example})"
    )


_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3}){1,2}")


def colour_value(text: str) -> str:
    """Return the colour TEXT (#RGB or #RRGGBB) as a node stores it, #RRGGBB in capitals, or raise RuleError."""
    if not isinstance(text, str):
        raise RuleError(f"a colour must be text such as '#1F77B4', not {type(text).__name__}")
    text = text.strip()
    if not _COLOUR.fullmatch(text):
        raise RuleError(f"{text!r} is not a colour: write it as #RRGGBB in hexadecimal, e.g. '#1F77B4'")
    if len(text) == 4:  # #RGB is #RRGGBB with each digit doubled, as in CSS
        text = "#" + "".join(digit * 2 for digit in text[1:])
    return text.upper()


def could_be_close(word: str, texts: list[str], cutoff: float) -> list[str]:
    """Return TEXTS without those that difflib.get_close_matches(WORD, TEXTS, cutoff=CUTOFF) is sure to leave out."""
    # difflib checks each text with quick_ratio (how many characters the two share, as multisets) before
    # its slow ratio, but quick_ratio itself is a Python loop per character: "did you mean" took half a
    # second on 100,000 labels. The characters of a text that occur in WORD at all are at least as many
    # as they share, so a ratio made with that count is never below quick_ratio. One translate of all the
    # texts at once (joined by NUL, which no stored text holds) keeps just those characters; the texts kept
    # are then checked by difflib as before, so the matches are the same.
    joined = "\0".join(texts)
    if not texts or "\0" in word or joined.count("\0") != len(texts) - 1:
        return texts
    keep = {*word, "\0"}
    alphabet = range(128) if joined.isascii() else map(ord, set(joined))
    drop = dict.fromkeys(code for code in alphabet if chr(code) not in keep)
    size = len(word)
    shared = map(min, map(len, joined.translate(drop).split("\0")), repeat(size))
    # 2.0 * shared / (len(text) + size) >= cutoff, difflib's own formula, worked out in C for every text.
    ratios = map(
        operator.truediv, map(operator.mul, repeat(2.0), shared), map(operator.add, map(len, texts), repeat(size))
    )
    return list(compress(texts, map(operator.ge, ratios, repeat(cutoff))))


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Return TEXT with line ends normalised and control characters removed (for importers)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _SURROGATE.sub("", _CONTROL.sub("", text))


def _check_text(what: str, value: object, limit: int, *, multiline: bool = True) -> str:
    if not isinstance(value, str):
        raise RuleError(f"{what} must be text, not {type(value).__name__}")
    # NFC, so that 'Café' typed with a combining accent is the same label as the precomposed one.
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    if len(value) > limit:
        raise RuleError(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    bad = (_CONTROL if multiline else _CONTROL_IN_LINE).search(value)
    if bad:
        raise RuleError(f"{what} contains the control character U+{ord(bad.group()):04X} at position {bad.start() + 1}")
    broken = _SURROGATE.search(value)
    if broken:
        raise RuleError(
            f"{what} is not valid text: U+{ord(broken.group()):04X} at position {broken.start() + 1} "
            "(a noncharacter, or undecodable bytes: is the input UTF-8?)"
        )
    return value


def check_whole_number(what: str, value: object) -> None:
    """Raise RuleError unless VALUE is None or a whole number (not a bool): a position or depth given from Python."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise RuleError(f"{what} must be a whole number, not {value!r}")


def check_flag(what: str, value: object) -> None:
    """Raise RuleError unless VALUE is None, True or False ('yes' is not False, nor is 'false')."""
    if value is not None and not isinstance(value, bool):
        raise RuleError(f"{what} must be True or False, not {value!r}")


def check_label(label: object) -> str:
    """Return LABEL if it is a usable node label, else raise RuleError."""
    value = _check_text("a label", label, MAX_LABEL_CHARS).strip()
    if not value:
        raise RuleError("a label cannot be empty")
    return value


def path_parts(ref: str) -> list[str]:
    """Return the labels a NODE path such as 'Arts/Derby QUAD' names, '\\/' read as a '/' in a label."""
    # Slashes around the path are left out, but not an escaped one: 'AC\/' names the label 'AC/'.
    return [part.replace("\\/", "/") for part in _PATH_SPLIT.split(_OUTER_SLASHES.sub("", ref))]


def encode_id(node_id: str) -> str:
    """Return NODE_ID as a FreeMind ID (an XML NCName): 'ID_' + the id with '_' as '__' and ':' as '_c'."""
    return "ID_" + node_id.replace("_", "__").replace(":", "_c")


_ENCODED_ID = re.compile(r"^ID_((?:[A-Za-z0-9.-]|__|_c)+)$")
_PLAIN_ENCODED_ID = re.compile(r"ID_([A-Za-z0-9.-]+)\Z")  # most ids: nothing to decode, matched without alternatives


def decode_id(value: str) -> str | None:
    """Return the node id that encode_id turned into VALUE, or None if VALUE is not such an ID."""
    plain = _PLAIN_ENCODED_ID.match(value)
    if plain:
        return plain.group(1)
    match = _ENCODED_ID.match(value)
    if not match:
        return None
    encoded = match.group(1)
    if "_" not in encoded:  # most ids: nothing to decode
        return encoded
    return re.sub(r"_(.)", lambda m: "_" if m.group(1) == "_" else ":", encoded)


def escape_path_part(label: str) -> str:
    """Return LABEL with '/' written as '\\/' so that it can stand in a NODE path."""
    return label.replace("/", "\\/")


def id_from_bits(value: int) -> str:
    """Return the node id that the low bits of VALUE spell in ID_ALPHABET."""
    chars = []
    for _ in range(ID_LENGTH):
        value, digit = divmod(value, 32)
        chars.append(ID_ALPHABET[digit])
    return "".join(chars)


def _new_id(taken: Mapping[str, Any] | nx.DiGraph, seed_text: str) -> str:
    # MINDMAP_ID_SEED makes ids reproducible (for the committed example map and for tests);
    # otherwise ids are random, so two people adding nodes on two copies never collide.
    seed = os.environ.get("MINDMAP_ID_SEED")
    for attempt in range(1000):
        if seed:
            digest = hashlib.sha256(f"{seed}\0{seed_text}\0{attempt}".encode()).digest()
            value = int.from_bytes(digest[:8], "big")
        else:
            value = secrets.randbits(64)
        candidate = id_from_bits(value)
        if candidate not in taken:
            return candidate
    raise RuleError("could not find a free node id")  # pragma: no cover - needs 1000 collisions


def new_id(taken: Container[str], hint: str = "") -> str:
    """Return a new node id that is not in TAKEN (random, or reproducible under MINDMAP_ID_SEED)."""
    return _new_id(taken, hint)  # type: ignore[arg-type]


def field_word(name: str) -> str:
    """Return the word users know a node's field by: 'colour', as the option says, for the stored 'color'."""
    return "colour" if name == "color" else name


def stored_url(url: str, kind: str, platform: str | None = None, *, force: bool = False) -> tuple[str, str, str]:
    """Return (url, platform, handle) as a node of KIND stores the link URL, or raise RuleError on a faulty one.

    The url is normalised as imports normalise it (channels.stored_link, reading scheme-less addresses as
    the command line does); platform and handle are what the link says (for a channel, else empty).
    FORCE keeps a faulty link (normalised all the same).
    """
    from mindmap import channels  # not at start-up: most commands never read a link

    if kind == "channel" and url.strip().startswith("@"):
        # A bare @handle (with PLATFORM) or @user@server, as `mindmap add channel @x --platform twitter` reads it:
        # a script passing a sheet's Twitter column to add(url=...) got "not a web link" for every handle.
        try:
            url = channels.recognise(url.strip(), platform or None).url
        except MindmapError as error:
            raise RuleError(str(error)) from None
    stored, faults = channels.stored_link(url, kind, platform or None, typed=True)
    if faults and not force:
        raise RuleError(faults[0].refusal(url))
    if kind != "channel":
        return stored, "", ""
    try:
        found = channels.recognise(stored, platform or None)
    except MindmapError:
        return stored, "", ""  # a kept faulty link: its platform and handle are what the caller says
    return stored, found.platform, found.handle


class MindMap:
    """A mind map: a tree of sectors, organisations, channels and topics, with cross-links."""

    def __init__(self, title: str = "Untitled map", *, by: str = "", root_label: str | None = None) -> None:
        self._tree: nx.DiGraph = nx.DiGraph()
        self._links: nx.DiGraph = nx.DiGraph()
        self.meta = MapMeta(title=_check_text("the title", title, MAX_LABEL_CHARS), created=now()[:10])
        self._root = _new_id(self._tree, f"root\0{title}")
        stamp = now()
        self._tree.add_node(
            self._root,
            id=self._root,
            kind="root",
            label=check_label(root_label if root_label is not None else title),
            added_by=_check_text("the author", by, MAX_LABEL_CHARS, multiline=False),
            added_at=stamp,
            modified_at=stamp,
        )

    # ----------------------------------------------------------------- reading

    @property
    def root(self) -> str:
        """Return the id of the root node."""
        return self._root

    def __len__(self) -> int:
        return int(self._tree.number_of_nodes())

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._tree

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
        # A node's data is its document entry ("id" included), shared with the documents that were read
        # or written: read it here, and change it only through _writable().
        try:
            return self._tree._node[node_id]  # type: ignore[no-any-return]
        except (KeyError, TypeError):  # TypeError: an unhashable "id" (a list) given from Python
            raise NodeNotFoundError(f"no node with id {node_id!r}{self._named_so(node_id)}") from None

    def _named_so(self, text: object) -> str:
        # From Python, a label or path where an id is wanted is the likely mistake: say how to get the id.
        if not isinstance(text, str) or not text.strip():
            return ""
        try:
            self.resolve(text)
        except NodeNotFoundError:
            return ""
        return f" (that is a label or path: resolve({text!r}) gives its id)"

    def _writable(self, node_id: str) -> dict[str, Any]:
        # Copy on write: the map puts a new dict in the node's place, so a document that shares the old
        # one (the file as it was read, which the journal compares with) keeps what it said.
        data = dict(self._data(node_id))
        if "attributes" in data:
            data["attributes"] = dict(data["attributes"])
        self._tree._node[node_id] = data
        return data

    def kind(self, node_id: str) -> str:
        """Return the kind of NODE_ID."""
        return str(self._data(node_id)["kind"])

    def label(self, node_id: str) -> str:
        """Return the label of NODE_ID."""
        return str(self._data(node_id)["label"])

    def parent(self, node_id: str) -> str | None:
        """Return the id of NODE_ID's parent, or None for the root."""
        self._data(node_id)
        for parent in self._tree.predecessors(node_id):
            return str(parent)
        return None

    def children(self, node_id: str) -> list[str]:
        """Return the ids of NODE_ID's children, in order."""
        self._data(node_id)
        return list(self._tree.successors(node_id))

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
        check_whole_number("the depth", depth)
        succ = self._tree._succ
        stack: list[tuple[str, int]] = [(first, 0)]
        while stack:
            node_id, level = stack.pop()
            yield node_id, level
            if depth is None or level < depth:
                kids = list(succ[node_id])
                stack.extend((kid, level + 1) for kid in reversed(kids))

    def ids(self) -> list[str]:
        """Return every node id in pre-order."""
        return [node_id for node_id, _ in self.walk()]

    def nodes(self) -> Iterator[Node]:
        """Yield every node in pre-order."""
        for node_id, _ in self.walk():
            yield self.node(node_id)

    def nested(self, start: str | None = None, depth: int | None = None) -> dict[str, Any]:
        """Return START's subtree (default: the whole map) as `tree --json` prints it: nodes' fields and "children".

        Plain dicts and lists, every field present even when empty (docs/json.md); built without recursion.
        """
        first = self._root if start is None else start
        items: dict[str, dict[str, Any]] = {}
        for node_id, _ in self.walk(first, depth):
            entry = asdict(self.node(node_id))
            entry["children"] = []
            items[node_id] = entry
            if node_id != first:
                items[self.parent(node_id)]["children"].append(entry)  # type: ignore[index]
        return items[first]

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
        if not self._links.number_of_edges():
            return []  # saves a walk of the whole tree on every save of a map without links
        order = {node_id: index for index, node_id in enumerate(self.ids())}
        found = [CrossLink(str(s), str(t), str(d.get("label", ""))) for s, t, d in self._links.edges(data=True)]
        return sorted(found, key=lambda link: (order[link.source], order[link.target]))

    def count_content(self) -> dict[str, int]:
        """Return how many notes, urls, attributes and cross-links the map holds, in one pass."""
        counts = {"notes": 0, "urls": 0, "attributes": 0, "cross-links": int(self._links.number_of_edges())}
        for _, data in self._tree.nodes(data=True):
            counts["notes"] += bool(data.get("note"))
            counts["urls"] += bool(data.get("url"))
            counts["attributes"] += len(data.get("attributes", ()))
        return counts

    def links_from(self, node_id: str) -> list[CrossLink]:
        """Return the cross-links that start at NODE_ID."""
        if node_id not in self._links:
            return []
        return [CrossLink(node_id, str(t), str(d.get("label", ""))) for t, d in self._links[node_id].items()]

    def links_to(self, node_id: str) -> list[CrossLink]:
        """Return the cross-links that end at NODE_ID."""
        if node_id not in self._links:
            return []
        return [CrossLink(str(s), node_id, str(d.get("label", ""))) for s, d in self._links.pred[node_id].items()]

    # -------------------------------------------------------------- addressing

    def resolve(self, ref: str, *, suggest_root: bool = True) -> str:
        """Return the id that REF names: an id, a label unique in the map, or a path of labels.

        Unless SUGGEST_ROOT, a missing node's "did you mean" never names the root (e.g. for an organisation's parent).
        """
        if not isinstance(ref, str):
            raise NodeNotFoundError(f"a NODE is an id, label or path (text), not {type(ref).__name__}")
        if not ref.strip():
            raise NodeNotFoundError("a NODE cannot be empty")
        if ref in self._tree:
            return ref
        ref = unicodedata.normalize("NFC", ref).strip()
        if _PATH_SPLIT.search(ref):
            found = self._resolve_path(ref)
            if found is not None:
                return self._unless_printed_elsewhere(ref, found)
        label = ref.replace("\\/", "/")
        exact = [n for n, d in self._tree.nodes(data=True) if d["label"] == label]
        if not exact:
            folded = label.casefold()
            exact = [n for n, d in self._tree.nodes(data=True) if d["label"].casefold() == folded]
        if len(exact) == 1:
            return self._unless_printed_elsewhere(ref, str(exact[0]))
        if exact:
            order = {node_id: index for index, node_id in enumerate(self.ids())}
            exact.sort(key=order.__getitem__)
            paths = [self.display_path(n) for n in exact]
            shown = "; ".join(f"{path} (id {n})" for path, n in zip(paths[:5], exact, strict=False))
            more = f" and {len(exact) - 5} more" if len(exact) > 5 else ""
            # Two nodes of one name under one parent (both sides of a merge added it) share their path too.
            how = "path or id" if len(set(paths)) == len(paths) else "id"
            raise NodeNotFoundError(f"{ref!r} matches {len(exact)} nodes: {shown}{more}; name it by {how}")
        if "\\" in ref:
            printed = self._resolve_printed_path(ref)
            if printed is not None:
                return printed
        if _PATH_SPLIT.search(ref):
            slashed = self._slash_in_label(ref)
            if slashed is not None:
                raise NodeNotFoundError(
                    f"no node {quoted(ref)}; did you mean {quoted(self.display_path(slashed))}? "
                    "(write a '/' inside a label as '\\/')"
                )
            raise NodeNotFoundError(f"no node {quoted(ref)}{self._suggest_path(ref, suggest_root)}")
        raise NodeNotFoundError(f"no node {quoted(ref)}{self._suggest(label, suggest_root, ids=True)}")

    def _unless_printed_elsewhere(self, ref: str, found: str) -> str:
        """Return FOUND (REF read with '\\/' as an escaped '/') unless REF is another node's printed path."""
        # path() escapes only '/': the path it prints for a node under a label ending in '\\' ('\\' then '/')
        # reads as an escaped '/' too, and naming the other node silently would edit the wrong one.
        if "\\" not in ref:
            return found
        printed = self._resolve_printed_path(ref)  # several nodes printed so: that error says which
        if printed is None or printed == found:
            return found
        shown = "; ".join(f"{quoted(self.display_path(n))} (id {n})" for n in (found, printed))
        raise NodeNotFoundError(
            f"{ref!r} names 2 nodes ('\\/' read as a '/' in a label, or as a '\\' ending one): {shown}; name it by id"
        )

    def _resolve_printed_path(self, ref: str) -> str | None:
        """Return the node whose path as path() prints it is REF, or ends with '/' + REF when only one does."""
        # path() escapes only '/', so after a label that ends in a backslash (or holds one before a '/') the
        # separator reads as an escaped '/' and path_parts splits REF wrongly. Matching each label as path()
        # escapes it finds where the parts end: from the root down (the root's label may come first), else
        # from each node up, for a tail.
        starts = [0]
        top = escape_path_part(self.label(self._root)) + "/"
        if ref.startswith(top):
            starts.append(len(top))
        for start in starts:
            found: list[str] = []
            stack = [(self._root, start)]
            while stack:
                node_id, at = stack.pop()
                for kid in self._tree.successors(node_id):
                    part = escape_path_part(self._tree.nodes[kid]["label"])
                    end = at + len(part)
                    if ref.startswith(part, at):
                        if end == len(ref):
                            found.append(str(kid))
                        elif ref[end] == "/":
                            stack.append((kid, end + 1))
            if found:
                return self._one_printed(ref, found)
        for node_id in self._tree:
            at, current = len(ref), node_id
            while current != self._root:
                part = escape_path_part(self._tree.nodes[current]["label"])
                if not ref.endswith(part, 0, at):
                    break
                at -= len(part)
                if at == 0:
                    found.append(str(node_id))
                    break
                if ref[at - 1] != "/":
                    break
                at -= 1
                current = next(iter(self._tree.predecessors(current)))
        return self._one_printed(ref, found) if found else None

    def _one_printed(self, ref: str, found: list[str]) -> str:
        if len(found) > 1:
            shown = "; ".join(f"{self.display_path(n)} (id {n})" for n in found[:5])
            raise NodeNotFoundError(f"path {ref!r} matches {len(found)} nodes: {shown}; give more of the path or an id")
        return found[0]

    def _slash_in_label(self, ref: str) -> str | None:
        """Return the one node whose path REF is, or ends, once the '/' in its labels are read as separators."""
        # 'University Hospitals/Website linktr.ee/uhleicester': a label made from a link holds a '/', which a
        # path must write as '\/'; found only among labels with a '/', only once the path failed.
        wanted = "/" + "/".join(part.casefold() for part in path_parts(ref))
        found = []
        for node_id, data in self._tree.nodes(data=True):
            if "/" in data["label"] and node_id != self._root:
                # Climbs only until the text is as long as WANTED: the labels above cannot change its end
                # (climbing to the root from each made a deep chain's mistyped path quadratic).
                text, above = "/" + data["label"].casefold(), self.parent(node_id)
                while len(text) < len(wanted) and above is not None and above != self._root:
                    text = "/" + self.label(above).casefold() + text
                    above = self.parent(above)
                if text.endswith(wanted):
                    found.append(node_id)
        return str(found[0]) if len(found) == 1 else None

    def _suggest_path(self, ref: str, root: bool = True) -> str:
        # Follow the path as far as it goes from the root, then offer the children there that are close to
        # the part that failed; a path that fails at once (a tail, or a typo in its first part) gets the
        # labels close to its last part, anywhere.
        parts = path_parts(ref)
        if parts and parts[0].casefold() == self.label(self._root).casefold():
            parts = parts[1:]
        current, depth = self._root, 0
        for part in parts:
            folded = part.casefold()
            matches = [kid for kid in self._tree.successors(current) if self.label(kid).casefold() == folded]
            if len(matches) != 1:
                break
            current, depth = matches[0], depth + 1
        if not depth and len(parts) > 1:
            # The path may be a tail ('Derby QUAD/Twiter'): its head, if it names one node, is where to look.
            head = _PATH_SPLIT.split(ref.strip("/"))[:-1]
            with contextlib.suppress(NodeNotFoundError):
                current, depth = self.resolve("/".join(head), suggest_root=root), len(parts) - 1
        if not depth or depth == len(parts):
            return self._suggest(parts[-1] if parts else ref, root)
        kids = {self.label(kid): kid for kid in self._tree.successors(current)}
        close = _close_labels(parts[depth], list(kids))
        if not close:
            return ""
        return "; did you mean " + " or ".join(quoted(self.display_path(kids[text])) for text in close) + "?"

    def _resolve_path(self, ref: str) -> str | None:
        parts = path_parts(ref)
        attempts = [parts]
        if parts and parts[0] == self.label(self._root):
            attempts.append(parts[1:])  # also allow the path to begin with the root's label
        for rest in attempts:
            current = self._root
            for part in rest:
                matches = [kid for kid in self._tree.successors(current) if self.label(kid) == part]
                if not matches:
                    folded = part.casefold()
                    matches = [k for k in self._tree.successors(current) if self.label(k).casefold() == folded]
                if len(matches) != 1:
                    if len(matches) > 1:
                        raise NodeNotFoundError(
                            f"path {ref!r}: {part!r} matches {len(matches)} children of "
                            f"{quoted(self.display_path(current))}; use an id: {', '.join(matches)}"
                        )
                    break
                current = matches[0]
            else:
                return current
        return self._resolve_path_tail(ref, [part.casefold() for part in parts])

    def _resolve_path_tail(self, ref: str, parts: list[str]) -> str | None:
        # A path may also be the tail of a full path ("Derby QUAD/Twitter @derbyquad"), when only one
        # node's path ends that way.
        found = []
        for node_id, data in self._tree.nodes(data=True):
            if data["label"].casefold() != parts[-1]:
                continue
            current: str | None = node_id
            for part in reversed(parts[:-1]):
                current = self.parent(current) if current is not None else None
                if current is None or self.label(current).casefold() != part:
                    break
            else:
                found.append(str(node_id))
        if len(found) > 1:
            shown = "; ".join(f"{self.display_path(n)} (id {n})" for n in found[:5])
            raise NodeNotFoundError(f"path {ref!r} matches {len(found)} nodes: {shown}; give more of the path or an id")
        return found[0] if found else None

    def did_you_mean(self, text: str) -> str:
        """Return "; did you mean 'LABEL'?" with up to 3 labels close to TEXT (as resolve's errors end), or ''."""
        text = unicodedata.normalize("NFC", text).strip()
        return self._suggest(text) if text else ""  # every label holds a blank text: none is close to it

    def _suggest(self, label: str, root: bool = True, *, ids: bool = False) -> str:
        # The map's title holds many words ('Social media in Leicester'): it is offered only when no other
        # node is close, since a node of the map is what a missing NODE was meant to be.
        labels = list({d["label"] for n, d in self._tree.nodes(data=True) if n != self._root})
        close = _close_labels(label, labels)
        # Ids only for a NODE given alone: a path's part or a `find` text is never an id.
        meant = self._close_ids(label) if ids and not close else []
        if meant:
            shown = " or ".join(f"{node_id} ({quoted(self.display_path(node_id))})" for node_id in meant)
            return f"; did you mean the id {shown}?"
        if not close and root:
            close = _close_labels(label, [self.label(self._root)])
        if not close:
            return ""
        return "; did you mean " + " or ".join(quoted(text) for text in close) + "?"  # as typed: one backslash

    def _close_ids(self, ref: str) -> list[str]:
        """Return up to 3 ids (in map order) that REF was meant to be: one letter wrong, two swapped, or capitals."""
        typed = ref.strip()
        if typed[:3].upper() == "ID_":  # copied from a .mm file, whose IDs are encode_id's
            typed = decode_id("ID_" + typed[3:]) or typed
            if typed in self._tree:
                return [typed]
        typed = typed.lower()
        if len(typed) < 4 or " " in typed:
            return []
        # A letter wrong or two swapped leave the first or the last part of the id as typed: a quick look at
        # those parts leaves the full comparison only a few ids (a miss on 100,000 nodes: 0.2 s otherwise).
        size = len(typed)
        head, tail = typed[: size // 2 - 1], typed[size // 2 + 1 :]
        likely = {
            node_id
            for node_id in self._tree
            if len(node_id) == size and (node_id[: len(head)].lower() == head or node_id[-len(tail) :].lower() == tail)
        }
        if not likely:
            return []
        close = []
        for node_id in self.ids() if len(likely) > 1 else likely:
            if node_id not in likely:
                continue
            known = node_id.lower()
            wrong = [at for at, (a, b) in enumerate(zip(known, typed, strict=True)) if a != b]
            if len(wrong) == 2:
                first, second = wrong
                swapped = second == first + 1 and (typed[first], typed[second]) == (known[second], known[first])
            if len(wrong) <= 1 or len(wrong) == 2 and swapped:
                close.append(node_id)
                if len(close) == 3:
                    break
        return close

    def no_match(self, text: str = "", *, kind: str | None = None, platform: str | None = None) -> str:
        """Return the line that says no node matches what find() was asked: "No node matches 'x', kind org"."""
        asked = [f"{text!r}"] if text else []
        asked += [f"kind {kind}"] if kind else []
        asked += [f"platform {platform}"] if platform else []
        close = self.did_you_mean(text) if text and kind is None and platform is None else ""
        if platform and kind and normalise_kind(kind) != "channel":
            # `find --kind org --platform twitter` reads as "organisations on Twitter", but only channels have one.
            close = f" (only channels have a platform: `mindmap find --platform {platform}` lists them, each in its "
            close += "organisation's path)"
        return f"No node matches {', '.join(asked)}{close}"

    def find(self, text: str = "", *, kind: str | None = None, platform: str | None = None) -> list[str]:
        """Return the ids (in map order) whose label, note, url, handle or attributes hold TEXT (any case or accents).

        KIND (a kind or an alias such as 'org') and PLATFORM (a platform id such as 'facebook') narrow it down.
        """
        if not isinstance(text, str):
            raise RuleError(f"the text to find must be text, not {type(text).__name__}")
        needle = search_fold(text)
        # A pasted link finds the node that stores it, in the form the map stores links ('is it in already?').
        stored = _stored_form(text)
        needles = (needle, search_fold(stored)) if stored else (needle,)
        wanted_kind = normalise_kind(kind) if kind else None
        found = []
        for node_id, _ in self.walk():
            data = self._tree.nodes[node_id]
            if wanted_kind is not None and data["kind"] != wanted_kind:
                continue
            if platform is not None and data.get("platform", "") != platform:
                continue
            url = data.get("url", "")
            haystack = [data["label"], data.get("note", ""), url, readable_url(url), data.get("handle", "")]
            for key, value in data.get("attributes", {}).items():
                haystack.extend((key, value))
            if any(wanted in search_fold(part) for part in haystack for wanted in needles):
                found.append(node_id)
        return found

    # ----------------------------------------------------------------- editing

    def check_placement(self, kind: str, parent_kind: str) -> None:
        """Raise RuleError unless a node of KIND may sit under a node of PARENT_KIND."""
        if parent_kind not in ALLOWED_PARENTS[kind]:
            if parent_kind == "channel":
                raise RuleError("nothing can go under a channel")
            allowed = " or ".join(with_article(k) for k in sorted(ALLOWED_PARENTS[kind]))
            raise RuleError(
                f"{with_article(kind)} cannot go under {with_article(parent_kind)}; it goes under {allowed}"
            )

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
        unique_label: bool = False,
        force: bool = False,
        url_as_is: bool = False,
        color_as_is: bool = False,
    ) -> str:
        """Add a node of KIND with LABEL under the node whose id is UNDER (default: the root); return its id.

        UNDER is an id: resolve() finds one from a label or path, and editing.add_node adds as `mindmap add`
        does (a NODE as UNDER, a channel's link or @handle as its label, the same refusals).

        With UNIQUE_LABEL, refuse a label that a sibling already has, as the command line does so that
        every path names one node; importers leave it off, since real files repeat labels. URL is stored
        normalised (see stored_url; a channel without PLATFORM and HANDLE gets the link's), and a faulty one
        is refused unless FORCE; URL_AS_IS stores it unread (for maps and imports whose links are stored already),
        COLOR_AS_IS the colour likewise (a node's stored colour, which imports keep as the file gave it).
        """
        kind = new_node_kind(kind)
        parent = self._root if under is None else under
        check_whole_number("the position", position)
        check_flag("folded", folded)
        self.check_placement(kind, self.kind(parent))
        if unique_label:
            self.check_free_label(parent, check_label(label))
        if node_id is None:
            node_id = _new_id(self._tree, f"{parent}\0{kind}\0{label}\0{len(self)}")
        elif node_id in self._tree:
            raise RuleError(f"the id {node_id!r} is already used")
        elif not _ID_SHAPE.match(node_id):
            raise RuleError(f"{node_id!r} is not a usable id (1-64 letters, digits, '_', '-', '.', ':')")
        stamp = now()
        data: dict[str, Any] = {"id": node_id, "kind": kind, "label": check_label(label)}
        checked = self._checked_fields(note=note, url=url, platform=platform, handle=handle, added_by=by, color=color)
        # As `set --colour` takes it: a stored colour is #RRGGBB, which .mm and DOT read.
        if checked["color"] and not color_as_is:
            checked["color"] = colour_value(checked["color"])
        if checked["url"] and not url_as_is:
            checked["url"], found_platform, found_handle = stored_url(checked["url"], kind, platform, force=force)
            checked["platform"] = checked["platform"] or found_platform
            checked["handle"] = checked["handle"] or found_handle
        data.update(checked)
        data["added_at"] = added_at or stamp
        data["modified_at"] = modified_at or data["added_at"]
        if attributes:
            data["attributes"] = self._checked_attributes(attributes)
        if folded:
            data["folded"] = True
        self._tree.add_node(node_id, **{k: v for k, v in data.items() if v != ""})
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
        if not isinstance(attributes, Mapping):
            raise RuleError(f"attributes must be a mapping of names to texts (a dict), not {type(attributes).__name__}")
        out = {}
        for key, value in attributes.items():
            key = _check_text("an attribute name", key, MAX_KEY_CHARS, multiline=False)
            if not key.strip():
                raise RuleError("an attribute name cannot be empty")
            out[key] = _check_text(f"the attribute {key!r}", value, MAX_VALUE_CHARS)
        return out

    def _attach(self, node_id: str, parent: str, position: int | None) -> None:
        # Each edge's data is its document entry, as each node's data is (see _edge_entry).
        if position is None:  # the common case, without listing the siblings (a wide import stays linear)
            self._tree.add_edge(parent, node_id, source=parent, target=node_id)
            return
        siblings = list(self._tree.successors(parent))
        if position >= len(siblings):
            self._tree.add_edge(parent, node_id, source=parent, target=node_id)
            return
        if position < 0:
            position = max(0, len(siblings) + 1 + position)
        siblings.insert(position, node_id)
        # networkx keeps successors in insertion order, so re-adding the edges sets the order.
        self._tree.remove_edges_from([(parent, kid) for kid in siblings if kid != node_id])
        self._tree.add_edges_from((parent, kid, _edge_entry(parent, kid)) for kid in siblings)

    def _touch(self, node_id: str) -> None:
        self._writable(node_id)["modified_at"] = now()

    def move(self, node_id: str, under: str, position: int | None = None) -> bool:
        """Move NODE_ID and its subtree under UNDER, at POSITION among its children (default: last); say if it moved."""
        check_whole_number("the position", position)
        if node_id == self._root:
            raise RuleError("the root cannot be moved")
        if under == node_id or node_id in self.ancestors(under):
            raise RuleError(f"cannot move {quoted(self.display_path(node_id))} under itself or its own descendant")
        self.check_placement(self.kind(node_id), self.kind(under))
        if self.parent(node_id) != under:
            self.check_free_label(under, self.label(node_id), exclude=node_id)
        if position is not None and position < 0:
            raise RuleError("the position counts from 0 and cannot be negative")
        old_parent = self.parent(node_id)
        assert old_parent is not None
        if old_parent == under:
            siblings = list(self._tree.successors(under))
            place = len(siblings) - 1 if position is None else min(position, len(siblings) - 1)
            if siblings.index(node_id) == place:
                return False  # already there: nothing changes, not even the time it was modified
        self._tree.remove_edge(old_parent, node_id)
        self._attach(node_id, under, position)
        self._touch(node_id)
        return True

    def rename(self, node_id: str, label: str) -> None:
        """Give NODE_ID a new LABEL, unless a sibling already has it."""
        label = check_label(label)
        parent = self.parent(node_id)
        if parent is not None:
            self.check_free_label(parent, label, exclude=node_id)
        data = self._writable(node_id)
        data["label"] = label
        data["modified_at"] = now()

    def check_free_label(self, parent: str, label: str, *, exclude: str | None = None) -> None:
        """Raise RuleError if a child of PARENT other than EXCLUDE has LABEL (ignoring case): paths must stay unique."""
        folded = label.casefold()
        for kid in self._tree.successors(parent):
            if kid != exclude and self._tree.nodes[kid]["label"].casefold() == folded:
                raise RuleError(
                    f"{quoted(self.display_path(parent))} already has a child labelled {self.label(kid)!r} (id {kid}); "
                    "choose another label, or change that node instead"
                )

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
        force: bool = False,
        url_as_is: bool = False,
        color_as_is: bool = False,
    ) -> None:
        """Change NODE_ID's fields: given values replace, attributes merge, UNSET removes fields or attributes.

        A new URL is stored as `add` stores it (a channel's platform and handle follow it unless given); a new
        COLOR as `set --colour` stores it, unless COLOR_AS_IS (another node's stored colour, as combine copies).
        """
        data = self._data(node_id)
        check_flag("folded", folded)
        if isinstance(unset, str):  # one name, not its letters
            unset = [unset]
        elif unset is None:
            unset = ()
        if not isinstance(unset, Iterable):
            raise RuleError(f"the fields to unset must be a list of names, not {unset!r}")
        unset = list(unset)
        if not all(isinstance(name, str) for name in unset):
            raise RuleError(f"the fields to unset must be a list of names, not {unset!r}")
        # 'colour' is the field 'color', unless the node has an attribute of that name.
        unset = ["color" if name == "colour" and name not in data.get("attributes", {}) else name for name in unset]
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
        if checked.get("color") and not color_as_is:
            checked["color"] = colour_value(checked["color"])
        new_attributes = self._checked_attributes(attributes or {})
        # Unsetting what is set in the same call would drop the new value while saying it was changed.
        for name in unset:
            if name in changes or name.removeprefix("attr:") in new_attributes:
                raise RuleError(f"cannot both set and unset {field_word(name)!r} in one change: give one of them")
        if kind is not None:
            kind = normalise_kind(kind)
            if (kind == "root") != (node_id == self._root):
                raise RuleError("only the root has the kind root, and the root keeps it")
            parent = self.parent(node_id)
            if parent is not None:
                self.check_placement(kind, self.kind(parent))
            for child in self.children(node_id):
                self.check_placement(self.kind(child), kind)
        if checked.get("url") and not url_as_is:
            link_kind = kind or data["kind"]
            checked["url"], found_platform, found_handle = stored_url(
                checked["url"], link_kind, checked.get("platform"), force=force
            )
            if link_kind == "channel":
                checked.setdefault("platform", found_platform)
                checked.setdefault("handle", found_handle)
        removable = {"note", "url", "platform", "handle", "color", "folded"}
        for name in unset:
            attrs = data.get("attributes", {})
            if name in attrs or name.startswith("attr:") and name[5:] in attrs:
                continue
            if name not in removable:
                raise RuleError(
                    f"cannot unset {name!r}: it is not an attribute of {quoted(self.display_path(node_id))} "
                    f"nor one of {', '.join(sorted(removable))}"
                )
        data = self._writable(node_id)
        _put_texts(data, checked)
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
        data["modified_at"] = now()

    def set_provenance(
        self, node_id: str, *, added_by: str | None = None, added_at: str | None = None, modified_at: str | None = None
    ) -> None:
        """Set NODE_ID's provenance fields as they are (for importers and merges)."""
        self._data(node_id)
        checked = {
            name: _check_text(f"the {name}", value, MAX_LABEL_CHARS, multiline=False)
            for name, value in (("added_by", added_by), ("added_at", added_at), ("modified_at", modified_at))
            if value is not None
        }
        _put_texts(self._writable(node_id), checked)

    def remove(self, node_id: str, recursive: bool = False) -> int:
        """Remove NODE_ID (and, with RECURSIVE, its subtree) and the cross-links to it; return the count."""
        if node_id == self._root:
            raise RuleError("the root cannot be removed; start a new map instead")
        self._data(node_id)
        doomed = [n for n, _ in self.walk(node_id)]
        if len(doomed) > 1 and not recursive:
            below = f"{len(doomed) - 1} node{'s' if len(doomed) > 2 else ''}"
            raise RuleError(
                f"{quoted(self.display_path(node_id))} has {below} below it; remove "
                f"{'them' if len(doomed) > 2 else 'it'} too with --recursive"
            )
        self._tree.remove_nodes_from(doomed)
        self._links.remove_nodes_from(doomed)
        return len(doomed)

    def link(self, source: str, target: str, label: str = "") -> None:
        """Draw a cross-link from SOURCE to TARGET, with an optional LABEL."""
        self._data(source)
        self._data(target)
        if source == target:
            raise RuleError("a node cannot link to itself")
        label = _check_text("a link label", label, MAX_LABEL_CHARS, multiline=False)
        self._links.add_edge(source, target, **({"label": label} if label else {}))
        if not label:
            self._links.edges[source, target].pop("label", None)

    def unlink(self, source: str, target: str) -> None:
        """Remove the cross-link from SOURCE to TARGET."""
        if not self._links.has_edge(source, target):
            raise RuleError(
                f"there is no link from {quoted(self.display_path(source))} to {quoted(self.display_path(target))}"
            )
        self._links.remove_edge(source, target)
        for node_id in (source, target):
            if node_id in self._links and self._links.degree(node_id) == 0:
                self._links.remove_node(node_id)

    def combine(self, keep: str, other: str) -> CombineReport:
        """Combine node OTHER into KEEP (children, fields, attributes, links) and remove it; return a CombineReport.

        See mindmap.combining for the rules; a refusal (RuleError) leaves the map as it was.
        """
        from mindmap.combining import combine  # the rules live there; it changes the map through this class

        return combine(self, keep, other)

    # ------------------------------------------------------- whole-map changes

    def copy(self) -> MindMap:
        """Return an independent copy of the map."""
        # The two maps share their node dicts, which both copy before changing (see _writable), and
        # the edge entries, which nothing changes; the map is valid already, so nothing is checked.
        tree: nx.DiGraph = nx.DiGraph()
        tree._node.update(self._tree._node)
        tree._succ.update({node_id: dict(kids) for node_id, kids in self._tree._succ.items()})
        tree._pred.update({node_id: dict(parent) for node_id, parent in self._tree._pred.items()})
        other = MindMap.__new__(MindMap)
        other._tree, other._links, other._root = tree, self._links.copy(), self._root
        other.meta = MapMeta(**{**vars(self.meta), "authors": list(self.meta.authors), "extra": dict(self.meta.extra)})
        return other

    def subtree(self, node_id: str, depth: int | None = None) -> MindMap:
        """Return a new map of NODE_ID's subtree (cut DEPTH levels below it) hanging from its ancestors."""
        # The chain of ancestors up to the root is kept, without their other children, so that every node keeps its kind
        # and the rules still hold (a channel still sits under its organisation).
        check_whole_number("the depth", depth)
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
        parent = self._root if under is None else under
        self._data(parent)
        mapping: dict[str, str] = {}
        used: set[str] = set()  # the new ids, as a set: `in mapping.values()` made big imports quadratic
        staged = self.copy()
        for node_id, _ in other.walk():
            if node_id == other.root and not include_root:
                mapping[node_id] = parent
                continue
            node = other.node(node_id)
            kind = node.kind
            if kind == "root":
                kind = self._kind_for_grafted_root(other, parent)
            source_parent = other.parent(node_id)
            new_parent = parent if source_parent is None else mapping[source_parent]
            if staged.kind(new_parent) not in ALLOWED_PARENTS[kind]:
                kind = "topic"  # e.g. a sector whose imported root became a topic
            new_id = node_id if node_id not in staged._tree and node_id not in used else None
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
                url_as_is=True,
                color_as_is=True,  # stored already: an import keeps a file's colour as it was given
            )
            used.add(mapping[node_id])
        # An internal link ('#<id>', as imported from FreeMind's LINK="#ID_x") follows its node to its new id.
        for new_id in mapping.values():
            url = staged._data(new_id).get("url", "")
            if new_id != parent and url.startswith("#") and mapping.get(url[1:], url[1:]) != url[1:]:
                staged._writable(new_id)["url"] = "#" + mapping[url[1:]]
        for link in other.links():
            source, target = mapping[link.source], mapping[link.target]
            if source != target:
                staged.link(source, target, link.label)
        self._tree, self._links = staged._tree, staged._links
        return mapping

    def with_entries(
        self, entries: list[dict[str, Any]], edges: list[dict[str, str]], crosslinks: list[dict[str, str]]
    ) -> MindMap:
        """Return a copy of the map with the new nodes ENTRIES hung by EDGES, and CROSSLINKS as its cross-links.

        For imports: each entry must be what `add` stores (texts checked as `add` checks them, e.g. by
        formats/_bulk.node_entry); the map keeps the entries and EDGES' dicts (copy on write). What is
        checked here is what joins them: new ids, each edge from a node already in place to a new one of a
        kind that may go there, one parent per new node, and the cross-links. Nothing is read twice.
        """
        staged = self.copy()
        if not _hang_in_bulk(staged._tree, entries, edges):
            staged = self.copy()  # the bulk way stopped part way: start again from the map as it was
            staged._hang_one_by_one(self._tree._node, entries, edges)
        tree = staged._tree
        links: nx.DiGraph = nx.DiGraph()
        node_data = tree._node
        for item in crosslinks:
            source, target, label = item["source"], item["target"], item.get("label", "")
            if source not in node_data or target not in node_data or source == target:
                raise RuleError(f"cannot link {source!r} to {target!r}")
            links.add_edge(source, target, **({"label": label} if label else {}))
        staged._links = links
        return staged

    def _hang_one_by_one(
        self, hung: Mapping[str, Any], entries: list[dict[str, Any]], edges: list[dict[str, str]]
    ) -> None:
        """Hang ENTRIES by EDGES into this map (a copy of one holding HUNG), checking each edge (see with_entries)."""
        tree = self._tree
        node_data, children, parents = tree._node, tree._succ, tree._pred
        known = len(node_data)
        for entry in entries:
            node_id = entry["id"]
            if node_id in node_data or not _ID_SHAPE.match(node_id):
                raise RuleError(f"cannot add the node {node_id!r}: its id is used already or unusable")
            node_data[node_id] = entry
        if len(node_data) != known + len(entries):  # pragma: no cover - the loop above catches a repeat
            raise RuleError("an id is used twice")
        children.update({entry["id"]: {} for entry in entries})
        parents.update({entry["id"]: {} for entry in entries})
        if len(edges) != len(entries):
            raise RuleError(f"{len(entries):,} new nodes need as many edges, not {len(edges):,}")
        # Each edge hangs a new node, still without a parent, from a node already hung (or in the map):
        # then every new node is reached from the root, and none is in a cycle.
        for edge in edges:
            source, target = edge["source"], edge["target"]
            if (
                target in hung
                or target not in parents
                or parents[target]
                or source not in node_data
                or source not in hung
                and not parents[source]
            ):
                raise RuleError(f"cannot hang the node {target!r} under {source!r}")
            kind, source_kind = node_data[target]["kind"], node_data[source]["kind"]
            if source_kind not in ALLOWED_PARENTS.get(kind, ()):
                if kind not in ALLOWED_PARENTS or kind == "root":
                    raise RuleError(f"the node {target!r} cannot be added as {kind!r}")
                self.check_placement(kind, source_kind)
            children[source][target] = parents[target][source] = edge

    def replace_with(self, other: MindMap) -> None:
        """Make this map hold OTHER's tree, links and metadata (to commit an edit staged on a copy)."""
        # Not copied (a big import would pay for it): the two maps then hold one tree, so OTHER is dropped after.
        self._tree, self._links, self._root, self.meta = other._tree, other._links, other._root, other.meta

    def _kind_for_grafted_root(self, other: MindMap, parent: str) -> str:
        # The grafted root takes the first kind that fits both its new parent and its children.
        child_kinds = {other.kind(kid) for kid in other.children(other.root)}
        for kind in ("topic", "sector", "organisation"):
            if self.kind(parent) in ALLOWED_PARENTS[kind] and all(kind in ALLOWED_PARENTS[c] for c in child_kinds):
                return kind
        return "topic"

    # ------------------------------------------------------------- the document

    def to_document(self, *, fresh: bool = True) -> dict[str, Any]:
        """Return the map as its JSON document: node-link data in a versioned envelope.

        With FRESH false the node entries are the map's own (no copies, for saving): read them, never change them.
        """
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, str]] = []
        node_data, succ = self._tree._node, self._tree._succ
        with paused_gc():
            # Pre-order with an explicit stack, as walk() does, inlined: this loop runs once per node.
            stack = [self._root]
            pop, push, add_node, add_edges = stack.pop, stack.extend, nodes.append, edges.extend
            if fresh:
                while stack:
                    node_id = pop()
                    data = node_data[node_id]
                    entry = dict(data)
                    if "attributes" in data:
                        entry["attributes"] = dict(data["attributes"])
                    add_node(entry)
                    kids = succ[node_id]
                    if kids:
                        # The edges' data are their entries (see _edge_entry); fresh documents get copies.
                        add_edges(map(dict, kids.values()))
                        push(reversed(kids))
            else:
                while stack:
                    node_id = pop()
                    add_node(node_data[node_id])
                    kids = succ[node_id]
                    if kids:
                        add_edges(kids.values())
                        push(reversed(kids))
            crosslinks = []
            if self._links.number_of_edges():
                # Links are sorted by where their ends come in the document: only the ends need a rank (ranks among
                # them keep that order), not every node of a big map.
                ends = set(chain.from_iterable(self._links.edges()))
                ids = list(map(_ID_OF, nodes))
                order = dict(zip(compress(ids, map(ends.__contains__, ids)), count()))
                found = sorted(self._links.edges(data=True), key=lambda edge: (order[edge[0]], order[edge[1]]))
                for source, target, data in found:
                    item = {"source": source, "target": target}
                    if data.get("label"):
                        item["label"] = data["label"]
                    crosslinks.append(item)
        return {
            "format": FORMAT_NAME,
            "schema": SCHEMA_VERSION,
            "meta": self.meta.to_dict(),
            "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
            "crosslinks": crosslinks,
        }

    def holds_entries_of(self, document: dict[str, Any]) -> bool:
        """Return whether every node entry of DOCUMENT is this map's own (as from_document(adopt=True) keeps them)."""
        node_data = self._tree._node
        nodes = document["graph"]["nodes"]
        if len(nodes) != len(node_data):
            return False
        # A map read from DOCUMENT holds its nodes in DOCUMENT's order: comparing in order needs no lookups.
        return all(map(operator.is_, node_data.values(), nodes)) or all(
            map(operator.is_, map(node_data.get, map(_ID_OF, nodes)), nodes)
        )

    @classmethod
    def from_document(cls, doc: Any, *, adopt: bool = False, storable: bool = False, checked: bool = False) -> MindMap:
        """Return the map that DOC describes, or raise MapFileError saying exactly what is wrong.

        With ADOPT the map keeps DOC's node entries instead of copies (for loading): the map never changes
        them, and the caller must not either. STORABLE says that no text in DOC holds a character a map may not
        store (json_map.texts_storable found none in the file), so that texts are not searched one by one.
        CHECKED says that every node entry of DOC is one the reader keeps as it is (formats/_checked_json.py
        checked them while decoding), so that they are not checked again.
        """
        with paused_gc():
            return _DocumentReader(doc, adopt=adopt, storable=storable, checked=checked).read()

    def validate(self) -> None:
        """Raise MapFileError if the map breaks a rule (it never should)."""
        MindMap.from_document(self.to_document())


class _DocumentReader:
    """Check a map document field by field and build the map from it."""

    def __init__(self, doc: Any, *, adopt: bool = False, storable: bool = False, checked: bool = False) -> None:
        self.doc = doc
        self.adopt = adopt
        self.storable = storable
        self.checked = checked and adopt  # (a map that does not adopt its entries copies them here)

    @staticmethod
    def fail(where: str, what: str) -> MapFileError:
        return MapFileError(f"{where}: {what}" if where else what)

    def text(self, value: str, where: str, limit: int = MAX_LABEL_CHARS) -> str:
        """Return VALUE if it may stand in a map: no control characters (such as terminal escapes), not too long."""
        # Fast path for the common case, one regex per field: a 100,000-node map has some 800,000 texts.
        if type(value) is str and len(value) <= limit and not _NOT_STORABLE.search(value):
            return value
        try:
            return _check_text("the text", value, limit)
        except RuleError as error:
            raise self.fail(where, str(error).removeprefix("the text ")) from None

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

        tree: nx.DiGraph = nx.DiGraph()
        # The graph is filled through its own dicts (networkx's documented storage: _node, _succ, _pred)
        # because add_node/add_edge cost several times the rest of reading, once per node of a big map.
        node_data, children, parents = tree._node, tree._succ, tree._pred
        adopt, storable = self.adopt, self.storable
        datas: list[Any] = nodes if self.checked else [_usual_node(raw, adopt, storable) for raw in nodes]
        if not self.checked and None in datas:
            # Unusual nodes are read field by field, which also says what is wrong with them.
            datas = [
                data if data is not None else self.read_node(nodes[index], f"graph.nodes[{index}]")[1]
                for index, data in enumerate(datas)
            ]
        node_data.update(zip(map(_ID_OF, datas), datas, strict=True))
        if len(node_data) != len(datas):
            seen = set()
            for index, node_id in enumerate(map(_ID_OF, datas)):
                if node_id in seen:
                    raise self.fail(f"graph.nodes[{index}].id", f"the id {node_id!r} is used twice")
                seen.add(node_id)
        ids = list(node_data)
        # networkx lets a graph's successors be set as one new dict (its descriptor keeps _adj the same object):
        # the dict is built once instead of built and then copied into the empty one.
        tree._succ = children = {node_id: {} for node_id in ids}
        # The usual file starts with its root; linking in bulk then also proves that no other node is a root
        # (no rule lets a root be anyone's child), so the kinds need no pass of their own.
        if datas and datas[0]["kind"] == "root" and self.link_in_bulk(tree, edges, ids[0]):
            return self.finish(doc, tree, ids[0], meta)
        kinds = list(map(_KIND_OF, datas))
        if "root" not in kinds:
            raise self.fail("graph.nodes", "no node has the kind 'root'")
        first = kinds.index("root")
        if "root" in kinds[first + 1 :]:
            roots = [node_id for node_id, kind in zip(ids, kinds, strict=True) if kind == "root"]
            raise self.fail("graph.nodes", f"two roots: {roots[0]!r} and {roots[1]!r}; a map has one")
        root = ids[first]
        if first and self.link_in_bulk(tree, edges, root):
            return self.finish(doc, tree, root, meta)
        parents.update({node_id: {} for node_id in ids})
        self.fill_edges(tree, edges)
        # Every node but the root has at most one parent now, so a walk from the root meets each node it
        # reaches once: counting them is enough to know that none is cut off.
        reached = 1
        stack = [root]
        while stack:
            kids = children[stack.pop()]
            if kids:
                reached += len(kids)
                stack.extend(kids)
        if reached != len(node_data):
            seen = {root}
            stack = [root]
            while stack:
                for kid in children[stack.pop()]:
                    seen.add(kid)
                    stack.append(kid)
            stray = next(n for n in tree if n not in seen)
            if not parents[stray]:
                raise self.fail(
                    "graph", f"the node {stray!r} has no parent (an orphan): every node but the root needs one"
                )
            raise self.fail("graph", f"the node {stray!r} is in a cycle, cut off from the root")
        return self.finish(doc, tree, root, meta)

    def finish(self, doc: dict[str, Any], tree: nx.DiGraph, root: str, meta: MapMeta) -> MindMap:
        """Return the map of the checked TREE, with the cross-links of DOC."""
        links: nx.DiGraph = nx.DiGraph()
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
            self.text(label, f"{where}.label")
            links.add_edge(source, target, **({"label": label} if label else {}))

        mindmap = MindMap.__new__(MindMap)
        mindmap._tree = tree
        mindmap._links = links
        mindmap._root = root
        mindmap.meta = meta
        return mindmap

    def link_in_bulk(self, tree: nx.DiGraph, edges: Any, root: str) -> bool:
        """Link the tree's nodes by EDGES if all is well; else leave the tree unlinked and return False.

        A map's file usually lists the edges from the root down (as to_document writes them: each edge's parent is
        the root or the child of an earlier edge). The ends and kinds are then checked with C-level passes, and
        linking edge by edge checks on the way that every node is reached from the root. Anything else goes back to
        fill_edges and the walk from the root, which find the same maps good and say what is wrong with the others.
        """
        node_data, children, parents = tree._node, tree._succ, tree._pred
        if type(edges) is not list or len(edges) != len(node_data) - 1:  # else some node has no parent, or two
            return False
        try:
            sources = list(map(_SOURCE_OF, edges))
            targets = list(map(_TARGET_OF, edges))
            # Each end's node (a lookup fails for anything that is not a node's id), then its id as the node holds
            # it: the graph's keys are then the very objects of node_data's keys, and every later lookup of a
            # node (here, in walks, in to_document) matches by identity instead of comparing texts.
            above = list(map(node_data.__getitem__, sources))
            below = list(map(node_data.__getitem__, targets))
        except (KeyError, TypeError):  # not an object, no such field, no such node, or an id that cannot be one
            return False
        # Each (parent kind, child kind) one that the rules allow.
        if not _ALLOWED_PAIRS.issuperset(zip(map(_KIND_OF, above), map(_KIND_OF, below), strict=True)):
            return False
        # The edges' entries are their data (see fill_edges).
        if not self.adopt or not all(map(operator.eq, map(len, edges), repeat(2))):
            edges = [
                raw if self.adopt and len(raw) == 2 else _edge_entry(s, t)
                for raw, s, t in zip(edges, sources, targets, strict=True)
            ]
        # One Python step per edge is left, to fill networkx's dicts; it also checks, with two lookups, that the
        # edge hangs a node not yet placed (not the root, no second parent, no cycle) under one already placed,
        # which is reached from the root: so, edge after edge, every node placed is reached from the root, and
        # N - 1 edges, each placing a new node, place them all.
        parents[root] = {}
        for source, target, entry in zip(map(_ID_OF, above), map(_ID_OF, below), edges, strict=True):
            if target in parents or source not in parents:
                # Back to an unlinked tree, for fill_edges (rare: a file that other tools wrote, or a broken one).
                parents.clear()
                for kids in children.values():
                    kids.clear()
                return False
            children[source][target] = entry
            parents[target] = {source: entry}
        return True

    def fill_edges(self, tree: nx.DiGraph, edges: list[Any]) -> None:
        """Link the tree's nodes by EDGES, or raise the error that says what is wrong with the first wrong one."""
        node_data, children, parents = tree._node, tree._succ, tree._pred
        allowed_parents = ALLOWED_PARENTS
        adopt = self.adopt
        for index, raw in enumerate(edges):
            try:
                source, target = raw["source"], raw["target"]
                below, above = children[source], parents[target]
            except (KeyError, TypeError, IndexError):  # not an object, no such field, or no such node
                source = target = None
                below = above = None
            if (
                above is None
                or above
                or source == target
                or node_data[source]["kind"] not in allowed_parents[node_data[target]["kind"]]
            ):
                self.fail_edge(tree, raw, f"graph.edges[{index}]")
            # The edge's entry is its data in the graph, as a node's entry is the node's (see _edge_entry):
            # adopted when it says nothing else, made afresh otherwise.
            below[target] = above[source] = raw if adopt and len(raw) == 2 else _edge_entry(source, target)

    def fail_edge(self, tree: nx.DiGraph, raw: Any, where: str) -> NoReturn:
        """Raise the error that says what is wrong with the edge RAW."""
        edge = self.expect(raw, dict, where, "an object with 'source' and 'target'")
        source, target = edge.get("source"), edge.get("target")
        for end, value in (("source", source), ("target", target)):
            if not isinstance(value, str):
                raise self.fail(f"{where}.{end}", f"expected a node id, found {_json_type(value)}")
            if value not in tree:
                raise self.fail(f"{where}.{end}", f"no node has the id {value!r}")
        if source == target:
            raise self.fail(where, f"the node {source!r} is its own parent")
        if tree.in_degree(target):
            raise self.fail(where, f"the node {target!r} has two parents")
        kind, parent_kind = tree.nodes[target]["kind"], tree.nodes[source]["kind"]
        if kind == "root":
            raise self.fail(where, "the root cannot have a parent")
        allowed = " or ".join(with_article(k) for k in sorted(ALLOWED_PARENTS[kind]))
        raise self.fail(
            where,
            f"{with_article(kind)} ({target!r}) cannot be under {with_article(parent_kind)}; only under {allowed}",
        )

    def read_meta(self, raw: Any) -> MapMeta:
        meta = self.expect(raw, dict, "meta", "an object")
        out = MapMeta()
        for name in ("title", "license", "description", "created"):
            if name in meta:
                value = meta[name]
                if not isinstance(value, str):
                    raise self.fail(f"meta.{name}", f"expected text, found {_json_type(value)}")
                setattr(out, name, self.text(value, f"meta.{name}", MAX_NOTE_CHARS))
        authors = meta.get("authors", [])
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise self.fail("meta.authors", "expected a list of names")
        out.authors = [self.text(a, f"meta.authors[{i}]") for i, a in enumerate(authors)]
        extra = meta.get("extra", {})
        if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
            raise self.fail("meta.extra", "expected an object of text values")
        out.extra = {
            self.text(k, "meta.extra", MAX_KEY_CHARS): self.text(v, f"meta.extra.{k}") for k, v in extra.items()
        }
        return out

    def read_node(self, raw: Any, where: str) -> tuple[str, dict[str, Any]]:
        node = self.expect(raw, dict, where, "a node object")
        node_id = node.get("id")
        if not isinstance(node_id, str) or not _ID_SHAPE.match(node_id):
            raise self.fail(
                f"{where}.id",
                f"expected a node id (1-64 letters, digits, '_', '-', '.', ':'), found {_json_type(node_id)}",
            )
        kind = node.get("kind")
        if "kind" not in node:
            raise self.fail(where, "the node has no kind")
        if kind not in KINDS:
            raise self.fail(f"{where}.kind", f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        data: dict[str, Any] = {"id": node_id, "kind": kind}
        for name, value in node.items():
            if name in ("id", "kind"):
                continue
            if name in TEXT_FIELDS:
                if type(value) is not str:
                    raise self.fail(f"{where}.{name}", f"expected text, found {_json_type(value)}")
                if name == "label" and not value.strip():
                    raise self.fail(f"{where}.label", "a label cannot be empty")
                limit = _FIELD_LIMITS.get(name, MAX_LABEL_CHARS)
                if len(value) > limit or _NOT_STORABLE.search(value):
                    value = self.text(value, f"{where}.{name}", limit)
                data[name] = value
            elif name == "attributes":
                if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                    raise self.fail(f"{where}.attributes", "expected an object of text values")
                data[name] = {
                    self.text(k, f"{where}.attributes", MAX_KEY_CHARS): self.text(
                        v, f"{where}.attributes.{k}", MAX_VALUE_CHARS
                    )
                    for k, v in value.items()
                }
            elif name == "folded":
                if not isinstance(value, bool):
                    raise self.fail(f"{where}.folded", f"expected true or false, found {_json_type(value)}")
                if value:
                    data[name] = True
            else:
                raise self.fail(f"{where}.{name}", "unknown field")
        if "label" not in data:
            raise self.fail(where, "the node has no label")
        return node_id, data


def check_document_meta(raw: Any) -> MapMeta:
    """Return the MapMeta that a document's "meta" object describes, or raise the MapFileError from_document would."""
    return _DocumentReader(None).read_meta(raw)


_NODE_KEYS = frozenset({"id", "kind", "attributes", "folded", *TEXT_FIELDS})
_KIND_SET = frozenset(KINDS)
_SHORTEST_LIMIT = min(MAX_URL_CHARS, MAX_LABEL_CHARS)
_NO_ATTRIBUTES: dict[str, str] = {}  # read only
_ID_OF, _KIND_OF = operator.itemgetter("id"), operator.itemgetter("kind")
_SOURCE_OF, _TARGET_OF = operator.itemgetter("source"), operator.itemgetter("target")
# (parent kind, child kind) for every placement the rules allow.
_ALLOWED_PAIRS = frozenset((parent, kind) for kind, parents in ALLOWED_PARENTS.items() for parent in parents)


def _hang_in_bulk(tree: nx.DiGraph, entries: list[dict[str, Any]], edges: list[dict[str, str]]) -> bool:
    """Hang the new nodes ENTRIES by EDGES into TREE if all is well (see with_entries), else return False.

    An import lists each new node after the node it hangs from, and its edge where the node is: then each node is
    checked and hung in one step, the checks `_hang_one_by_one` makes. Anything else returns False part way (TREE
    is then half changed: the caller starts again from the map as it was), and `_hang_one_by_one` says what is wrong.
    """
    # One pass that reads each entry and edge once: a dozen C-level passes over the lists (each reading every
    # id again, from all over memory) took twice as long for 100,000 nodes.
    node_data, children, parents = tree._node, tree._succ, tree._pred
    allowed, id_shape = _ALLOWED_PAIRS, _ID_SHAPE.match
    try:
        for entry, edge in zip(entries, edges, strict=True):
            node_id, source = entry["id"], edge["source"]
            above = node_data.get(source)  # in the map, or a new node hung already
            if (
                edge["target"] != node_id
                or node_id in node_data
                or above is None
                or (above["kind"], entry["kind"]) not in allowed
                or not id_shape(node_id)
            ):
                return False
            node_data[node_id] = entry
            children[node_id] = {}
            parents[node_id] = {source: edge}
            children[source][node_id] = edge
    except (KeyError, TypeError, ValueError):  # not an object, no such field, or fewer edges than nodes
        return False
    return True


def _edge_entry(parent: str, child: str) -> dict[str, str]:
    """Return the document entry of the edge from PARENT to CHILD, which the graph keeps as the edge's data."""
    # The data of a tree edge is never changed: moving a node removes its edge and adds a new one. So
    # entries can be shared between the graph, the documents it writes and copies of the map.
    return {"source": parent, "target": child}


def _plain_node(raw: Any, *, adopt: bool = False, storable: bool = False) -> dict[str, Any] | None:
    """Return the data of the usual, well-formed node RAW (RAW itself if ADOPT), or None to check it field by field.

    STORABLE says that no text of RAW holds a character a map may not store (json_map.texts_storable checked the file).
    """
    return _usual_node(raw, adopt, storable)


def _usual_node(raw: Any, adopt: bool, storable: bool) -> dict[str, Any] | None:
    # The reader's fast path: a handful of C-level checks per node (it runs once per node: positional
    # arguments, and no work that the usual node does not need). Anything unusual (a long text, a control
    # character, a wrong type, an unknown field) returns None, and _DocumentReader.read_node then accepts it
    # the same way or says exactly what is wrong.
    if type(raw) is not dict or not raw.keys() <= _NODE_KEYS:
        return None
    if "attributes" in raw or "folded" in raw:
        return _usual_node_with_extras(raw, adopt, storable)
    try:
        texts = "\n".join(raw.values())  # every field is a text here, id and kind too
    except TypeError:
        return None
    if (
        len(texts) > _SHORTEST_LIMIT  # then no field can be over its limit
        or raw.get("kind") not in _KIND_SET
        or not raw.get("label", "").strip()
        or not _ID_SHAPE.match(raw.get("id", ""))
        or (not storable and _NOT_STORABLE.search(texts))
    ):
        return None
    return raw if adopt else raw.copy()  # type: ignore[no-any-return]


def _usual_node_with_extras(raw: dict[str, Any], adopt: bool, storable: bool) -> dict[str, Any] | None:
    # _usual_node for a node with attributes or "folded".
    folded = raw.get("folded", False)
    attributes = raw.get("attributes", _NO_ATTRIBUTES)
    if (folded is not False and folded is not True) or type(attributes) is not dict:
        return None
    rest = raw.copy()
    rest.pop("attributes", None)
    rest.pop("folded", None)
    try:
        texts = "\n".join(rest.values())
        keys, values = "\n".join(attributes), "\n".join(attributes.values())
    except TypeError:
        return None
    if (
        len(texts) > _SHORTEST_LIMIT
        or len(values) > MAX_VALUE_CHARS
        or max(map(len, attributes), default=0) > MAX_KEY_CHARS
        or rest.get("kind") not in _KIND_SET
        or not rest.get("label", "").strip()
        or not _ID_SHAPE.match(rest.get("id", ""))
        or (not storable and _NOT_STORABLE.search(f"{texts}\n{keys}\n{values}"))
    ):
        return None
    if adopt and (folded or "folded" not in raw):
        return raw
    data = raw.copy()
    if "attributes" in raw:
        data["attributes"] = dict(attributes)
    if "folded" in data and not folded:
        del data["folded"]  # false is the default, and not written
    return data


def _put_texts(data: dict[str, Any], texts: Mapping[str, str]) -> None:
    """Set the fields TEXTS in the node DATA; an empty text removes its field."""
    for name, value in texts.items():
        if value:
            data[name] = value
        else:
            data.pop(name, None)


def search_fold(text: str) -> str:
    """Return TEXT as find compares it: case and accents ignored ('Café' and 'cafe' match)."""
    if text.isascii():
        return text.casefold()  # most text: no accents to strip
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _stored_form(text: str) -> str:
    """Return the link TEXT as a node would store it when that differs from TEXT, else ''."""
    text = text.strip()
    if "://" not in text and not text.lower().startswith("www."):
        return ""  # not a link: no need to import channels
    from mindmap.channels import normalise_link

    # Without scheme and 'www.', which websites keep as typed: 'www.a.org/' finds 'http://www.a.org'.
    stored = re.sub(r"^https?://(?:www\.)?", "", normalise_link(text, typed=True), flags=re.IGNORECASE)
    return stored if stored != text else ""


def readable_url(url: str) -> str:
    """Return URL as views show it: hosts and names in other scripts as typed (channels.display_url)."""
    if "%" not in url and "xn--" not in url.lower():
        return url  # most links: nothing to decode, and no need to import channels
    from mindmap.channels import display_url

    return display_url(url)


def _close_labels(label: str, labels: list[str]) -> list[str]:
    """Return up to 3 of LABELS close to LABEL: by spelling, else holding it (in any order of LABELS)."""
    # difflib ranks by score, then text; could_be_close leaves it only the labels that can reach the cutoff.
    close = difflib.get_close_matches(label, could_be_close(label, labels, 0.6), n=3, cutoff=0.6)
    if not close:
        lowered = label.casefold()
        close = sorted(text for text in labels if lowered in text.casefold())[:3]
    if not close:
        close = _close_by_first_words(lowered, labels)
    return close


def _close_by_first_words(lowered: str, labels: list[str]) -> list[str]:
    """Return up to 3 of LABELS whose first words are close to LOWERED: 'twiter' finds 'Twitter @derbyquad'."""
    # A channel's label is "Platform @handle": people name it by the platform, and mistype that.
    size = len(lowered.split())
    if not size:
        return []
    by_head: dict[str, list[str]] = {}
    for text in labels:
        words = text.casefold().split()
        if len(words) > size:  # a label of as many words was compared whole already
            by_head.setdefault(" ".join(words[:size]), []).append(text)
    heads = difflib.get_close_matches(lowered, could_be_close(lowered, list(by_head), 0.75), n=3, cutoff=0.75)
    return sorted(text for head in heads for text in by_head[head])[:3]


def quoted(text: str) -> str:
    """Return TEXT quoted for a message as repr() does, but with a path's '\\/' shown as typed, not doubled."""
    return repr(text).replace("\\\\", "\\")


def numbered_label(label: str, taken: set[str]) -> str:
    """Return LABEL, numbered (' 2', ' 3' ...) while its casefolded form is in TAKEN."""
    number, free = 1, label
    while free.casefold() in taken:
        number += 1
        free = f"{label} {number}"
    return free


def elided(text: str, limit: int = 160) -> str:
    """Return TEXT with its middle left out as ' … ' when it is longer than LIMIT characters."""
    # A 1,000-character label would fill a screen; its start and end are what tell it apart.
    if len(text) <= limit:
        return text
    keep = (limit - 3) // 2
    return f"{text[:keep]} … {text[len(text) - keep :]}"


def with_article(word: str) -> str:
    """Return WORD with 'a' or 'an' before it, as messages name a kind: 'an organisation', 'a sector'."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def counted(count: int, things: str) -> str:
    """Return COUNT and the plural noun THINGS, made singular for one: '1 unsafe url', '3 notes'."""
    if count == 1 and things.endswith("s"):
        things = things[:-1]
    return f"{count:,} {things}"


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

"""Shared by the outline readers: build an imported map node by node, cleaning what files really hold."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from mindmap.errors import FormatError, MindmapError, RuleError
from mindmap.formats import Imported, counted
from mindmap.formats._bulk import checked, clean_text, node_entry
from mindmap.model import ALLOWED_PARENTS, KINDS, MAX_LABEL_CHARS, MindMap, _check_text, colour_value, new_id, now

EMPTY_LABEL = "(no text)"
# The attribute prefix our writers use for the typed fields a format has no place for.
OWN_PREFIX = "mindmap_"


def label_key(label: str) -> str:
    """Return what LABEL is matched by when nodes merge by label: case and runs of white space aside."""
    return " ".join(label.split()).casefold()


class OutlineBuilder:
    """Collect an imported tree into a MindMap, with the repairs made and the kinds left for the import to set."""

    # `mindmap` holds the root (change it there) until `result()`; the nodes added are kept as document entries, checked
    # as `MindMap.add` checks them, and the map is read once from them at the end.

    def __init__(self, what: str, root_label: str, *, title: str | None = None, untitled: bool = False) -> None:
        self.what = what
        self.untitled = untitled  # ROOT_LABEL is made up: the file names no title
        self.warnings: list[str] = []
        self.dropped: Counter[str] = Counter()
        # Kinds a node should get but that the standalone map could not give it (an organisation at the top):
        # the import sets them once it knows where the tree goes.
        self.kinds: dict[str, str] = {}
        self.empty_labels = 0
        self.long_labels = 0
        self.bad_colours = 0  # colours a map cannot hold ('red'), left out
        label = self.label(root_label, "the title")
        self.mindmap = MindMap(clean_text(title, multiline=False) if title else label, root_label=label)
        self.root = self.mindmap.root
        self.entries: dict[str, dict[str, Any]] = {}  # node id -> its document entry, in the order added
        self.parents: dict[str, str] = {}
        self.kids: dict[str, list[str]] = {}
        self.stamp = now()  # one moment for the whole read

    def label(self, text: str, where: str) -> str:
        """Return TEXT as a usable label: cleaned, never empty, cut to the model's limit."""
        text = clean_text(text)
        if not text.strip():
            self.empty_labels += 1 if where != "the title" else 0
            return EMPTY_LABEL
        if len(text) > MAX_LABEL_CHARS:
            self.long_labels += 1
            return text[: MAX_LABEL_CHARS - 1] + "…"
        return text

    # The tree so far, as the map will hold it.

    def kind_of(self, node_id: str) -> str:
        """Return the kind of NODE_ID."""
        return self.mindmap.kind(node_id) if node_id == self.root else str(self.entries[node_id]["kind"])

    def label_of(self, node_id: str) -> str:
        """Return the label of NODE_ID."""
        return self.mindmap.label(node_id) if node_id == self.root else str(self.entries[node_id]["label"])

    def parent_of(self, node_id: str) -> str | None:
        """Return the parent of NODE_ID (None for the root)."""
        return self.parents.get(node_id)

    def children_of(self, node_id: str) -> list[str]:
        """Return the children of NODE_ID, in order."""
        return list(self.kids.get(node_id, ()))

    def fill(self, node_id: str, *, note: str, url: str, added_by: str) -> None:
        """Set NODE_ID's note, url (empty: remove) and added_by, as `MindMap.update` and `set_provenance` do."""
        if node_id == self.root:
            self.mindmap.update(node_id, note=note, url=url, url_as_is=True)
            self.mindmap.set_provenance(node_id, added_by=added_by)
            return
        entry = self.entries[node_id]
        values = {"note": checked(note, "note"), "url": checked(url, "url")}
        for name, value in values.items():
            if value:
                entry[name] = value
            else:
                entry.pop(name, None)
        entry["modified_at"] = now()
        added_by = _check_text("the added_by", added_by, MAX_LABEL_CHARS, multiline=False)
        if added_by:
            entry["added_by"] = added_by
        else:
            entry.pop("added_by", None)

    def add(
        self,
        parent: str,
        label: str,
        *,
        where: str,
        kind: str = "topic",
        strict: bool = False,
        note: str = "",
        url: str = "",
        platform: str = "",
        handle: str = "",
        attributes: Mapping[str, str] | None = None,
        added_by: str = "",
        added_at: str = "",
        modified_at: str = "",
        folded: bool = False,
        color: str = "",
        node_id: str | None = None,
    ) -> str:
        """Add a node under PARENT and return its id; WHERE names its place in the file for error messages."""
        # A KIND that cannot sit under the parent's kind is an error with STRICT, else the node becomes a topic and the
        # kind is kept for the import to apply (under its real parent) or to report.
        if kind not in KINDS or kind == "root":
            if strict:
                raise FormatError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS[1:])}")
            self.warnings.append(f"{where}: unknown kind {kind!r}; imported as a topic")
            kind = "topic"
        full = clean_text(label)
        text = self.label(label, where)
        if text != full and full.strip():
            note = full + ("\n\n" + note if note else "")
        wanted = kind
        parent_kind = self.kind_of(parent)
        if parent_kind not in ALLOWED_PARENTS[kind]:
            if strict:
                try:
                    self.mindmap.check_placement(kind, parent_kind)
                except RuleError as error:
                    raise FormatError(f"{where}: {error}") from None
            kind = "topic"
        if color.strip():
            try:
                color = colour_value(clean_text(color, multiline=False))  # stored as `set --colour` stores it
            except RuleError:
                self.bad_colours += 1
                color = ""
        if node_id is not None and (node_id in self.entries or node_id == self.root or not _usable_id(node_id)):
            node_id = None
        try:
            if parent_kind not in ALLOWED_PARENTS[kind]:
                self.mindmap.check_placement(kind, parent_kind)  # nothing goes under a channel, not even a topic
            if node_id is None:
                # The seed text is the one `MindMap.add` uses, so ids stay reproducible under MINDMAP_ID_SEED.
                node_id = new_id(self, f"{parent}\0{kind}\0{text}\0{len(self.entries) + 1}")
            added_at = clean_text(added_at, multiline=False)
            entry = node_entry(
                node_id,
                kind,
                text,
                note=clean_text(note),
                url=clean_text(url, multiline=False).strip(),
                platform=clean_text(platform, multiline=False),
                handle=clean_text(handle, multiline=False),
                attributes={_key(k): clean_text(v) for k, v in (attributes or {}).items()},
                by=clean_text(added_by, multiline=False),
                added_at=added_at or self.stamp,
                modified_at=clean_text(modified_at, multiline=False),
                folded=folded,
                color=clean_text(color, multiline=False),
            )
        except RuleError as error:
            raise FormatError(f"{where}: {error}") from None
        self.entries[node_id] = entry
        self.parents[node_id] = parent
        self.kids.setdefault(parent, []).append(node_id)
        if wanted != kind:
            self.kinds[node_id] = wanted
        return node_id

    def keep_root_id(self, node_id: str) -> None:
        """Give the root NODE_ID, the id the file carries for it (as the .mm reader keeps it), before any add."""
        node_id = node_id.strip()
        if self.entries or node_id == self.root or not _usable_id(node_id):
            return  # a file of another tool, or a broken id: the root keeps its new one
        document = self.mindmap.to_document(fresh=True)
        document["graph"]["nodes"][0] = {**document["graph"]["nodes"][0], "id": node_id}
        self.mindmap = MindMap.from_document(document)
        self.root = node_id

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.entries or node_id == self.root

    def result(self) -> Imported:
        """Return the map with the warnings for every repair made."""
        document = self.mindmap.to_document(fresh=False)
        document["graph"]["nodes"].extend(self.entries.values())
        document["graph"]["edges"].extend({"source": self.parents[kid], "target": kid} for kid in self.entries)
        self.entries, self.parents, self.kids = {}, {}, {}
        try:
            self.mindmap = MindMap.from_document(document, adopt=True)
        except MindmapError as error:  # pragma: no cover - every entry was checked as it came
            raise FormatError(f"the {self.what} outline cannot become a map: {error}") from None
        if self.empty_labels:
            self.warnings.append(
                f"gave {counted(self.empty_labels, self.what + ' nodes')} without text the label {EMPTY_LABEL!r}"
            )
        if self.long_labels:
            self.warnings.append(
                f"cut {counted(self.long_labels, 'labels')} longer than {MAX_LABEL_CHARS:,} characters; "
                "the whole text is in the node's note"
            )
        if self.bad_colours:
            self.warnings.append(f"left out {counted(self.bad_colours, 'colours')} not written as #RRGGBB or #RGB")
        dropped = {k: v for k, v in self.dropped.items() if v}
        return Imported(self.mindmap, self.warnings, dropped, kinds=self.kinds, untitled=self.untitled)


_USABLE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def _usable_id(node_id: str) -> bool:
    return _USABLE_ID.fullmatch(node_id) is not None


def _key(name: str) -> str:
    key = clean_text(name, multiline=False)
    return key if key.strip() else "attribute"

"""Shared by the outline readers: build an imported map node by node, cleaning what files really hold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from mindmap.errors import FormatError, RuleError
from mindmap.formats import Imported
from mindmap.model import ALLOWED_PARENTS, KINDS, MAX_LABEL_CHARS, MindMap, clean_text

EMPTY_LABEL = "(no text)"
# The attribute prefix our writers use for the typed fields a format has no place for.
OWN_PREFIX = "mindmap_"


class OutlineBuilder:
    """Collect an imported tree into a MindMap, with the repairs made and the kinds left for the import to set."""

    def __init__(self, what: str, root_label: str, *, title: str | None = None) -> None:
        self.what = what
        self.warnings: list[str] = []
        self.dropped: Counter[str] = Counter()
        # Kinds a node should get but that the standalone map could not give it (an organisation at the top):
        # the import sets them once it knows where the tree goes.
        self.kinds: dict[str, str] = {}
        self.empty_labels = 0
        self.long_labels = 0
        label = self.label(root_label, "the title")
        self.mindmap = MindMap(clean_text(title, multiline=False) if title else label, root_label=label)

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
        """Add a node under PARENT and return its id; WHERE names its place in the file for error messages.

        A KIND that cannot sit under the parent's kind is an error with STRICT, else the node becomes a topic
        and the kind is kept for the import to apply (under its real parent) or to report.
        """
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
        if self.mindmap.kind(parent) not in ALLOWED_PARENTS[kind]:
            if strict:
                try:
                    self.mindmap.check_placement(kind, self.mindmap.kind(parent))
                except RuleError as error:
                    raise FormatError(f"{where}: {error}") from None
            kind = "topic"
        if node_id is not None and (node_id in self.mindmap or not _usable_id(node_id)):
            node_id = None
        try:
            new = self.mindmap.add(
                kind,
                text,
                parent,
                note=clean_text(note),
                url=clean_text(url, multiline=False).strip(),
                platform=clean_text(platform, multiline=False),
                handle=clean_text(handle, multiline=False),
                attributes={_key(k): clean_text(v) for k, v in (attributes or {}).items()},
                by=clean_text(added_by, multiline=False),
                added_at=clean_text(added_at, multiline=False) or None,
                modified_at=clean_text(modified_at, multiline=False) or None,
                folded=folded,
                color=clean_text(color, multiline=False),
                node_id=node_id,
            )
        except RuleError as error:
            raise FormatError(f"{where}: {error}") from None
        if wanted != kind:
            self.kinds[new] = wanted
        return new

    def result(self) -> Imported:
        """Return the map with the warnings for every repair made."""
        if self.empty_labels:
            self.warnings.append(
                f"{self.empty_labels:,} {self.what} node(s) without text imported with the label {EMPTY_LABEL!r}"
            )
        if self.long_labels:
            self.warnings.append(
                f"{self.long_labels:,} label(s) longer than {MAX_LABEL_CHARS:,} characters were cut; "
                "the whole text is in the node's note"
            )
        return Imported(self.mindmap, self.warnings, {k: v for k, v in self.dropped.items() if v}, kinds=self.kinds)


def _usable_id(node_id: str) -> bool:
    return 0 < len(node_id) <= 64 and all(c.isascii() and (c.isalnum() or c in "_.:-") for c in node_id)


def _key(name: str) -> str:
    key = clean_text(name, multiline=False)
    return key if key.strip() else "attribute"

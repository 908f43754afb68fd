"""Building a map in bulk: node entries made and checked exactly as `MindMap.add` makes them.

Importers build one document and read it once (`MindMap.from_document`) instead of adding node by node:
adding checked and stamped every node through the graph and took seconds for 100,000 nodes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from mindmap.errors import RuleError
from mindmap.model import (
    MAX_KEY_CHARS,
    MAX_LABEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_URL_CHARS,
    MAX_VALUE_CHARS,
    _check_text,
    check_label,
)
from mindmap.model import clean_text as model_clean_text

# What `MindMap.add` calls each field in its messages, the field's length limit, and whether it may break lines.
FIELDS = {
    "note": ("the note", MAX_NOTE_CHARS, True),
    "url": ("the url", MAX_URL_CHARS, False),
    "platform": ("the platform", MAX_LABEL_CHARS, False),
    "handle": ("the handle", MAX_LABEL_CHARS, False),
    "added_by": ("the added by", MAX_LABEL_CHARS, False),
    "color": ("the color", MAX_LABEL_CHARS, False),
    "link label": ("a link label", MAX_LABEL_CHARS, False),
    "attribute name": ("an attribute name", MAX_KEY_CHARS, False),
}
# What `_check_text` refuses or changes, so that most texts pass with one search and no copy: control
# characters (but tab and line feed where lines may break), carriage returns, surrogates, noncharacters.
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_PLAIN_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _plain(value: str, limit: int, multiline: bool) -> bool:
    """Return whether `_check_text` would keep VALUE as it is."""
    return len(value) <= limit and (
        value.isascii()
        and value.isprintable()  # printable ASCII, most texts: no search needed
        or not (_NOT_PLAIN if multiline else _NOT_PLAIN_IN_LINE).search(value)
        and (value.isascii() or unicodedata.is_normalized("NFC", value))
    )


def _all_plain(label: str, note: str, url: str, short_texts: str) -> bool:
    """Return whether `checked_label` keeps LABEL (stripped) and `checked` keeps the other texts as they are."""
    # One search over the texts joined, rather than one per text: a separator that is allowed and composes with nothing
    # (a line break, a space) leaves each text's test as it was.
    lines = f"{label}\n{note}"
    return (
        len(label) <= MAX_LABEL_CHARS
        and len(note) <= MAX_NOTE_CHARS
        and len(url) <= MAX_URL_CHARS
        and len(short_texts) <= MAX_LABEL_CHARS  # then each of them is within its limit too
        and bool(label.strip())
        and not _NOT_PLAIN.search(lines)
        and not _NOT_PLAIN_IN_LINE.search(f"{url} {short_texts}")
        and (
            lines.isascii()
            and url.isascii()
            and short_texts.isascii()
            or unicodedata.is_normalized("NFC", lines)
            and unicodedata.is_normalized("NFC", f"{url} {short_texts}")
        )
    )


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Return TEXT as the model's clean_text does; printable ASCII (most text in a map) is clean already."""
    if text.isascii() and text.isprintable():
        return text
    return model_clean_text(text, multiline=multiline)


def checked(value: str, name: str) -> str:
    """Return VALUE as `MindMap.add` stores the field NAME (see FIELDS), or raise the RuleError it would."""
    what, limit, multiline = FIELDS[name]
    return value if _plain(value, limit, multiline) else _check_text(what, value, limit, multiline=multiline)


def checked_attribute(key: str, value: str) -> tuple[str, str]:
    """Return the attribute KEY: VALUE as `MindMap.add` stores it, or raise the RuleError it would."""
    key = checked(key, "attribute name")
    if not key.strip():
        raise RuleError("an attribute name cannot be empty")
    if not _plain(value, MAX_VALUE_CHARS, True):
        value = _check_text(f"the attribute {key!r}", value, MAX_VALUE_CHARS)
    return key, value


def checked_label(label: str) -> str:
    """Return LABEL as `MindMap.add` stores it, or raise the RuleError it would."""
    if _plain(label, MAX_LABEL_CHARS, True) and label.strip():
        return label.strip()
    return check_label(label)


def node_entry(
    node_id: str,
    kind: str,
    label: str,
    *,
    note: str = "",
    url: str = "",
    platform: str = "",
    handle: str = "",
    by: str = "",
    color: str = "",
    added_at: str,
    modified_at: str = "",
    attributes: Mapping[str, str] | None = None,
    folded: bool = False,
) -> dict[str, Any]:
    """Return the document entry `MindMap.add` would store for a node (its kind and place already checked)."""
    # Fields in the same order, empty ones left out, texts checked and normalised the same way; ADDED_AT is the time to
    # use when the node has none. Raise the RuleError `MindMap.add` would.
    fields = (
        ("note", note),
        ("url", url),
        ("platform", platform),
        ("handle", handle),
        ("added_by", by),
        ("color", color),
    )
    if _all_plain(label, note, url, " ".join((platform, handle, by, color))):
        entry: dict[str, Any] = {"id": node_id, "kind": kind, "label": label.strip()}
        entry.update((name, value) for name, value in fields if value)
    else:
        entry = {"id": node_id, "kind": kind, "label": checked_label(label)}
        for name, value in fields:
            if value:
                entry[name] = checked(value, name)
    entry["added_at"] = added_at
    entry["modified_at"] = modified_at or added_at
    if attributes:
        entry["attributes"] = dict(checked_attribute(key, value) for key, value in attributes.items())
    if folded:
        entry["folded"] = True
    return entry


# The fields an entry from node_entry may have.
_ENTRY_FIELDS = frozenset(
    ("id", "kind", "label", "note", "url", "platform", "handle", "added_by", "color", "added_at", "modified_at")
) | {"attributes", "folded"}


def stored_as_is(entry: Mapping[str, Any], by: str = "") -> bool:
    """Return whether node_entry, given ENTRY's own fields (and BY as the added_by of a node without one), makes ENTRY.

    Then an import can keep ENTRY itself rather than build its equal: most entries of a map's file are so.
    """
    # node_entry leaves empty texts out, fills in a missing added_by (from BY) and modified_at, strips the label,
    # writes "folded" only when true and "attributes" only when there are some.
    if (
        not entry.keys() <= _ENTRY_FIELDS
        or "" in entry.values()
        or "added_at" not in entry
        or "modified_at" not in entry
        or (by and "added_by" not in entry)
    ):
        return False
    label = entry["label"]
    if label != label.strip():
        return False
    values: Any = entry.values()
    if "attributes" in entry or "folded" in entry:  # the fields that are not texts, checked on their own
        if (
            entry.get("folded", True) is not True
            or "attributes" in entry
            and not _attributes_as_is(entry["attributes"])
        ):
            return False
        values = [value for name, value in entry.items() if name != "attributes" and name != "folded"]
    try:
        texts = " ".join(values)
    except TypeError:  # a field that is not a text: node_entry says what is wrong
        pass
    else:
        # The usual entry, decided with one search: all its texts together are within the shortest limit and hold
        # no control character, not even a line break (a stricter test than node_entry's, which the rest pass to).
        # Printable ASCII (most maps' texts) is so without a search.
        if len(texts) <= MAX_URL_CHARS and (
            texts.isascii()
            and texts.isprintable()
            or not _NOT_PLAIN_IN_LINE.search(texts)
            and (texts.isascii() or unicodedata.is_normalized("NFC", texts))
        ):
            return True
    short_texts = " ".join((entry.get("platform", ""), entry.get("handle", ""), entry.get("added_by", "")))
    return _all_plain(label, entry.get("note", ""), entry.get("url", ""), f"{short_texts} {entry.get('color', '')}")


def _attributes_as_is(attributes: Any) -> bool:
    """Return whether node_entry keeps the ATTRIBUTES of an entry as they are (and writes them)."""
    return (
        type(attributes) is dict
        and bool(attributes)
        and all(
            _plain(key, MAX_KEY_CHARS, False) and key.strip() and _plain(value, MAX_VALUE_CHARS, True)
            for key, value in attributes.items()
        )
    )

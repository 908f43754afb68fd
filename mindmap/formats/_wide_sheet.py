"""The sheet researchers keep: one row per organisation, one column per platform, read as contributions-form rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mindmap.errors import FormatError, MindmapError
from mindmap.formats._outline import label_key
from mindmap.model import counted, escape_path_part, numbered_label

if TYPE_CHECKING:
    from mindmap.channels import Channel

# Header names (case, spacing, '_' and '-' aside) of the columns with a role, the first found taking it.
ORGANISATION_COLUMNS = (
    "organisation",
    "organization",
    "organisation name",
    "organization name",
    "org",
    "org name",
    "name",
)
SECTOR_COLUMNS = ("sector", "category", "type", "organisation type", "organization type")
NOTE_COLUMNS = ("notes", "note", "description", "comments", "comment")
BY_COLUMNS = ("by", "added by")
# Words a platform column's header may have beside the platform's name: 'Twitter handle', 'Facebook page'.
PLATFORM_WORDS = frozenset(
    {
        *("handle", "handles", "url", "urls", "link", "links", "page", "pages", "account", "accounts"),
        *("profile", "profiles", "address", "addresses", "username", "usernames", "name", "names", "id"),
        *("channel", "channels", "group", "groups", "feed"),
    }
)
# The sector of a row whose sector cell is empty (an organisation goes under a sector).
NO_SECTOR = "Other"
# What people write in a cell to say there is no such channel: read as an empty cell (and said so).
NO_CHANNEL_MARKS = frozenset(
    {"-", "–", "—", "n/a", "na", "n.a", "none", "no", "nil", "x", "?", "tbc", "unknown", "not found", "no account"}
)
# The name (or sector) cell of a spreadsheet's totals row; such a row with only numbers is no organisation.
TOTAL_WORDS = frozenset({"total", "totals", "grand total", "sum", "count", "counts", "subtotal"})
_NUMBER = re.compile(r"[\d.,\s%]+")
# Several links in one cell: separated by ';', ',', line breaks or spaces; a ',' in a link's query
# ('?ref=a,b') separates only before what starts a link. Spaces separate only links and @handles: 'Derby QUAD'
# or '@new org' is one text (which the import names if it is no channel), not two handles.
_CELL_SPLIT = re.compile(r"[;\r\n]+")
_COMMA_SPLIT = re.compile(r",+")
_QUERY_COMMA_SPLIT = re.compile(r",+(?=@|https?://|www\.)", re.IGNORECASE)
_SECTOR_SPLIT = re.compile(r"(?<!\\)/")
# Words that join the links of one cell in running text ('@a and @b', '@a & @b').
_JOINING_WORDS = frozenset({"and", "&", "+", "or", "plus", "und", "et", "y"})
_HEADER_SPLIT = re.compile(r"[\s/()_:]+")
# (line, cells by column key): a record as the contributions-form reader takes it.
FormRecord = tuple[int, dict[str, str]]


@dataclass
class WideColumns:
    """What each column of a wide sheet holds: keys are the header's cells, stripped and lower-cased."""

    organisation: str
    sector: str = ""
    note: str = ""
    by: str = ""
    platforms: list[tuple[str, str]] = field(default_factory=list)  # (column key, platform id)
    others: list[tuple[str, str]] = field(default_factory=list)  # (column key, header as written)
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header as written


def _role_name(cell: str) -> str:
    return " ".join(cell.casefold().replace("_", " ").replace("-", " ").split())


def header_platform(cell: str) -> str:
    """Return the platform a column named CELL holds ('Twitter', 'X', 'Facebook page', 'Twitter/X'), or ''."""
    from mindmap import channels

    found = set()
    for word in _HEADER_SPLIT.split(cell.casefold()):
        # A number tells a platform's second column from its first: 'Facebook 2', 'Twitter (2)', 'Twitter #2'.
        if not word or word.lstrip("#").isdigit():
            continue
        try:
            found.add(channels.normalise_platform(word))
        except MindmapError:
            if word not in PLATFORM_WORDS:
                return ""
    return found.pop() if len(found) == 1 else ""


def wide_columns(header: list[str], keys: list[str] | None = None) -> WideColumns | None:
    """Return the roles of HEADER's columns (by KEYS, default the cells lower-cased) if it is a wide sheet's."""
    keys = keys or [cell.strip().lower() for cell in header]
    roles = {_role_name(cell): key for cell, key in reversed(list(zip(header, keys, strict=True))) if key}
    organisation = next((roles[name] for name in ORGANISATION_COLUMNS if name in roles), "")
    if not organisation:
        return None
    columns = WideColumns(organisation, headers={key: cell.strip() for cell, key in zip(header, keys, strict=True)})
    columns.sector = next((roles[name] for name in SECTOR_COLUMNS if name in roles), "")
    columns.note = next((roles[name] for name in NOTE_COLUMNS if name in roles), "")
    columns.by = next((roles[name] for name in BY_COLUMNS if name in roles), "")
    taken = {organisation, columns.sector, columns.note, columns.by}
    for cell, key in zip(header, keys, strict=True):
        if not key or key in taken:
            continue
        platform = header_platform(cell)
        if platform:
            columns.platforms.append((key, platform))
        else:
            columns.others.append((key, cell.strip()))
    return columns


def _path(*parts: str) -> str:
    return "/".join(escape_path_part(part) for part in parts)


def form_records(
    columns: WideColumns, records: list[FormRecord]
) -> tuple[list[FormRecord], dict[int, dict[str, str]], list[str]]:
    """Return the sheet's RECORDS as contributions-form records, the organisations' attributes and the warnings.

    Each row becomes an organisation record (path 'Sector/Organisation') and one channel record per link in its
    platform cells (path 'Sector/Organisation/Label', the label as `mindmap add` makes it). Attributes are keyed
    by the place of the organisation's record in the list returned.
    """
    form: list[FormRecord] = []
    attributes: dict[int, dict[str, str]] = {}
    warnings: list[str] = []
    seen: dict[tuple[str, ...], int] = {}
    no_sector: list[int] = []
    marks: dict[str, int] = {}  # what said 'no channel' -> how many cells said it
    totals: list[int] = []
    for line, cells in records:
        name = cells.get(columns.organisation, "").strip()
        if _is_totals_row(columns, name, cells):
            totals.append(line)
            continue
        if not name:
            raise FormatError(
                f"CSV line {line}: the organisation's name is empty (column "
                f"{columns.headers[columns.organisation]!r}); each row is one organisation"
            )
        parts: tuple[str, ...] = (name,)
        if columns.sector:
            # 'Arts/Music' is the sub-sector Music of Arts, as in a path; 'Arts\/Music' is one sector.
            sector = cells.get(columns.sector, "")
            sectors = [part.replace("\\/", "/").strip() for part in _SECTOR_SPLIT.split(sector)]
            sectors = [part for part in sectors if part]
            if not sectors:
                sectors = [NO_SECTOR]
                no_sector.append(line)
            parts = (*sectors, name)
        key = tuple(label_key(part) for part in parts)
        if key in seen:
            raise FormatError(
                f"CSV line {line}: {_path(*parts)!r} is already on line {seen[key]}; give each organisation one row "
                "(several links go in one cell, separated by ';')"
            )
        seen[key] = line
        by = cells.get(columns.by, "").strip() if columns.by else ""
        organisation = {"path": _path(*parts), "kind": "organisation", "by": by}
        if columns.note and cells.get(columns.note, "").strip():
            organisation["note"] = cells[columns.note]
        kept = {columns.headers[key]: cells[key] for key, _ in columns.others if cells.get(key, "").strip()}
        if kept:
            attributes[len(form)] = kept
        form.append((line, organisation))
        for label, url, platform in _row_channels(columns, line, cells, warnings, marks):
            form.append(
                (line, {"path": _path(*parts, label), "kind": "channel", "url": url, "platform": platform, "by": by})
            )
    if columns.others:
        names = ", ".join(repr(header) for _, header in columns.others)
        warnings.append(
            f"CSV: {counted(len(columns.others), 'columns')} not named after a platform ({names}): kept as "
            "attributes of each organisation"
        )
    if totals:
        warnings.append(
            f"CSV {'line' if len(totals) == 1 else 'lines'} {', '.join(map(str, totals))}: a totals row (only "
            "numbers under the platforms): not an organisation, left out"
        )
    if marks:
        said = ", ".join(repr(mark) for mark in marks)
        warnings.append(f"CSV: read {counted(sum(marks.values()), 'cells')} saying {said} as empty: no channel")
    if no_sector:
        shown = ", ".join(str(line) for line in no_sector[:20]) + (
            f" and {len(no_sector) - 20:,} more" if len(no_sector) > 20 else ""
        )
        warnings.append(
            f"CSV {'line' if len(no_sector) == 1 else 'lines'} {shown}: no sector; put under the sector "
            f"{NO_SECTOR!r} (fill in the sector, or `mindmap move` them)"
        )
    return form, attributes, warnings


def _is_totals_row(columns: WideColumns, name: str, cells: dict[str, str]) -> bool:
    """Return whether the row is a spreadsheet's totals: named 'Total' (or unnamed), numbers under the platforms."""
    sector = cells.get(columns.sector, "").strip() if columns.sector else ""
    if name and label_key(name) not in TOTAL_WORDS and label_key(sector) not in TOTAL_WORDS:
        return False
    values = [cells.get(key, "").strip() for key, _ in columns.platforms]
    return any(values) and all(_NUMBER.fullmatch(value) for value in values if value)


def _row_channels(
    columns: WideColumns, line: int, cells: dict[str, str], warnings: list[str], marks: dict[str, int]
) -> list[tuple[str, str, str]]:
    """Return (label, link, platform) for each link in the row's platform cells, the same channel once."""
    from mindmap import channels

    found: list[tuple[str, str, str]] = []
    labels: set[str] = set()
    keys_seen: dict[tuple[str, ...], str] = {}
    for key, platform in columns.platforms:
        cell = cells.get(key, "").strip()
        if cell.casefold().rstrip(".") in NO_CHANNEL_MARKS:
            marks[cell] = marks.get(cell, 0) + 1
            continue
        for item, named in _cell_items(cell):
            if not item:
                continue
            channel, used = _channel(item, named or platform)
            if channel is None:  # the form reader refuses it, saying why, with the other faulty rows
                found.append((item, item, platform))
                continue
            if used != platform:
                warnings.append(
                    f"CSV line {line}: {item!r} in the column {columns.headers[key]!r} is "
                    f"{'an' if channels.platform_name(used)[0] in 'AEIOU' else 'a'} {channels.platform_name(used)} "
                    "link: imported as such"
                )
            same = channels.channel_keys(channel.url, channel.platform, channel.handle)
            earlier = next((keys_seen[k] for k in same if k in keys_seen), None)
            if earlier is not None:
                warnings.append(f"CSV line {line}: {item!r} is the same channel as {earlier!r}: imported once")
                continue
            keys_seen.update(dict.fromkeys(same, item))
            # As `mindmap add` numbers a label made from a link that a sibling has already.
            label = numbered_label(channel.label, labels)
            labels.add(label.casefold())
            found.append((label, item, used))
    return found


def _cell_items(cell: str) -> list[tuple[str, str]]:
    """Return the links, handles or names in CELL, in order, each with the platform a label before it names, or ''.

    'Twitter: @derbyquad' is the handle @derbyquad on Twitter, as a label names it.
    """
    from mindmap.channels import looks_like_channel

    items = []
    for part in _CELL_SPLIT.split(cell):
        for piece in (_QUERY_COMMA_SPLIT if "?" in part else _COMMA_SPLIT).split(part):
            words, named, found = piece.split(), "", []
            for word in words:
                platform = header_platform(word[:-1]) if word.endswith(":") and len(word) > 1 else ""
                if platform:
                    named = platform
                    continue
                if ":" in word and "://" not in word and not word.lower().startswith("mailto:"):
                    label, _, rest = word.partition(":")
                    platform = header_platform(label)
                    if platform and rest:  # 'Twitter:@derbyquad'
                        named, word = platform, rest
                found.append((word, named))
            if len(found) > 2 and all(looks_like_channel(word) for word, _ in found[::2]):
                # '@derbyquad and @quadcinema': a word that joins links is no handle of its own.
                found = [item for item in found if item[0].casefold() not in _JOINING_WORDS]
            if not all(looks_like_channel(word) for word, _ in found):
                # Words that are not all links or handles are one text: a name, or a handle with a space in it.
                found = [(" ".join(word for word, _ in found), found[0][1] if found else "")]
            items.extend(found)
    return items


def _channel(item: str, platform: str) -> tuple[Channel | None, str]:
    """Return the channel ITEM names in a column of PLATFORM, and the platform it is on; (None, PLATFORM) if none."""
    from mindmap import channels

    try:
        return channels.recognise(item, platform), platform
    except MindmapError:
        pass
    # A whole link of another platform (a Facebook page in the Website column) is what it is.
    try:
        channel = channels.recognise(item)
    except MindmapError:
        return None, platform
    return channel, channel.platform


def looks_like_header(line: str) -> bool:
    """Return whether LINE (a file's first line) is a wide sheet's header: for telling a CSV by its content."""
    for separator in (",", ";", "\t"):
        cells = line.split(separator)
        if len(cells) > 1:
            columns = wide_columns(cells)
            return columns is not None and bool(columns.platforms)
    return False

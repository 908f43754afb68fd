"""CSV: one row per node; also reads the contributions form (path,kind,url,note,by) and a wide sheet (_wide_sheet)."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from typing import Any

import orjson

from mindmap.errors import FormatError, MindmapError, RuleError
from mindmap.formats import Exported, Format, Imported, WriteOptions, _wide_sheet, detail_losses, losses
from mindmap.formats._outline import OutlineBuilder, label_key
from mindmap.model import (
    KIND_ALIASES,
    KINDS,
    MAX_NOTE_CHARS,
    MindMap,
    counted,
    escape_path_part,
    paused_gc,
    quoted,
    with_article,
)

COLUMNS = (
    "id",
    "parent_id",
    "path",
    "kind",
    "label",
    "platform",
    "handle",
    "url",
    "note",
    "attributes",
    "added_by",
    "added_at",
    "modified_at",
    "folded",
    "color",
)
EXPORT_REQUIRED = ("id", "parent_id", "label")
FORM_COLUMNS = ("path", "kind", "url", "note", "by")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), so the writer
# puts an apostrophe before it, and before any run of apostrophes leading up to one, so the reader can
# take exactly one off again and get the text back as it was.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")
_PATH_SPLIT = re.compile(r"(?<!\\)/")
# The kind a missing intermediate node gets so that the node below it is allowed there.
PARENT_KIND = {"channel": "organisation", "organisation": "sector", "sector": "sector", "topic": "topic"}
MAX_ROWS = 1_000_000


class FaultyRowsError(FormatError):
    """Form rows refused, some for faulty links that `import --force` would keep."""


def guard(value: str) -> str:
    """Return VALUE so that a spreadsheet shows it as text, never runs it as a formula."""
    return "'" + value if _FORMULA.match(value) else value


def unguard(value: str) -> str:
    """Return the text that guard() turned into VALUE."""
    return value[1:] if value[:1] == "'" and _GUARDED.match(value) else value


# The largest file `mindmap import` reads (importing.MAX_IMPORT_BYTES; formats may not import that layer).
READ_LIMIT_BYTES = 200 * 1024 * 1024


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write one row per node, in tree order, with the columns COLUMNS."""
    # Rows are encoded as they are written, into one growing buffer that becomes the bytes returned: a text
    # buffer's copy, its joined text and that text's encoding held a deep map's 515 MiB CSV four times (2.7 GB).
    # Excel reads a CSV without a byte-order mark in the computer's 8-bit code page, so 'Café' would show as
    # 'CafÃ©'; with it (utf-8-sig), every spreadsheet opens the file as UTF-8 (and this module's reader skips it).
    buffer = io.BytesIO()
    out = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    # The ids and escaped labels of the nodes from the root down to the one written (the walk is in pre-order).
    # A node's path is joined from these, not kept whole per level: a chain's paths together are its CSV's size.
    ids: list[str] = []
    parts: list[str] = []  # from level 1: the root is not in paths
    for node_id, level in mindmap.walk():
        node = mindmap.node(node_id)
        del ids[level:]
        parent_id = ids[-1] if ids else ""
        ids.append(node_id)
        if level:
            del parts[level - 1 :]
            parts.append(escape_path_part(node.label))
        path = "/".join(parts) if level else ""
        row = {
            "id": node.id,
            "parent_id": parent_id,
            "path": path,
            "kind": node.kind,
            "label": node.label,
            "platform": node.platform,
            "handle": node.handle,
            "url": node.url,
            "note": node.note,
            "attributes": orjson.dumps(node.attributes).decode() if node.attributes else "",
            "added_by": node.added_by,
            "added_at": node.added_at,
            "modified_at": node.modified_at,
            "folded": "true" if node.folded else "",
            "color": node.color,
        }
        writer.writerow([guard(row[name]) for name in COLUMNS])
    out.flush()
    out.detach()  # so that the wrapper, when collected, does not close the buffer
    data = buffer.getvalue()  # the buffer's own bytes, not a copy (nothing else holds them)
    del buffer
    warnings = []
    if len(data) > READ_LIMIT_BYTES:
        # The path column repeats every ancestor's label, so a deep map's CSV grows with depth squared:
        # a chain 10,000 levels deep made 515 MiB that import then refused (found by the scale trial).
        warnings.append(
            f"the CSV is {len(data) / 2**20:,.0f} MiB, more than the {READ_LIMIT_BYTES / 2**20:,.0f} MiB mindmap "
            f"imports (the path column repeats each node's whole path): use .mm or .json for a map this deep or big"
        )
    return Exported(data, losses(mindmap, "cross-links") | detail_losses(mindmap), warnings)


def read(data: bytes, *, force: bool = False) -> Imported:
    """Read the export's own columns (a whole map) or the contributions form (rows merged by path).

    FORCE keeps the form's rows whose link is faulty (a search page, a short link, a post), as `add --force`.
    """
    text, warnings = _decode(data)
    # A note may hold up to a million characters; the csv module's default cell limit is 131,072.
    csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_NOTE_CHARS))
    delimiter, sep_line = _delimiter(text)
    rows = csv.reader(_lines(text), strict=True, delimiter=delimiter)
    try:
        if sep_line:
            next(rows)
        header = next(rows, None)
    except csv.Error as error:
        raise FormatError(f"CSV line 1: {error}") from None
    if header is None or not any(cell.strip() for cell in header):
        raise FormatError("the CSV file is empty: it needs a header row")
    columns = [cell.strip().lower() for cell in header]
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    wide = None
    if duplicated:
        # A sheet may have two columns for one platform ('Facebook,Facebook'): read both, by keys of their own.
        columns = _numbered(columns)
        wide = _wide_sheet.wide_columns(header, columns)
        platform_keys = {key for key, _ in wide.platforms} if wide is not None and "path" not in columns else set()
        if not wide or any(c not in platform_keys for c in columns if c.split(" #")[0] in duplicated):
            raise FormatError(f"CSV line 1: the column {duplicated[0]!r} appears twice")
    if wide is not None:
        with paused_gc():
            imported = _read_wide(wide, _records(rows, columns), force=force)
    elif all(name in columns for name in EXPORT_REQUIRED):
        with paused_gc():
            imported = _read_export(columns, _records(rows, columns))
    elif "path" in columns:
        with paused_gc():
            imported = _read_form(columns, _records(rows, columns), force=force)
    elif (wide := _wide_sheet.wide_columns(header)) is not None and wide.platforms:
        with paused_gc():
            imported = _read_wide(wide, _records(rows, columns), force=force)
    else:
        raise FormatError(
            "the CSV has neither mindmap's export columns (needs id, parent_id, label) nor the contributions "
            "form's (needs path; also reads kind, url, note, by) nor a wide sheet's (an Organisation column and "
            f"columns named after platforms: Twitter, Facebook, Website...); its header is: {', '.join(header)[:200]}"
        )
    imported.warnings[:0] = warnings
    return imported


def _numbered(columns: list[str]) -> list[str]:
    """Return COLUMNS with the second and later of one name numbered: 'facebook', 'facebook #2'."""
    seen: dict[str, int] = {}
    numbered = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        numbered.append(f"{column} #{seen[column]}" if column and seen[column] > 1 else column)
    return numbered


def looks_like_sheet(first_line: str) -> bool:
    """Return whether FIRST_LINE is the header of a sheet of organisations (Organisation,Sector,Twitter,...)."""
    return _wide_sheet.looks_like_header(first_line)


# A line as io.StringIO(text, newline="") yields them: ended by \r\n, \r or \n, the end kept.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """Yield TEXT's lines as a StringIO would, without its copy of the whole text (four bytes a character)."""
    for match in _LINE.finditer(text):
        yield match.group()


def _delimiter(text: str) -> tuple[str, bool]:
    """Return the cell separator of TEXT's header row, and whether a 'sep=X' line (Excel's) comes before it."""
    first = next(_lines(text), "").rstrip("\r\n")
    if len(first) == 5 and first.lower().startswith("sep="):
        return first[4], True
    # Spreadsheets in languages that write 3,5 for a decimal save CSV with semicolons; some save tabs.
    if "," not in first:
        for separator in (";", "\t"):
            if separator in first:
                return separator, False
    return ",", False


def _decode(data: bytes) -> tuple[str, list[str]]:
    if b"\x00" in data[:4096]:
        raise FormatError("not a CSV file: it holds binary data (NUL bytes)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        # Spreadsheets on Windows save CSV in their 8-bit code page; take it as that and say so.
        return data.decode("cp1252", errors="replace"), [
            f"CSV line {line}: not UTF-8; read the file as Windows-1252 (save it as UTF-8 to be sure)"
        ]


def _records(rows: Any, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    records: list[tuple[int, dict[str, str]]] = []
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(records) >= MAX_ROWS:
                raise FormatError(f"the CSV has more than {MAX_ROWS:,} rows; split it")
            if len(row) > len(columns):
                raise FormatError(f"CSV line {line}: {len(row)} cells but the header names {len(columns)} columns")
            # Empty cells are left out (read with .get(name, "")): a big file's rows are mostly empty cells.
            cells = {name: unguard(value) for name, value in zip(columns, row, strict=False) if name and value}
            records.append((line, cells))
    except csv.Error as error:
        raise FormatError(f"CSV line {rows.line_num}: {error}") from None
    return records


def _read_export(columns: list[str], records: list[tuple[int, dict[str, str]]]) -> Imported:
    by_id: dict[str, tuple[int, dict[str, str]]] = {}
    children: dict[str, list[str]] = {}
    roots = []
    for line, cells in records:
        node_id = cells.get("id", "").strip()
        if not node_id:
            raise FormatError(f"CSV line {line}: the id is empty")
        if node_id in by_id:
            raise FormatError(f"CSV line {line}: the id {node_id!r} is already on line {by_id[node_id][0]}")
        by_id[node_id] = (line, cells)
        parent = cells.get("parent_id", "").strip()
        if parent:
            children.setdefault(parent, []).append(node_id)
        else:
            roots.append(node_id)
    if not roots:
        raise FormatError("the CSV has no root row (a row with an empty parent_id)")
    if len(roots) > 1:
        raise FormatError(f"CSV line {by_id[roots[1]][0]}: a second row without a parent_id; a map has one root")
    for parent, kids in children.items():
        if parent not in by_id:
            raise FormatError(f"CSV line {by_id[kids[0]][0]}: no row has the parent_id {parent!r}")
    root_line, root_cells = by_id[roots[0]]
    builder = OutlineBuilder("CSV", root_cells.get("label", ""))
    builder.keep_root_id(roots[0])  # a round trip keeps every id, the root's too
    mindmap = builder.mindmap
    _fill_root(builder, root_line, root_cells)
    placed = {roots[0]: mindmap.root}
    stack = list(reversed(children.get(roots[0], [])))
    while stack:
        node_id = stack.pop()
        line, cells = by_id[node_id]
        placed[node_id] = builder.add(
            placed[cells["parent_id"].strip()],
            cells.get("label", ""),
            where=f"CSV line {line}",
            kind=_kind(cells.get("kind", ""), line, default="topic"),
            strict=True,
            note=cells.get("note", ""),
            url=cells.get("url", ""),
            platform=cells.get("platform", ""),
            handle=cells.get("handle", ""),
            attributes=_attributes(cells.get("attributes", ""), line),
            added_by=cells.get("added_by", ""),
            added_at=cells.get("added_at", ""),
            modified_at=cells.get("modified_at", ""),
            folded=cells.get("folded", "").strip().lower() in ("true", "yes", "1"),
            color=cells.get("color", ""),
            node_id=node_id,
        )
        stack.extend(reversed(children.get(node_id, [])))
    if len(placed) != len(by_id):
        stray = min(line for node_id, (line, _) in by_id.items() if node_id not in placed)
        raise FormatError(f"CSV line {stray}: the row is in a cycle of parent_ids, cut off from the root")
    return builder.result()


def _fill_root(builder: OutlineBuilder, line: int, cells: dict[str, str]) -> None:
    mindmap = builder.mindmap
    kind = cells.get("kind", "").strip()
    if kind and kind != "root":
        raise FormatError(f"CSV line {line}: the row without a parent_id is the root, but its kind is {kind!r}")
    try:
        mindmap.update(
            mindmap.root,
            note=cells.get("note", ""),
            url=cells.get("url", "").strip(),
            attributes=_attributes(cells.get("attributes", ""), line),
            url_as_is=True,  # the import normalises every link after reading
        )
        mindmap.set_provenance(
            mindmap.root,
            added_by=cells.get("added_by", ""),
            added_at=cells.get("added_at", ""),
            modified_at=cells.get("modified_at", ""),
        )
    except RuleError as error:
        raise FormatError(f"CSV line {line}: {error}") from None


def _read_wide(
    columns: _wide_sheet.WideColumns, records: list[tuple[int, dict[str, str]]], *, force: bool = False
) -> Imported:
    """Read a wide sheet (one row per organisation, a column per platform) as the contributions form it stands for."""
    form, attributes, warnings = _wide_sheet.form_records(columns, records)
    imported = _read_form([], form, attributes=attributes, force=force)
    imported.warnings.extend(warnings)
    # Its sectors are named by a column, on purpose: no '/' in a name made them (see refuse_implied_sector).
    imported.implied_sectors = {}
    return imported


def _read_form(
    columns: list[str],
    records: list[tuple[int, dict[str, str]]],
    *,
    attributes: dict[int, dict[str, str]] | None = None,
    force: bool = False,
) -> Imported:
    """Read the contributions form's RECORDS; ATTRIBUTES (by the record's place) go on the node a record names.

    FORCE keeps rows whose link is faulty; else they are refused, all in one error.
    """
    builder = OutlineBuilder("CSV", "Contributions", untitled=True)
    # path parts (as label_key gives them: "Derby QUAD" and "derby quad " are one node, spelled as first
    # written) -> (node id, line of the row that named it, or 0 for a node made as an intermediate)
    made: dict[tuple[str, ...], tuple[str, int]] = {}
    implied: dict[str, tuple[str, str]] = {}  # node made a sector on the way to a row's node -> refusal, if so kept
    # Rows with a faulty link are skipped and named together, so that one run finds them all (a survey's sheet
    # of 2,500 rows with 9 pasted share, short and single-post links took 10 runs, one per row).
    faulty: list[tuple[int, str]] = []
    forceable = [False]  # whether a row was refused for a fault alone, which --force would keep
    try:
        _read_form_rows(builder, records, made, implied, faulty, attributes or {}, force=force, forceable=forceable)
    except FormatError as error:
        if not faulty:
            raise
        raise FormatError(_bad_rows(faulty, stopped=str(error))) from None
    if faulty:
        raise (FaultyRowsError if forceable[0] else FormatError)(_bad_rows(faulty))
    imported = builder.result()
    imported.merge_by_path = True
    # Only those that no row named later: a row of its own makes a sub-sector on purpose.
    named = {node_id for node_id, named_on in made.values() if named_on}
    imported.implied_sectors = {node_id: text for node_id, text in implied.items() if node_id not in named}
    return imported


# A report of rows with faulty links lists at most this many line numbers.
LISTED_ROWS = 20


def _bad_rows(faulty: list[tuple[int, str]], *, stopped: str = "") -> str:
    """Return the one-line error for FAULTY rows (line, message): the first in full, the others' line numbers."""
    # A wide sheet's row may hold several faulty links: each row is named once.
    first, others = faulty[0][1], sorted({line for line, _ in faulty[1:]} - {faulty[0][0]})
    text = first
    if others:
        shown = ", ".join(str(line) for line in others[:LISTED_ROWS])
        if len(others) > LISTED_ROWS:
            shown += f" and {len(others) - LISTED_ROWS:,} more"
        lines = "line" if len(others) == 1 else "lines"
        text += f"; {counted(len(others), 'more rows')} with a faulty link: {lines} {shown}"
    if stopped:
        text += f"; then {stopped}"
    return text


def _read_form_rows(
    builder: OutlineBuilder,
    records: list[tuple[int, dict[str, str]]],
    made: dict[tuple[str, ...], tuple[str, int]],
    implied: dict[str, tuple[str, str]],
    faulty: list[tuple[int, str]],
    attributes: dict[int, dict[str, str]],
    *,
    force: bool = False,
    forceable: list[bool] | None = None,
) -> None:
    """Add the form's rows to BUILDER; skip and note in FAULTY those whose link is faulty (unless FORCE).

    FORCEABLE[0] is set when a row is refused for a fault that FORCE would keep.
    """
    for index, (line, cells) in enumerate(records):
        raw_path = cells.get("path", "").strip().strip("/")
        if not raw_path:
            raise FormatError(f"CSV line {line}: the path is empty (write labels joined by '/')")
        parts = tuple(part.replace("\\/", "/").strip() for part in _PATH_SPLIT.split(raw_path))
        if not all(parts):
            raise FormatError(f"CSV line {line}: the path {raw_path!r} has an empty part")
        url = cells.get("url", "").strip()
        kind = _kind(cells.get("kind", ""), line, default="channel" if url else "topic")
        if url:
            try:
                platform = cells.get("platform", "").strip() or _platform_labelled(parts[-1], url, kind)
                url = cells["url"] = _form_link(url, kind, platform, line, force=force)
            except FormatError as error:
                faulty.append((line, str(error)))
                if isinstance(error, FaultyRowsError) and forceable is not None:
                    forceable[0] = True
                continue
        keys = tuple(label_key(part) for part in parts)
        if keys in made and made[keys][1]:
            # Labels match whatever their case and spacing: say how the earlier row spelled it if not so.
            spelled = _shown(tuple(builder.label_of(made[keys[: depth + 1]][0]) for depth in range(len(keys))))
            also = f" (as {spelled!r})" if spelled != _shown(parts) else ""
            raise FormatError(
                f"CSV line {line}: the path {raw_path!r} is already on line {made[keys][1]}{also}; give each node "
                "one row"
            )
        kinds = [kind]
        for _ in parts[:-1]:
            kinds.append(PARENT_KIND[kinds[-1]])
        kinds.reverse()
        parent = builder.root
        for depth in range(len(parts)):
            key = keys[: depth + 1]
            last = depth == len(parts) - 1
            if key in made:
                if last:
                    _fill_intermediate(builder, made[key][0], kind, cells, line)
                    made[key] = (made[key][0], line)
                parent = made[key][0]
                continue
            # Under the top, the kinds must fit here; at the top they must fit the node imported under.
            if parent != builder.root and not _allows(_wanted(builder, parent), kinds[depth]):
                raise FormatError(
                    f"CSV line {line}: {_shown(parts[:depth])!r} is {with_article(_wanted(builder, parent))}, so "
                    f"{with_article(kinds[depth])} cannot go under it"
                )
            node_id = builder.add(
                parent,
                parts[depth],
                where=f"CSV line {line}",
                kind=kinds[depth],
                note=cells.get("note", "") if last else "",
                url=url if last else "",
                added_by=cells.get("by", "").strip() if last else "",
                attributes=attributes.get(index) if last else None,
            )
            made[key] = (node_id, line if last else 0)
            if not last and kinds[depth] == "sector":
                implied[node_id] = _nested_sector_refusal(line, parts, depth)
            parent = node_id


def _nested_sector_refusal(line: int, parts: tuple[str, ...], depth: int) -> tuple[str, str]:
    """Return the refusal for row LINE making PARTS[DEPTH] a new sector inside a sector: the text around its path."""
    # Most likely the '/' after it belongs to a name ('Sheffield Doc/Fest'): show the path with that one escaped.
    joined = (*parts[:depth], parts[depth] + "/" + parts[depth + 1], *parts[depth + 2 :])
    return (
        f"CSV line {line}: {quoted(_shown(parts))} would make {quoted(parts[depth])} a new sector inside the sector ",
        f"; if a '/' is part of a name, write it as '\\/' ({quoted(_shown(joined))}), or give the new sector a row "
        "of its own (kind sector)",
    )


def _platform_labelled(label: str, url: str, kind: str) -> str:
    """Return the platform a channel row's LABEL names ('Instagram') when its URL is a bare @handle, else ''."""
    # 'Faith groups/Jain Centre/Instagram' with '@jaincentre' says where the handle is, as a platform column would.
    if kind != "channel" or not url.startswith("@") or "/" in url:
        return ""
    from mindmap import channels

    try:
        return channels.normalise_platform(label)
    except MindmapError:
        return ""


def _form_link(url: str, kind: str, platform: str, line: int, *, force: bool = False) -> str:
    """Return a form row's link as `mindmap add` stores it, or raise the FormatError for the row (people typed it).

    FORCE keeps a faulty link (as `add --force`); a link that names no channel at all is refused all the same.
    """
    from mindmap import channels

    try:
        if kind == "channel":
            channel = channels.recognise(url, platform or None)
            stored, faults = channel.url, channels.problems(channel.url, channel.platform)
        else:
            stored = channels.normalise_link(url, typed=True)
            faults = channels.link_problems(stored, kind)
    except MindmapError as error:
        if "could be on any platform" in str(error):  # the form has no --platform: say what it has instead
            raise FormatError(
                f"CSV line {line}: {url!r} could be on any platform: write the full address, add a platform "
                "column (e.g. twitter), or label the channel with its platform ('.../Instagram')"
            ) from None
        raise FormatError(f"CSV line {line}: {error}") from None
    if faults and not force:
        raise FaultyRowsError(f"CSV line {line}: {faults[0].refusal(url, force=False)}")
    return stored


def _fill_intermediate(builder: OutlineBuilder, node_id: str, kind: str, cells: dict[str, str], line: int) -> None:
    """Give a node made as an intermediate the fields and kind of the row that names it later."""
    if kind != _wanted(builder, node_id):
        parent = builder.parent_of(node_id)
        if parent != builder.root and parent is not None and not _allows(_wanted(builder, parent), kind):
            raise FormatError(
                f"CSV line {line}: {with_article(kind)} cannot go under {with_article(_wanted(builder, parent))}"
            )
        for child in builder.children_of(node_id):
            if not _allows(kind, _wanted(builder, child)):
                raise FormatError(
                    f"CSV line {line}: {with_article(kind)} cannot hold the {_wanted(builder, child)} "
                    f"{builder.label_of(child)!r} that an earlier row put under it"
                )
        if builder.kind_of(node_id) != kind:
            builder.kinds[node_id] = kind
        else:
            builder.kinds.pop(node_id, None)
    try:
        builder.fill(
            node_id, note=cells.get("note", ""), url=cells.get("url", "").strip(), added_by=cells.get("by", "").strip()
        )
    except RuleError as error:
        raise FormatError(f"CSV line {line}: {error}") from None


def _wanted(builder: OutlineBuilder, node_id: str) -> str:
    return builder.kinds.get(node_id, builder.kind_of(node_id))


def _allows(parent_kind: str, kind: str) -> bool:
    from mindmap.model import ALLOWED_PARENTS

    return parent_kind in ALLOWED_PARENTS[kind]


def _shown(parts: tuple[str, ...]) -> str:
    return "/".join(part.replace("/", "\\/") for part in parts)


def _kind(value: str, line: int, *, default: str) -> str:
    key = value.strip().lower()
    if not key:
        return default
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        raise FormatError(f"CSV line {line}: unknown kind {value!r}; use one of {', '.join(KINDS[1:])}")
    return key


def _attributes(value: str, line: int) -> dict[str, str]:
    if not value.strip():
        return {}
    try:
        parsed = orjson.loads(value)
    except orjson.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        raise FormatError(f'CSV line {line}: the attributes must be a JSON object of texts, like {{"city": "Derby"}}')
    return parsed


FORMAT = Format(
    "csv",
    (".csv",),
    "one row per node; reads that, a contributions form (path,kind,...) and a sheet of organisations "
    "(Organisation,Sector,Twitter,Facebook,...)",
    read=read,
    write=write,
    read_forced=functools.partial(read, force=True),
)

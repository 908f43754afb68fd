"""Markdown outlines as markmap draws them: a heading for the root, nested lists below, links as Markdown links."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from mindmap.errors import FormatError
from mindmap.formats import Exported, Format, Imported, WriteOptions, detail_losses, losses
from mindmap.formats._link_notices import list_notices
from mindmap.formats._outline import OutlineBuilder
from mindmap.model import MAX_LABEL_CHARS, MAX_NOTE_CHARS, MapMeta, MindMap, clean_text, counted, paused_gc

# Escaped wherever they stand: they start emphasis, code, links, raw HTML (which markmap renders, so
# `<img onerror=...>` in a label must stay text), entities, strikethrough, tables and markmap's maths.
_ALWAYS = set("\\`*_[]<>&~|$")
# Escaped only at the start of a line, where they would start a heading, list item or quote.
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
SAFE_SCHEMES = ("http://", "https://", "mailto:")
INDENT = "  "
FOLD = "<!-- markmap: fold -->"
MAX_LINES = 2_000_000
# Front-matter keys for the map's credits, as pandoc and Jekyll name them; the values are written as JSON,
# which YAML reads too. 'title' only when the map's title is not its root's label (the '# heading').
CREDIT_KEYS = {"author": "authors", "license": "license", "date": "created", "description": "description"}
# Markdown nests list items by indentation only, so a chain 10,000 levels deep took 100 MB of spaces. Items
# deeper than this are written at this depth's indentation, each with a comment naming its level, which
# markmap ignores (it shows them as one flat list under their ancestor at this depth) and this reader follows.
MAX_INDENTED_DEPTH = 40
LISTED_MARKS = 10  # line numbers named in a warning about many items (marks that cannot hold, links)
# The mark ends the item (after the fold comment), as the writer puts it: one in a code span or escaped is text.
_LEVEL_MARK = re.compile(r"<!-- mindmap: level ([0-9]{1,7}) -->[ \t]*$")


def escape(text: str, *, heading: bool = False) -> str:
    """Return TEXT as Markdown inline content that markmap shows literally (line breaks as <br>)."""
    # In a HEADING every '#' is escaped too, since trailing ones would close it.
    special = _ALWAYS | {"#"} if heading else _ALWAYS
    lines = []
    for line in text.split("\n"):
        # Markdown trims white space (any Unicode space, to markdown-it) at either end of a line;
        # written as character references, it stays.
        start, end = 0, len(line)
        while start < end and _trimmed(line[start]):
            start += 1
        while end > start and _trimmed(line[end - 1]):
            end -= 1
        middle = "".join("\\" + ch if ch in special else "&#9;" if ch == "\t" else ch for ch in line[start:end])
        middle = _LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1).isdigit() else "\\" + m.group(1), middle)
        lines.append(_references(line[:start]) + middle + _references(line[end:]))
    return "<br>".join(lines)


def _trimmed(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def _references(text: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in text)


def _link(text: str, url: str) -> str:
    # Inside <...> a destination may hold spaces and parentheses, but not angle brackets.
    target = url.replace("<", "%3C").replace(">", "%3E")
    return f"[{text}](<{target}>)"


def front_matter(meta: MapMeta, root_label: str = "") -> list[str]:
    """Return the front matter that carries META's credits (authors, licence, date, description), or [].

    The title goes in too when it is not ROOT_LABEL, which the '# heading' carries.
    """
    fields = [(key, getattr(meta, name)) for key, name in CREDIT_KEYS.items() if getattr(meta, name)]
    if root_label and meta.title and meta.title != root_label:
        fields.insert(0, ("title", meta.title))
    if not fields:
        return []
    return ["---", *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields), "---", ""]


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as a Markdown outline: credits as front matter, '# root', then one nested list item per node."""
    lines: list[str] = []
    unsafe = deep = 0
    for node_id, level in mindmap.walk():
        node = mindmap.node(node_id)
        text = escape(node.label, heading=level == 0)
        if node.url:
            if node.url.lower().startswith(SAFE_SCHEMES):
                text = _link(text, node.url)
            else:
                unsafe += 1  # javascript:, data: ... never become links
        if node.folded and level > 0:
            text += " " + FOLD  # markmap shows the node folded
        if level == 0:
            # Credits go in front matter, which markmap reads and does not draw: a paragraph beside the top
            # list would be a block where markmap wants only headings and list items.
            lines += [*front_matter(mindmap.meta, node.label), f"# {text}", ""]
        elif level <= MAX_INDENTED_DEPTH:
            lines.append(f"{INDENT * (level - 1)}- {text}")
        else:
            deep += 1
            lines.append(f"{INDENT * MAX_INDENTED_DEPTH}- {text} <!-- mindmap: level {level} -->")
    dropped = losses(mindmap, "notes", "attributes", "cross-links") | detail_losses(
        mindmap, "authors", "license", "description"
    )
    if unsafe:
        dropped["urls"] = unsafe
    warnings = []
    if deep:
        warnings.append(
            f"{counted(deep, 'nodes')} deeper than {MAX_INDENTED_DEPTH} levels are written as a flat list under their "
            f"node at level {MAX_INDENTED_DEPTH}, each marked with its level: `mindmap import` puts them back in "
            "place, markmap shows them flat"
        )
    return Exported(("\n".join(lines) + "\n").encode("utf-8"), dropped, warnings)


# ----------------------------------------------------------------------------- reading

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+(.*)|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A setext underline: under a paragraph, '=' makes it a level-1 heading, '-' a level-2 one (CommonMark 4.3).
_SETEXT = re.compile(r"^( {0,3})(=+|-+)[ \t]*$")
# A thematic break (`---`, `***`, `- - -`, `___`): it ends a paragraph and goes before a list item.
_THEMATIC = re.compile(r"^([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!?\[(?P<link_text>(?:\\.|[^\]\\])*)\]\((?:<(?P<angle>[^>\n]*)>|(?P<bare>[^\s)]*))(?:\s+\"[^\"]*\")?\)"
    r"|<(?P<auto>(?:https?|mailto):[^>\s]*)>"
    r"|(?P<brk><br\s*/?>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<emphasis>\*\*|__|~~|\*|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))"
)


@dataclass
class _Item:
    parent: int
    text: str
    line: int
    note: list[str] = field(default_factory=list)
    heading: bool = False


def inline_text(source: str) -> tuple[str, list[str]]:
    """Return the plain text that markmap shows for the inline Markdown SOURCE, and the links' targets."""
    urls: list[str] = []
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(source):
        out.append(source[position : match.start()])
        position = match.end()
        if match.group("escaped"):
            out.append(match.group("escaped"))
        elif match.group("entity"):
            out.append(html.unescape(match.group("entity")))
        elif match.group("code"):
            out.append(match.group("code_text"))
        elif match.group("link_text") is not None:
            text, _ = inline_text(match.group("link_text"))
            target = match.group("angle") if match.group("angle") is not None else match.group("bare")
            urls.append(target or "")
            out.append(text)
        elif match.group("auto"):
            urls.append(match.group("auto"))
            out.append(match.group("auto"))
        elif match.group("brk"):
            out.append("\n")
        elif match.group("comment"):
            pass  # markmap's magic comments (<!-- markmap: fold -->) are read from the item's source
        # emphasis markers are dropped: the model keeps plain text
    out.append(source[position:])
    return "".join(out), urls


def read(data: bytes) -> Imported:
    """Read a Markdown outline: headings and list items become nodes, paragraphs their notes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(f"Markdown line {line}: not valid UTF-8 (byte 0x{data[error.start]:02x})") from None
    if "\x00" in text:
        raise FormatError("not a Markdown file: it holds binary data (NUL bytes)")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        raise FormatError(f"the Markdown file has more than {MAX_LINES:,} lines")
    fields, start = _front_matter(lines)
    items = _parse(lines, start)
    if len(items) == 1:
        raise FormatError("the Markdown file has no headings or list items, so no outline to import")
    with paused_gc():
        return _build(items, fields)


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Return the front matter's top-level fields (each value as a one-line scalar) and the line after it."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for index in range(1, min(len(lines), 1000)):
        if lines[index].strip() in ("---", "..."):
            return _fields(lines[1:index]), index + 1
    return {}, 0


# A YAML block scalar's header: '|' keeps the lines' breaks, '>' folds them; then a chomping sign or indent digit.
_BLOCK_SCALAR = re.compile(r"([|>])[-+0-9]*(?:[ \t]+#.*)?")


def _fields(block: list[str]) -> dict[str, str]:
    """Return the top-level 'key: value' fields of front matter BLOCK, values as one-line scalars.

    A value in YAML's block forms (a '|' or '>' text, a '- item' list, as pandoc's 'author:' often is) is given as
    the JSON that writes it on one line; nested maps and anything else are skipped.
    """
    fields: dict[str, str] = {}
    index = 0
    while index < len(block):
        line = block[index]
        index += 1
        key, sep, value = line.partition(":")
        if not sep or line[:1].isspace() or line.lstrip().startswith(("#", "- ")):
            continue
        body = []  # the lines indented under the key (blank ones included)
        while index < len(block) and (block[index][:1].isspace() or not block[index].strip()):
            body.append(block[index])
            index += 1
        value = value.strip()
        scalar = _BLOCK_SCALAR.fullmatch(value)
        if scalar:
            value = json.dumps(_block_text(body, folded=scalar.group(1) == ">"), ensure_ascii=False)
        elif not value:
            items = [_item_name(line.strip()[1:]) for line in body if line.strip()[:2] in ("- ", "-")]
            value = json.dumps([item for item in items if item], ensure_ascii=False) if items else ""
        fields.setdefault(key.strip(), value)
    return fields


def _block_text(body: list[str], *, folded: bool) -> str:
    """Return the text of a YAML block scalar's indented BODY lines: folded ('>') joins lines by spaces."""
    indent = min((len(line) - len(line.lstrip()) for line in body if line.strip()), default=0)
    lines = [line[indent:].rstrip() for line in body]
    while lines and not lines[-1]:
        lines.pop()
    if not folded:
        return "\n".join(lines)
    return "\n".join(" ".join(part.split("\n")) for part in "\n".join(lines).split("\n\n"))


def _item_name(item: str) -> str:
    """Return a '- item' of a front-matter list as a name: a scalar, or a map's 'name:' (pandoc's author form)."""
    item = item.strip()
    key, sep, value = item.partition(":")
    if sep and key.strip() == "name":
        item = value.strip()
    elif sep and not item.startswith(("'", '"')) and (not value or value[:1].isspace()):
        return ""  # another field of a nested map
    return _scalar(item).strip()


def _scalar(value: str) -> str:
    """Return a front-matter VALUE as text: a JSON (YAML double-quoted) string read, else its quotes taken off."""
    if value.startswith('"'):
        try:
            read = json.loads(value)
        except ValueError:
            read = None
        if isinstance(read, str):
            return read
    if len(value) > 1 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")  # YAML's single-quoted form doubles its quotes
    if not value.startswith(('"', "'")):
        value = re.split(r"[ \t]#", value, maxsplit=1)[0]  # a plain value ends where a comment starts
    return value.strip("\"'")


def _names(value: str) -> list[str]:
    """Return the authors a front-matter VALUE names: a JSON (YAML flow) list, else one name or several by commas."""
    if value.startswith("["):
        try:
            read = json.loads(value)
        except ValueError:
            read = None
        if isinstance(read, list):
            # Names, and numbers as written; no Python spelling of a nested list, true or null.
            texts = [json.dumps(item) if type(item) in (int, float) else item for item in read]
            return [name for name in (text.strip() for text in texts if isinstance(text, str)) if name]
        value = value.strip("[]")
    return [name for name in (_scalar(part.strip()).strip() for part in value.split(",")) if name]


def _credit(builder: OutlineBuilder, fields: dict[str, str]) -> None:
    """Set the imported map's credits from the front matter's FIELDS (as the Markdown export writes them)."""
    meta = builder.mindmap.meta
    for key, name in CREDIT_KEYS.items():
        value = fields.get(key, fields.get(name, ""))  # 'authors', 'created' too, as the map file names them
        if not value:
            continue
        # Cut to what a map may store, as labels are: the file may hold anything.
        if name == "authors":
            meta.authors = [clean_text(author, multiline=False)[:MAX_LABEL_CHARS] for author in _names(value)]
        else:
            text = clean_text(_scalar(value), multiline=name == "description").strip()
            setattr(meta, name, text[:MAX_NOTE_CHARS])


def _parse(lines: list[str], start: int) -> list[_Item]:
    """Return the outline's items in document order; item 0 stands for the document itself."""
    items = [_Item(parent=-1, text="", line=0)]
    headings: list[tuple[int, int]] = []  # (level, item index)
    bullets: list[tuple[int, int]] = []  # (content column, item index)
    fence = ""
    paragraph_open = False  # the previous line belongs to the last item's text (lazy continuation)
    paragraph_start = 0  # where the open paragraph starts in the current item's note, when it is there
    paragraph_line = 0  # and its line number (0-based)
    paragraph_code = False  # it is indented code (4 spaces in), which no underline makes a heading
    # It went on from an item's paragraph but less indented (CommonMark's lazy continuation, which this
    # reader puts after the list): an underline cannot be lazy, so it makes no heading of it either.
    paragraph_lazy = False
    empty_item_line = -1  # the line of the last list item, when it had no text
    for number in range(start, len(lines)):
        line = lines[number].expandtabs(4)
        current = bullets[-1][1] if bullets else headings[-1][1] if headings else 0
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            items[current].note.append(line.rstrip())
            continue
        fenced = _FENCE.match(line.lstrip(" ")) if line.strip().startswith(("```", "~~~")) else None
        if fenced:
            indent = len(line) - len(line.lstrip(" "))
            while bullets and indent < bullets[-1][0]:
                bullets.pop()  # a block less indented than an item's content is not part of it
            current = bullets[-1][1] if bullets else headings[-1][1] if headings else 0
            fence = fenced.group(1)
            paragraph_open = False
            items[current].note.append(line.strip())
            continue
        if not line.strip():
            paragraph_open = False
            if empty_item_line == number - 1 and bullets:
                # An item may begin with at most one blank line (CommonMark): an empty one ends at the blank.
                bullets.pop()
                empty_item_line = -1
                continue
            if items[current].note and items[current].note[-1]:
                items[current].note.append("")
            continue
        underline = _SETEXT.match(line) if paragraph_open and not paragraph_code and not paragraph_lazy else None
        if underline:
            indent = len(underline.group(1))
            inside = not bullets or indent >= bullets[-1][0]
            if bullets and not items[current].note:
                # Under an item's own text: inside the item it makes that text a heading there (the node stays);
                # a '-' line less indented is a thematic break that ends the lists it is outside of.
                if inside or underline.group(2).startswith("---"):
                    while bullets and indent < bullets[-1][0]:
                        bullets.pop()
                    paragraph_open = False
                    continue
            elif inside:
                # The paragraph above, from the current node's note, is a heading.
                note = items[current].note
                text = _joined(lines[paragraph_line:number])
                del note[paragraph_start:]
                while note and not note[-1]:
                    note.pop()
                level = 1 if underline.group(2)[0] == "=" else 2
                while headings and headings[-1][0] >= level:
                    headings.pop()
                parent = headings[-1][1] if headings else 0
                items.append(_Item(parent, text, paragraph_line + 1, heading=True))
                headings.append((level, len(items) - 1))
                bullets.clear()
                paragraph_open = False
                continue
        if line.lstrip(" ")[:1] in ("-", "*", "_") and _THEMATIC.match(line.lstrip(" ")):
            indent = len(line) - len(line.lstrip(" "))
            if _inner_indent(indent, bullets) < 4:  # else indented code, read as text below
                # A line across the map and nothing else: no node, nothing in a note; it ends the lists
                # it is less indented than.
                while bullets and indent < bullets[-1][0]:
                    bullets.pop()
                paragraph_open = False
                continue
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if heading:
            level = len(heading.group(1))
            while headings and headings[-1][0] >= level:
                headings.pop()
            parent = headings[-1][1] if headings else 0
            items.append(_Item(parent, (heading.group(2) or "").strip(" \t"), number + 1, heading=True))
            headings.append((level, len(items) - 1))
            bullets.clear()
            paragraph_open = False
            continue
        if item:
            indent = len(item.group(1))
            while bullets and indent < bullets[-1][0]:
                bullets.pop()
            parent = bullets[-1][1] if bullets else headings[-1][1] if headings else 0
            content = item.group(4) or ""
            gap = len(item.group(3)) - len(content)
            column = indent + len(item.group(2)) + (gap if 0 < gap <= 4 else 1)
            items.append(_Item(parent, content.strip(" \t"), number + 1))
            bullets.append((column, len(items) - 1))
            # An empty item holds no paragraph for the next line to go on; one indented into it is its text.
            paragraph_open, paragraph_code, paragraph_lazy = bool(content.strip(" \t")), False, False
            empty_item_line = number if not paragraph_open else -1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if empty_item_line == number - 1 and bullets and indent >= bullets[-1][0]:
            items[current].text = line.strip()
            paragraph_open = True
            continue
        if paragraph_open and bullets and not items[current].note:
            # A continuation of the item's own text: a hard break ('\\' or two spaces) ends the line before it.
            previous = items[current]
            hard = previous.text.endswith("\\") or lines[number - 1].endswith("  ")
            previous.text = (previous.text[:-1] if previous.text.endswith("\\") else previous.text).rstrip()
            previous.text += ("<br>" if hard else " ") + line.strip()
            continue
        lazy = False
        if bullets and indent < bullets[-1][0]:
            # A paragraph belongs to the item whose content it lines up with; less indented than all, it ends the list.
            while bullets and indent < bullets[-1][0]:
                bullets.pop()
            current = bullets[-1][1] if bullets else headings[-1][1] if headings else 0
            lazy, paragraph_open = paragraph_open, False
        code = (not paragraph_open or paragraph_code) and _inner_indent(indent, bullets) >= 4
        if not paragraph_open or paragraph_code and not code:  # a line less indented ends indented code
            paragraph_start, paragraph_line = len(items[current].note), number
            paragraph_code, paragraph_lazy = code, lazy
        items[current].note.append(line.strip())
        paragraph_open = True
    return items


def _inner_indent(indent: int, bullets: list[tuple[int, int]]) -> int:
    """Return how far a line INDENT spaces in is indented inside the innermost list item it is in."""
    for column, _ in reversed(bullets):
        if column <= indent:
            return indent - column
    return indent


def _joined(lines: list[str]) -> str:
    """Return a paragraph's LINES as one line of inline Markdown, a hard break ('\\' or two spaces) as <br>."""
    text = ""
    for line in lines:
        if text:
            hard = text.endswith(("\\", "  "))
            text = (text[:-1] if text.endswith("\\") else text).rstrip() + ("<br>" if hard else " ")
        text += line.lstrip()
    return text.rstrip()


def _escaped(text: str, position: int) -> bool:
    """Return whether the character at POSITION in inline Markdown TEXT is escaped (an odd run of '\\' before it)."""
    run = len(text[:position]) - len(text[:position].rstrip("\\"))
    return run % 2 == 1


def _build(items: list[_Item], fields: dict[str, str]) -> Imported:
    title = _scalar(fields.get("title", ""))
    document = items[0]
    tops = [index for index in range(1, len(items)) if items[index].parent == 0]
    # markmap makes a lone top heading the root (a front-matter title is then the map's title, as the export
    # writes it); otherwise the document itself is the root, named by the title.
    lone = len(tops) == 1 and items[tops[0]].heading
    root_index = tops[0] if lone else 0
    root_label, root_urls = inline_text(items[root_index].text) if lone else (title or "Markdown outline", [])
    builder = OutlineBuilder("Markdown", root_label, title=title or None, untitled=not lone and not title)
    mindmap = builder.mindmap
    placed = {root_index: mindmap.root, 0: mindmap.root}
    _credit(builder, fields)
    root_note = "\n".join(document.note + (items[root_index].note if lone else [])).strip("\n")
    if root_note or root_urls:
        mindmap.update(
            mindmap.root,
            note=clean_text(root_note),
            url=clean_text(root_urls[0], multiline=False).strip() if root_urls else None,
            url_as_is=True,  # the import normalises every link after reading
        )
    levels = {0: 0, root_index: 0}
    unheld: list[tuple[int, int, int]] = []  # (line, level marked, level placed at) of marks that cannot hold
    crowded: list[tuple[int, int]] = []  # (line, links) of items with more than one link
    above = [root_index]  # the items from the root down to the one placed last, by level
    for index in range(1, len(items)):
        if index == root_index:
            continue
        item = items[index]
        parent, level = item.parent, levels[item.parent] + 1
        mark = _LEVEL_MARK.search(item.text) if "<!--" in item.text else None
        if mark and _escaped(item.text, mark.start()):
            mark = None
        if mark:
            # The writer's items deeper than MAX_INDENTED_DEPTH: the mark says where the item belongs.
            wanted = int(mark.group(1))
            if level <= wanted <= len(above):
                parent, level = above[wanted - 1], wanted
            else:
                unheld.append((item.line, wanted, level))
        levels[index] = level
        del above[level:]
        above.append(index)
        folded = FOLD in item.text
        label, urls = inline_text(item.text.replace(" " + FOLD, "").replace(FOLD, ""))
        if len(urls) > 1:
            crowded.append((item.line, len(urls)))
        placed[index] = builder.add(
            placed[parent],
            label,
            where=f"Markdown line {item.line}",
            note="\n".join(item.note).strip("\n"),
            url=urls[0] if urls else "",
            folded=folded,
        )
    if crowded:
        line, count = crowded[0]
        text = f"Markdown line {line}: {count} links in one item; kept the first"
        builder.warnings.append(text + _more_lines([line for line, _ in crowded[1:]], "more items", "do so too"))
    if unheld:
        builder.warnings.append(_unheld_marks(unheld))
    return builder.result()


def _unheld_marks(unheld: list[tuple[int, int, int]]) -> str:
    """Return the one warning for level marks that cannot hold (line, marked, placed): the first, then lines."""
    # One line however many: a hand-edited file may hold a mark on every one of its 100,000 items.
    line, wanted, level = unheld[0]
    text = (
        f"Markdown line {line}: the mark 'level {wanted}' cannot hold here (the item stands at level {level}); "
        "placed the item where its indentation puts it"
    )
    return text + _more_lines([line for line, _, _ in unheld[1:]], "more marks", "cannot hold either")


def _more_lines(lines: list[int], what: str, verb: str) -> str:
    """Return '; N WHAT VERB: lines ...' naming the first LISTED_MARKS of LINES, or '' when there are none."""
    if not lines:
        return ""
    shown = ", ".join(map(str, lines[:LISTED_MARKS]))
    if len(lines) > LISTED_MARKS:
        shown += f" and {len(lines) - LISTED_MARKS:,} more"
    return f"; {counted(len(lines), what)} {verb}: line{'s' if len(lines) > 1 else ''} {shown}"


FORMAT = Format(
    "markdown",
    (".md", ".markdown"),
    "Markdown outline (headings and nested lists, as markmap draws)",
    read=read,
    write=write,
    notices=list_notices,
)

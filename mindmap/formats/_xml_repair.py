"""Byte repairs for XML files that desktop tools open but strict parsers refuse (FreeMind's and others')."""

from __future__ import annotations

import codecs
import html.entities
import re
from collections.abc import Iterator

_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_NAMED_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]{0,31});")
_BARE_AMP = re.compile(rb"&(?!#[0-9]{1,10};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z_][A-Za-z0-9._-]*;)")
_RAW_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_HIGH_RUN = re.compile(rb"[\xc0-\xff]{3,}")
_SURROGATE_PAIR = re.compile(
    rb"&#(?:[xX]0*(d[89ab][0-9a-f]{2})|0*(5[5-6][0-9]{3}));&#(?:[xX]0*(d[c-f][0-9a-f]{2})|0*(5[6-7][0-9]{3}));",
    re.IGNORECASE,
)
_XML_NAMES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def _allowed_in_xml(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def repair(data: bytes) -> tuple[bytes, list[str]]:
    """Return DATA with what FreeMind tolerates but XML forbids fixed, and one warning per kind of repair."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data, warnings  # UTF-16: leave it to the parser
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    stripped = data.lstrip()
    if stripped.startswith(b"<?xml") and stripped is not data and len(stripped) != len(data):
        data = stripped
        warnings.append("removed blank space before the XML declaration")
    if b"<!ENTITY" in data:
        return data, warnings  # the parser refuses entity declarations; do not touch such a file

    carriage_returns = data.count(b"\r")
    if carriage_returns:  # most files have none: then the line ends need no counting
        crlf = data.count(b"\r\n")
        lone_cr = carriage_returns - crlf
        lone_lf = data.count(b"\n") - crlf
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if (crlf > 0) + (lone_cr > 0) + (lone_lf > 0) > 1:
            warnings.append("normalised mixed line ends (CRLF, CR and LF)")

    declared = _DECLARATION.match(data)
    encoding = declared.group(1).decode("ascii").lower().replace("_", "-") if declared else "utf-8"
    if encoding in ("utf-8", "utf8"):
        data, recoded = _recode_8bit(data)
        for codec, lines in sorted(recoded.items()):
            warnings.append(f"decoded {plural(lines, 'line')} written in {codec} inside the UTF-8 file")

    joined = 0

    def join_pair(match: re.Match[bytes]) -> bytes:
        nonlocal joined
        high_hex, high_dec, low_hex, low_dec = match.groups()
        high = int(high_hex, 16) if high_hex else int(high_dec)
        low = int(low_hex, 16) if low_hex else int(low_dec)
        if not (0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF):
            return match.group()
        joined += 1
        return b"&#x%x;" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    # Java tools (FreeMind, Freeplane before 1.8) write an emoji as two references to UTF-16 halves.
    # Each substitution below keeps DATA itself unless it changed something: a copy of a big file per
    # pass would sit beside it through the parse.
    fixed = _SURROGATE_PAIR.sub(join_pair, data)
    if joined:
        data = fixed
        warnings.append(f"joined {plural(joined, 'pair')} of UTF-16 surrogate references (such as emoji)")
    del fixed
    dropped = 0

    def drop_control_ref(match: re.Match[bytes]) -> bytes:
        nonlocal dropped
        hex_digits, digits = match.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        if _allowed_in_xml(code):
            return match.group()
        dropped += 1
        return b""

    fixed = _CHAR_REF.sub(drop_control_ref, data)
    if dropped:
        data = fixed
        warnings.append(f"dropped {plural(dropped, 'reference')} to control characters (such as &#x0;)")
    del fixed
    # translate() deletes in one pass what a regular expression would search for byte by byte. It is tried a
    # megabyte at a time first: most files have none, and a whole copy of a big file would only be thrown away.
    if any(len(piece.translate(None, _RAW_CONTROLS)) != len(piece) for piece in _pieces(data)):
        without_controls = data.translate(None, _RAW_CONTROLS)
        warnings.append(f"dropped {plural(len(data) - len(without_controls), 'raw control character')}")
        data = without_controls
        del without_controls

    replaced: dict[str, int] = {}
    unknown = 0

    def name_to_ref(match: re.Match[bytes]) -> bytes:
        nonlocal unknown
        name = match.group(1)
        if name in _XML_NAMES:
            return match.group()
        text = html.entities.html5.get(name.decode("ascii") + ";")
        if text is None:
            unknown += 1
            return b"&amp;" + name + b";"  # keep the text as it stands
        replaced[name.decode("ascii")] = replaced.get(name.decode("ascii"), 0) + 1
        return "".join(f"&#x{ord(char):x};" for char in text).encode("ascii")

    # Most files hold only the five XML names (&amp; &quot; ...), which stay: then DATA needs no copy.
    if any(match.group(1) not in _XML_NAMES for match in _NAMED_REF.finditer(data)):
        fixed = _NAMED_REF.sub(name_to_ref, data)
        if replaced or unknown:
            data = fixed
        del fixed
    if replaced:
        names = ", ".join(f"&{name};" for name in sorted(replaced)[:5]) + (", ..." if len(replaced) > 5 else "")
        warnings.append(f"replaced {plural(sum(replaced.values()), 'undefined HTML entity')} ({names})")
    if unknown:
        warnings.append(f"kept {plural(unknown, 'unknown entity')} as plain text")
    data, bare = _BARE_AMP.subn(b"&amp;", data)
    if bare:
        warnings.append(f"escaped {plural(bare, 'bare &')}")
    return data, warnings


def _pieces(data: bytes, size: int = 1 << 20) -> Iterator[bytes]:
    """Yield DATA a piece of SIZE bytes at a time (copies that small reuse the same memory)."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _is_utf8(data: bytes) -> bool:
    """Return whether DATA is valid UTF-8, checked in pieces rather than decoding a big file at once."""
    if data.isascii():  # ASCII is UTF-8, and most .mm files are ASCII (FreeMind writes references): one fast pass
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for piece in _pieces(data):
            decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _recode_8bit(data: bytes) -> tuple[bytes, dict[str, int]]:
    """Return DATA with lines that are not UTF-8 decoded as cp1251 or cp1252, and how many lines each."""
    if _is_utf8(data):
        return data, {}
    counts: dict[str, int] = {}
    lines = data.split(b"\n")
    for index, line in enumerate(lines):
        try:
            line.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        # Cyrillic words in cp1251 are runs of bytes >= 0xC0; Western text in cp1252 has them one by one.
        codec = "cp1251" if _HIGH_RUN.search(line) else "cp1252"
        try:
            text = line.decode(codec)
        except UnicodeDecodeError:
            codec, text = "latin-1", line.decode("latin-1")
        lines[index] = text.encode("utf-8")
        counts[codec] = counts.get(codec, 0) + 1
    return b"\n".join(lines), counts

"""HTML bodies (FreeMind rich text, notes) as plain text, event by event."""

from __future__ import annotations

import re

_BLOCK_TAGS = "p div h1 h2 h3 h4 h5 h6 ul ol table tr blockquote pre dl dt dd hr center address body"
_BLOCKS = frozenset(_BLOCK_TAGS.split())
_HIDDEN = frozenset(["head", "title", "style", "script"])
_SPACE = re.compile(r"[ \t\n\r\f]+")


class HtmlText:
    """Turn HTML events into plain text: blocks and <br> make line breaks, list items start with '- '."""

    def __init__(self, generator: str = "") -> None:
        self.generator = generator  # <meta name="generator"> content that marks verbatim paragraphs
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0
        self.pre = 0
        # HTML from GENERATOR holds one line per <p>, exactly (spaces too). It is only taken so while
        # no paragraph holds a line break or a tag: then another editor has rewritten it, and HTML rules apply.
        self.verbatim = False
        self.verbatim_lines: list[str] = []
        self.verbatim_current: list[str] = []
        self.rewritten = False
        self.images: list[str] = []
        self.in_p = 0
        self.plain: list[str] | None = None  # Freeplane's CONTENT-TYPE="plain/...": text, not HTML

    def _break(self, force: bool = False) -> None:
        if self.current or force:
            self.lines.append("".join(self.current))
            self.current = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        if (
            tag == "meta"
            and attrs.get("name") == "generator"
            and self.generator
            and attrs.get("content") == self.generator
        ):
            self.verbatim = True
        if self.hidden:
            return
        if self.in_p:
            self.rewritten = True  # our writer puts nothing but text in a paragraph
        if tag == "br":
            self._break(force=True)
        elif tag == "li":
            self._break()
            self.current.append("- ")
        elif tag in ("td", "th"):
            if self.current:
                self.current.append(" | ")
        elif tag == "img":
            self.images.append(attrs.get("src", ""))
            if attrs.get("alt"):
                self.current.append(attrs["alt"])
        elif tag in _BLOCKS:
            self._break()
        if tag == "pre":
            self.pre += 1
        if tag == "p":
            self.in_p += 1

    def end(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag == "p":
            self.in_p = max(0, self.in_p - 1)
            self._break(force=True)
            self.verbatim_lines.append("".join(self.verbatim_current))
            self.verbatim_current = []
        elif tag in _BLOCKS or tag == "li":
            self._break()

    def data(self, text: str) -> None:
        if self.plain is not None:
            self.plain.append(text)
            return
        if self.hidden:
            return
        if self.in_p:
            self.verbatim_current.append(text)
            self.rewritten = self.rewritten or "\n" in text
        if self.pre:
            self.current.append(text)
            return
        # &nbsp; is how HTML editors keep spaces; in plain text it is a space. Most texts have neither runs of
        # spaces nor other white space (which is not printable, as &nbsp; is not): then they stay as they are.
        if not text.isprintable() or "  " in text:
            text = _SPACE.sub(" ", text).replace("\xa0", " ")
        if not self.current or self.current[-1].endswith(" "):
            text = text.lstrip(" ")
        if text:
            self.current.append(text)

    def text(self) -> str:
        """Return the text, without blank lines at the ends (except in our own verbatim notes)."""
        if self.plain is not None:
            return "".join(self.plain).strip("\n")
        self._break()
        if self.verbatim and not self.rewritten:
            return "\n".join(self.verbatim_lines)
        lines = [line.rstrip(" ") for line in self.lines]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out)


def html_to_text(markup: str, images: list[str] | None = None) -> str:
    """Return the plain text of the HTML in MARKUP, adding its images' sources to IMAGES; never raises."""
    from html.parser import HTMLParser

    converter = HtmlText()

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            converter.start(tag, {k: v or "" for k, v in attrs})

        def handle_endtag(self, tag: str) -> None:
            converter.end(tag)

        def handle_data(self, data: str) -> None:
            converter.data(data)

    parser = Parser(convert_charrefs=True)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        # html.parser gives up on some broken markup ('<![0'); fall back to dropping the tags.
        import html

        return html.unescape(re.sub(r"<[^>]*>?", " ", markup)).strip()
    if images is not None:
        images.extend(converter.images)
    return converter.text()

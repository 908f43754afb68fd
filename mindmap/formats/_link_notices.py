"""The warning a publishing export gives when the map holds faulty links, which it publishes as they are."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from mindmap import channels
from mindmap.formats._layouts import LARGE_MAP_NODES, refuse_undrawable, size_notices

if TYPE_CHECKING:
    from mindmap.formats import WriteOptions
    from mindmap.model import MindMap

# Links that are no web address at all are left out of the pages (and counted as unsafe) already.
_NOT_PUBLISHED = frozenset({"scheme"})
# What the output does with the links, in the warning's words: an export publishes them; a command that
# only shows a page on this computer (view) says so with WriteOptions.extra["links"] ("on the page").
PUBLISHED = "published"


def faulty_link_notices(mindmap: MindMap, options: WriteOptions) -> list[str]:
    """Return the warning that MINDMAP's pages would link readers to search pages, posts or short links."""
    where = options.extra.get("links", PUBLISHED)
    nouns: Counter[str] = Counter()
    for node in mindmap.nodes():
        if not node.url or node.url.startswith("#"):
            continue
        codes = [p.code for p in channels.link_problems(node.url, node.kind, node.platform or None)]
        if codes and codes[0] not in _NOT_PUBLISHED:
            nouns[channels.fault_noun(codes[0])] += 1
    if not nouns:
        return []
    total = sum(nouns.values())
    kinds = ", ".join(f"{count} {noun}{'s' if count > 1 else ''}" for noun, count in nouns.most_common())
    if total == 1:
        return [f"1 faulty link is {where} as it is (a {next(iter(nouns))}); `mindmap check` says how to mend it"]
    return [f"{total} faulty links are {where} as they are ({kinds}); `mindmap check` lists them and how to mend them"]


def drawing_notices(mindmap: MindMap, options: WriteOptions) -> list[str]:
    """Return the warnings a drawing for a page gives before it is drawn: too big to read, faulty links."""
    notices = size_notices(mindmap, options)  # an unknown --layout is said first
    refuse_undrawable(mindmap, options)  # before any other warning: nothing will be drawn
    return notices + faulty_link_notices(mindmap, options)


def list_notices(mindmap: MindMap, options: WriteOptions) -> list[str]:
    """Return faulty_link_notices for a list of links meant for readers (Markdown), if the map is one to read."""
    # Checking every link takes about half as long again as writing the list: on a map too big to read as
    # one list (an exchange with another tool, not a blog post) the warning is not worth that.
    return faulty_link_notices(mindmap, options) if len(mindmap) <= LARGE_MAP_NODES else []

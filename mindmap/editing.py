"""Edits as the command line makes them (add_node, set_fields, move_node), and the checks they share."""

from __future__ import annotations

import os
import re
import shlex
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from mindmap.errors import MindmapError, RuleError
from mindmap.model import (
    MindMap,
    check_label,
    check_not_under_root,
    colour_value,
    new_node_kind,
    normalise_kind,
    numbered_label,
    path_parts,
    quoted,
    resolve_parent,
)


def typed_label(text: str) -> str:
    r"""Return a new label typed as TEXT: a '\/' there is a '/', as in a NODE path and the contributions form."""
    # People who read that a '/' in a label is written '\/' (in a path) write it so in a new label too; a
    # backslash before a slash is hardly ever what they mean to store.
    return text.replace("\\/", "/")


def refuse_path_as_label(mindmap: MindMap, parent: str | None, typed: str) -> None:
    r"""Raise when TYPED, a new label as typed ('\/' not yet read), is a path to its own parent and then a name."""
    # 'add org "City Council/Parks" --under "City Council"' meant the label 'Parks': stored as typed, the
    # parent's name showed twice in every export. A '/' that belongs in a label ('AC/DC') names no parent.
    parts = re.split(r"(?<!\\)/", typed)
    if len(parts) < 2 or not parts[-1].strip():
        return
    head, own_parent = "/".join(parts[:-1]), parent or mindmap.root
    if not _may_name(head, own_parent, mindmap.label(own_parent)):
        return  # most '/'s belong in the label: no search of a big map for a NODE that cannot be the parent
    try:
        named = mindmap.resolve(head)
    except MindmapError:
        return
    if named == own_parent:
        own = quoted(typed_label(parts[-1].strip()))
        raise RuleError(
            f"{quoted(typed)} starts with the node it goes under, {quoted(mindmap.label(named))}: give the new "
            f"node's own label, {own} (a '/' that belongs in a label is written '\\/')"
        )


def _may_name(head: str, node_id: str, label: str) -> bool:
    """Return whether HEAD could name NODE_ID (labelled LABEL), as resolve() reads a NODE: by id, label or path."""
    # Whatever resolve() matches by label or path ends in the node's own label (case aside): a cheap test
    # that leaves out the search of every label, and the "did you mean", that a missing NODE costs.
    if head == node_id:
        return True
    wanted = unicodedata.normalize("NFC", label).casefold().strip()
    head = unicodedata.normalize("NFC", head).strip()
    ends = (head.replace("\\/", "/"), *path_parts(head)[-1:])
    return any(unicodedata.normalize("NFC", end).casefold().strip() == wanted for end in ends)


def refuse_other_format_as_map_file(path: Path) -> None:
    """Raise when PATH names a file of another format (.mm, .csv...): a map file is mindmap's JSON."""
    from mindmap.formats import all_formats

    suffix = path.suffix.lower()
    formats = [fmt.name for fmt in all_formats() if suffix in fmt.extensions and fmt.name != "json"]
    if suffix and formats:
        raise RuleError(
            f"{str(path)!r} would be a map file (mindmap's JSON) named as a {formats[0]} file: name it "
            f"{path.with_suffix('.json').name!r}, and write the {formats[0]} file with `mindmap export`"
        )


def refuse_file_name_as_title(title: str) -> None:
    """Raise when TITLE is a file name: the map's file is chosen with --map, and a file to read with --from."""
    from mindmap.formats import all_formats

    suffix = Path(title).suffix.lower()
    if not suffix or any(character.isspace() for character in title):
        return
    name = shlex.quote(title)
    if suffix == ".json":
        raise RuleError(
            f"{title!r} is a file name, not a title: the map's file is chosen with --map "
            f"(mindmap --map {name} init TITLE)"
        )
    if any(suffix in fmt.extensions for fmt in all_formats() if fmt.read):
        raise RuleError(f"{title!r} is a file name, not a title: to make the map from it, mindmap init --from {name}")


def channel_fields(
    mindmap: MindMap,
    text: str,
    url: str,
    platform: str | None,
    label: str | None,
    force: bool,
    parent: str | None = None,
) -> tuple[str, dict[str, str]]:
    """Return the label and url/platform/handle fields of a new channel (under PARENT); raise on a faulty link."""
    from mindmap import channels

    default = None
    for source, value in (
        ("MINDMAP_PLATFORM", os.environ.get("MINDMAP_PLATFORM", "")),
        ("the map's default_platform", mindmap.meta.extra.get("default_platform", "")),
    ):
        if value.strip():
            try:
                default = channels.normalise_platform(value)
            except MindmapError as error:
                raise RuleError(f"{source}: {error}") from None
            break
    made_label, channel = channels.channel_for_node(text, url=url, platform=platform, default_platform=default)
    if parent is not None and label is None and made_label != text:
        made_label = free_label(mindmap, parent, made_label)
    if channel is None:
        return label or made_label, {}
    faults = channels.problems(channel.url, channel.platform)
    if faults and not force:
        raise RuleError(faults[0].refusal(url or text))
    return label or made_label, {"url": channel.url, "platform": channel.platform, "handle": channel.handle}


def free_label(mindmap: MindMap, parent: str, label: str, exclude: str | None = None) -> str:
    """Return LABEL, numbered (' 2', ' 3' ...) when a child of PARENT (other than EXCLUDE) has it already."""
    # A label made from a link names few links apart: two kept search pages are both 'Facebook search page'.
    return numbered_label(label, {mindmap.label(kid).casefold() for kid in mindmap.children(parent) if kid != exclude})


def relabel_channel(mindmap: MindMap, node_id: str, url: str, platform: str | None) -> str:
    """Give a channel whose label was made from its old link the label of its new link; say what changed."""
    label = new_channel_label(mindmap, node_id, url, platform)
    if label is None:
        return ""
    return _relabel(mindmap, node_id, label)


def new_channel_label(mindmap: MindMap, node_id: str, url: str, platform: str | None) -> str | None:
    """Return the label a channel whose label was made from its old link takes from URL, or None if it keeps its own."""
    from mindmap import channels

    node = mindmap.node(node_id)
    try:
        old = channels.recognise(node.url) if node.url else None
        made_from_new = channels.recognise(url, platform).label
    except MindmapError:
        return None  # a label that no link explains is the user's own: it stays
    # 'Platform handle' is how labels were made before YouTube and LinkedIn ones named the account alone.
    made_from_old = {old.label, f"{channels.platform_name(old.platform)} {old.handle}"} if old else set()
    if node.label not in made_from_old or made_from_new == node.label:
        return None
    parent = mindmap.parent(node_id)
    if parent is not None:  # as `add` numbers a made label that a sibling has (two kept search pages)
        made_from_new = free_label(mindmap, parent, made_from_new, exclude=node_id)
    return made_from_new


def _relabel(mindmap: MindMap, node_id: str, label: str) -> str:
    old = mindmap.label(node_id)
    mindmap.rename(node_id, label)
    return f"Relabelled {old!r} as {label!r} to match the new link"


def refuse_channel_twice(mindmap: MindMap, parent: str, fields: dict[str, str], exclude: str | None = None) -> None:
    """Raise when PARENT has a channel (other than EXCLUDE) with the same link or platform and handle as FIELDS."""
    from mindmap import channels

    keys = channels.channel_keys(fields.get("url", ""), fields.get("platform", ""), fields.get("handle", ""))
    if not keys:
        return
    # Only the siblings: the same channel under another organisation may be right (a shared account),
    # and `mindmap check` warns of it; looking through the whole map would slow every add on a big map.
    for child in mindmap.children(parent):
        node = mindmap.node(child)
        if (
            child != exclude
            and node.kind == "channel"
            and keys & channels.channel_keys(node.url, node.platform, node.handle)
        ):
            raise RuleError(
                f"{quoted(mindmap.display_path(parent))} has this channel already: {node.label!r} (id {child}, "
                f"{node.url or node.handle}); "
                + (
                    "change that node instead"
                    if exclude is None
                    else f"to keep one of the two: mindmap remove {exclude}"
                )
            )


def add_node(
    mindmap: MindMap,
    kind: str,
    label: str,
    under: str | None = None,
    *,
    note: str = "",
    url: str = "",
    attributes: Mapping[str, str] | None = None,
    platform: str | None = None,
    channel_label: str | None = None,
    by: str = "",
    position: int | None = None,
    force: bool = False,
) -> str:
    """Add a node as `mindmap add` does and return its id; UNDER is a NODE (id, unique label or path).

    A channel's LABEL may be its link or @handle, recognised and normalised (CHANNEL_LABEL replaces the label
    made from it); a faulty link is refused unless FORCE, as is a channel its organisation has already, and a
    label that a sibling has. MindMap.add is the lower-level call: it takes ids and stores LABEL as it is.
    """
    kind = new_node_kind(kind)
    if not isinstance(label, str):
        check_label(label)  # says what a label must be
    typed, label = label, typed_label(label)
    if kind != "channel":
        if platform is not None or channel_label is not None:
            raise RuleError("--platform and --label are for channels only")
        check_label(label)
    if not isinstance(url, str):
        raise RuleError(f"the url must be text, not {type(url).__name__}")
    if channel_label is not None and not isinstance(channel_label, str):
        raise RuleError(f"a channel's label must be text, not {type(channel_label).__name__}")
    parent = resolve_parent(mindmap, kind, under)
    fields = {"url": url}
    if kind == "channel":
        label, fields = channel_fields(
            mindmap, label, url, platform, None if channel_label is None else typed_label(channel_label), force,
            parent or mindmap.root,
        )  # fmt: skip
        refuse_channel_twice(mindmap, parent or mindmap.root, fields)
    else:
        refuse_path_as_label(mindmap, parent, typed)
    return mindmap.add(
        kind,
        label,
        parent,
        note=note,
        attributes=attributes,
        by=by,
        position=position,
        url=fields.get("url", ""),
        platform=fields.get("platform", ""),
        handle=fields.get("handle", ""),
        unique_label=True,
        force=force,
    )


def set_fields(
    mindmap: MindMap,
    node_id: str,
    *,
    note: str | None = None,
    url: str | None = None,
    kind: str | None = None,
    attributes: Mapping[str, str] | None = None,
    unset: Iterable[str] = (),
    platform: str | None = None,
    colour: str | None = None,
    folded: bool | None = None,
    force: bool = False,
    node: str = "",
) -> str:
    """Change NODE_ID's fields as `mindmap set` does; return the line saying a channel was relabelled, or ''.

    A new link is recognised, normalised and checked (a channel's platform and handle follow it), COLOUR is
    #RGB or #RRGGBB ('' clears it), and a kind must fit where the node is. NODE is how the caller named the
    node, for the advice in a refusal (default: its path).
    """
    if kind is not None:
        normalise_kind(kind)
    if url is not None and not isinstance(url, str):
        raise RuleError(f"the url must be text, not {type(url).__name__}")
    if colour:
        colour = colour_value(colour)
    if folded is not None and not isinstance(folded, bool):
        raise RuleError(f"folded is True or False, not {folded!r}")
    new_label = None
    fields: dict[str, str | None] = {"url": url}
    if url and normalise_kind(kind or mindmap.kind(node_id)) == "channel":
        _, found = channel_fields(mindmap, "", url, platform, None, force)
        parent_id = mindmap.parent(node_id)
        if parent_id is not None:
            refuse_channel_twice(mindmap, parent_id, found, exclude=node_id)
        fields = dict(found)
        # Renamed only once the change below is made: a refused change leaves the node as it was.
        new_label = new_channel_label(mindmap, node_id, url, platform)
    elif platform is not None:
        raise RuleError("--platform goes with --url on a channel")
    parent = mindmap.parent(node_id)
    if kind is not None and parent is not None:
        check_not_under_root(mindmap, node_id, kind, parent, node or mindmap.path(node_id))
    mindmap.update(
        node_id,
        note=note,
        kind=kind,
        attributes=attributes,
        unset=[unset] if isinstance(unset, str) else unset,
        url=fields.get("url"),
        platform=fields.get("platform"),
        handle=fields.get("handle"),
        force=force,
        color=colour,
        folded=folded,
    )
    return "" if new_label is None else _relabel(mindmap, node_id, new_label)


def move_node(mindmap: MindMap, node: str, under: str, position: int | None = None) -> tuple[str, bool]:
    """Move NODE under UNDER (each an id, unique label or path) as `mindmap move` does; return its id and if it moved.

    An organisation or channel is refused right under the root, with the command that puts it elsewhere.
    """
    node_id = mindmap.resolve(node)
    new_parent = mindmap.resolve(under)
    check_not_under_root(mindmap, node_id, mindmap.kind(node_id), new_parent, node)
    return node_id, mindmap.move(node_id, new_parent, position)

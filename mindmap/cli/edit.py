"""Commands that create and change a map."""

from __future__ import annotations

import shlex
from typing import Optional

import typer

from mindmap import editing
from mindmap.cli._app import app, elided, note, one_line, settings, warn
from mindmap.cli._complete import complete_kind, complete_node
from mindmap.editing import (
    add_node,
    move_node,
    refuse_file_name_as_title,
    refuse_other_format_as_map_file,
    typed_label,
)
from mindmap.errors import RuleError
from mindmap.model import (
    MindMap,
    check_label,
    colour_value,
    new_node_kind,
    normalise_kind,
    resolve_parent,
)
from mindmap.store import current_user

PANEL = "Edit"

UNDER_HELP = (
    "The parent NODE (id, unique label, or path like 'Sector/Org'): a sector for an org, an org for a channel; "
    "else default: the root."
)
BY_HELP = "Who made the change (default: $MINDMAP_USER, git's user.name, or your login)."


def parse_attributes(pairs: list[str] | None) -> dict[str, str]:
    """Return KEY=VALUE pairs as a dict, or raise RuleError naming the malformed one."""
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise RuleError(f"--attr takes KEY=VALUE, not {pair!r}")
        out[key.strip()] = value
    return out


@app.command(rich_help_panel=PANEL)
def init(
    title: Optional[str] = typer.Argument(
        None,
        metavar="TITLE",
        help="The map's title, also the label of its root (with --from: the file's title, or its name if it has none).",
    ),
    author: Optional[list[str]] = typer.Option(None, "--author", "-a", help="An author (repeat for more)."),
    license: str = typer.Option("", "--license", help="The licence, e.g. 'CC BY 4.0'."),
    description: str = typer.Option("", "--description", help="One or two sentences on what the map shows."),
    force: bool = typer.Option(False, "--force", help="Replace an existing map file."),
    by: Optional[str] = typer.Option(None, "--by", help=BY_HELP),
    from_file: Optional[str] = typer.Option(
        None, "--from", help="Make the map from this file ('-' for standard input, with --format)."
    ),
    format_name: Optional[str] = typer.Option(None, "--format", "-f", help="The --from file's format."),
    kinds: str = typer.Option("keep", "--kinds", help="With --from: keep the file's kinds, or auto to guess them."),
) -> None:
    """Create a new map file, empty or from another mind map or outline.

    Example: mindmap init "Social media in Derby" --author "Tim" --license "CC BY 4.0"
    """
    refuse_other_format_as_map_file(settings().map_file.path)
    if from_file is not None:
        from mindmap.cli.exchange import create_from_file

        create_from_file(from_file, format_name, kinds, title, author, license, description, force, by)
        return
    if not title:
        raise RuleError("name the map: mindmap init TITLE (or make it from a file with --from FILE)")
    refuse_file_name_as_title(title)
    mindmap = MindMap(title, by=current_user(by))
    mindmap.meta.authors = list(author or [])
    mindmap.meta.license = license
    mindmap.meta.description = description
    map_file = settings().map_file
    map_file.create(mindmap, force=force)
    note(f"Created {map_file.path} ({title})")


@app.command(rich_help_panel=PANEL)
def add(
    kind: str = typer.Argument(
        ..., metavar="KIND", autocompletion=complete_kind, help="sector, org (organisation), channel or topic."
    ),
    label: str = typer.Argument(
        ...,
        metavar="LABEL",
        help="The new node's label; for a channel also a link, @handle or e-mail address to recognise.",
    ),
    under: Optional[str] = typer.Option(
        None, "--under", "-u", metavar="NODE", autocompletion=complete_node, help=UNDER_HELP
    ),
    note_text: str = typer.Option("", "--note", "-n", help="A note on the node."),
    url: str = typer.Option("", "--url", help="The node's link (a web page, profile or group)."),
    attr: Optional[list[str]] = typer.Option(None, "--attr", help="A free attribute KEY=VALUE (repeatable)."),
    position: Optional[int] = typer.Option(None, "--position", min=0, help="Place among the siblings, from 0."),
    by: Optional[str] = typer.Option(None, "--by", help=BY_HELP),
    platform: Optional[str] = typer.Option(
        None, "--platform", "-p", help="A channel's platform (twitter, facebook, ...): overrides what the link says."
    ),
    label_text: Optional[str] = typer.Option(
        None, "--label", help="A channel's label, instead of the one made from its link (e.g. 'Twitter @derbyquad')."
    ),
    force: bool = typer.Option(
        False, "--force", help="Keep a link that looks faulty (a search page, a short link, a single post)."
    ),
) -> None:
    """Add a node and print its id; for a channel, LABEL may be the link or @handle itself.

    Example: mindmap add channel @derbyquad --under "Derby QUAD" --platform twitter
    """
    # Mistakes that need no map are found before the map is read (a big map takes a second to read).
    kind = new_node_kind(kind)
    attributes = parse_attributes(attr)
    if kind != "channel":
        if platform is not None or label_text is not None:
            raise RuleError("--platform and --label are for channels only")
        check_label(typed_label(label))
    if under is None:
        resolve_parent(None, kind, under)  # an organisation or channel needs --under: said before reading the map
    with settings().map_file.edit(by=by) as mindmap:
        node_id = add_node(
            mindmap,
            kind,
            label,
            under,
            note=note_text,
            url=url,
            attributes=attributes,
            platform=platform,
            channel_label=label_text,
            by=current_user(by),
            position=position,
            force=force,
        )
        added = mindmap.node(node_id)
        path = mindmap.display_path(node_id)
    typer.echo(node_id)
    # What a pasted link was recognised as ('Twitter @leicestercc') and where it went, without a `show`: on one
    # line, however long or broken over lines the label, as a script reading the notes line by line expects.
    shown = f"Added {added.kind} {elided(path)}"
    if added.url:
        from mindmap.channels import display_url  # only with a link: checking it imported channels already

        shown += f"  <{display_url(added.url)}>"
    note(shown)
    if kind == "channel" and not added.url:
        note(f"The channel {added.label!r} has no link yet: add one with `mindmap set {node_id} --url URL`")


@app.command(rich_help_panel=PANEL)
def move(
    node: str = typer.Argument(
        ..., metavar="NODE", autocompletion=complete_node, help="The NODE to move, with everything below it."
    ),
    parent: Optional[str] = typer.Argument(
        None, metavar="PARENT", autocompletion=complete_node, help="The new parent NODE (or give it as --under)."
    ),
    under: Optional[str] = typer.Option(
        None, "--under", "-u", metavar="NODE", autocompletion=complete_node, help="The new parent NODE."
    ),
    position: Optional[int] = typer.Option(None, "--position", min=0, help="Place among the siblings, from 0."),
) -> None:
    """Move a node (and its subtree) under another node.

    Example: mindmap move "Derby QUAD" "Arts and culture"   or   mindmap move "Derby QUAD" --under Arts --position 0
    """
    # `mindmap move A B` reads like mv: B is the new parent, as --under B says.
    if parent is not None and under is not None and parent != under:
        raise RuleError(f"move to {parent!r} or to {under!r}? give the new parent once")
    destination = parent if parent is not None else under
    if destination is None:
        raise RuleError(f"say where to: mindmap move {shlex.quote(node)} --under PARENT")
    with settings().map_file.edit() as mindmap:
        node_id, moved = move_node(mindmap, node, destination, position)
        note(f"{'Moved to' if moved else 'Already at'} {elided(mindmap.display_path(node_id))}")


@app.command(rich_help_panel=PANEL)
def rename(
    node: str = typer.Argument(..., metavar="NODE", autocompletion=complete_node, help="The NODE to rename."),
    label: str = typer.Argument(..., metavar="LABEL", help="The new label."),
) -> None:
    """Give a node a new label.

    Example: mindmap rename "Derby Quad" "Derby QUAD"
    """
    label = typed_label(label)
    check_label(label)  # before the map is read
    with settings().map_file.edit() as mindmap:
        node_id = mindmap.resolve(node)
        old = mindmap.label(node_id)
        if check_label(label) != old:  # the same label again changes nothing: no save, no journal entry
            mindmap.rename(node_id, label)
        path = mindmap.display_path(node_id)
    path = elided(path)
    note(
        f"Renamed to {path} (was {elided(repr(old))})" if old != mindmap.label(node_id) else f"Already named so: {path}"
    )


@app.command("set", rich_help_panel=PANEL)
def set_fields(
    node: str = typer.Argument(..., metavar="NODE", autocompletion=complete_node, help="The NODE to change."),
    note_text: Optional[str] = typer.Option(None, "--note", "-n", help="Replace the note ('' clears it)."),
    url: Optional[str] = typer.Option(None, "--url", help="Replace the link ('' clears it)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Change the kind (sector, org, channel, topic)."),
    attr: Optional[list[str]] = typer.Option(None, "--attr", help="Set an attribute KEY=VALUE (repeatable)."),
    unset: Optional[list[str]] = typer.Option(
        None, "--unset", help="Remove an attribute, or the note, url, platform or handle (repeatable)."
    ),
    platform: Optional[str] = typer.Option(
        None, "--platform", "-p", help="A channel's platform for --url (twitter, facebook, ...)."
    ),
    force: bool = typer.Option(False, "--force", help="Keep a link that looks faulty."),
    colour: Optional[str] = typer.Option(
        None,
        "--colour",
        "--color",
        help="The node's colour as #RRGGBB for .mm; SVG and HTML colour a branch by its top node's ('' clears it).",
    ),
    fold: Optional[bool] = typer.Option(
        None,
        "--fold/--unfold",
        help="Fold the node: Freeplane, FreeMind and markmap open the .mm and Markdown exports with it closed.",
    ),
) -> None:
    """Change a node's note, link, kind, colour, attributes or folding; a new link is normalised and checked.

    Example: mindmap set "Derby QUAD" --note "Arts centre and cinema" --attr city=Derby
    """
    if (
        note_text is None
        and url is None
        and kind is None
        and colour is None
        and not attr
        and not unset
        and platform is None
        and fold is None
    ):
        raise RuleError("nothing to change: give --note, --url, --kind, --colour, --attr, --unset or --fold")
    # Mistakes that need no map are found before the map is read.
    if kind is not None:
        normalise_kind(kind)
    if colour:
        colour = colour_value(colour)
    attributes = parse_attributes(attr)
    with settings().map_file.edit() as mindmap:
        node_id = mindmap.resolve(node)
        relabelled = editing.set_fields(
            mindmap,
            node_id,
            note=note_text,
            url=url,
            kind=kind,
            attributes=attributes,
            unset=unset or [],
            platform=platform,
            colour=colour,
            folded=fold,
            force=force,
            node=node,
        )
    if relabelled:
        note(relabelled)
    given = (("note", note_text), ("url", url), ("kind", kind), ("colour", colour))
    changed = [name for name, value in given if value is not None]
    changed += [f"attribute {key}" for key in parse_attributes(attr)]
    said = [f"Changed {', '.join(changed)}"] if changed else []
    if unset:
        # 'Unset merge-conflict:note of Arts', not 'Changed unset merge-conflict:note of Arts'.
        said.append(f"{'unset' if said else 'Unset'} {', '.join(unset)}")
    folding = "" if fold is None else "folded" if fold else "unfolded"
    if said:
        note(
            f"{' and '.join(said)} of {elided(mindmap.display_path(node_id))}"
            + (f", and {folding} it" if folding else "")
        )
    else:
        note(f"{folding.capitalize()} {elided(mindmap.display_path(node_id))}")
    if colour and mindmap.parent(node_id) not in (None, mindmap.root):
        # The SVG and HTML exports colour each branch by the node right under the root: say so, not only in --help.
        note("The SVG and HTML exports colour a branch by its node right under the root; the .mm export shows this one")


@app.command(rich_help_panel=PANEL)
def remove(
    node: str = typer.Argument(..., metavar="NODE", autocompletion=complete_node, help="The NODE to remove."),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Also remove everything below it."),
) -> None:
    """Remove a node (a node with children only with --recursive).

    Example: mindmap remove "Old sector" --recursive
    """
    with settings().map_file.edit() as mindmap:
        node_id = mindmap.resolve(node)
        path = mindmap.display_path(node_id)
        count = mindmap.remove(node_id, recursive=recursive)
    note(f"Removed {elided(path)} ({count} node{'s' if count != 1 else ''})")


@app.command(rich_help_panel=PANEL)
def link(
    source: str = typer.Argument(
        ..., metavar="SOURCE", autocompletion=complete_node, help="The NODE the arrow starts from."
    ),
    target: str = typer.Argument(
        ..., metavar="TARGET", autocompletion=complete_node, help="The NODE the arrow points to."
    ),
    label: str = typer.Option("", "--label", "-l", help="Text shown on the arrow."),
) -> None:
    """Draw a cross-link from one node to another (not a tree edge).

    Example: mindmap link "University of Derby" "Education" --label "also works in"
    """
    with settings().map_file.edit() as mindmap:
        source_id, target_id = mindmap.resolve(source), mindmap.resolve(target)
        before = {link.target: link.label for link in mindmap.links_from(source_id)}
        mindmap.link(source_id, target_id, label)
        # The label as stored (the model normalises it, e.g. to NFC), so that an unchanged one is not "changed".
        label = next(link.label for link in mindmap.links_from(source_id) if link.target == target_id)
        shown = f"{elided(mindmap.display_path(source_id))} -> {elided(mindmap.display_path(target_id))}"
    if before.get(target_id) == label:
        note(f"Already linked: {shown}")
    elif target_id in before:  # linking again replaces the label: say so, the old one is gone
        was, now = (repr(text) if text else "no label" for text in (before[target_id], label))
        note(f"Changed the label of the link {shown} from {was} to {now}")
    else:
        note(f"Linked {shown}" + (f" ({label})" if label else ""))


@app.command(rich_help_panel=PANEL)
def unlink(
    source: str = typer.Argument(
        ..., metavar="SOURCE", autocompletion=complete_node, help="The NODE the arrow starts from."
    ),
    target: str = typer.Argument(
        ..., metavar="TARGET", autocompletion=complete_node, help="The NODE the arrow points to."
    ),
) -> None:
    """Remove a cross-link.

    Example: mindmap unlink "University of Derby" "Education"
    """
    with settings().map_file.edit() as mindmap:
        source_id, target_id = mindmap.resolve(source), mindmap.resolve(target)
        mindmap.unlink(source_id, target_id)
    note(f"Removed the link {elided(mindmap.display_path(source_id))} -> {elided(mindmap.display_path(target_id))}")


@app.command(rich_help_panel=PANEL)
def combine(
    keep: str = typer.Argument(
        ..., metavar="KEEP", autocompletion=complete_node, help="The NODE that stays and takes in the other."
    ),
    other: str = typer.Argument(
        ..., metavar="OTHER", autocompletion=complete_node, help="The NODE that goes: the same thing entered twice."
    ),
) -> None:
    """Combine two nodes for one thing: OTHER's children, fields and links go to KEEP, then OTHER goes.

    Example: mindmap combine "Media/Derby Telegraph" "Local news/Derby Telegraph"
    """
    with settings().map_file.edit() as mindmap:
        keep_id, other_id = mindmap.resolve(keep), mindmap.resolve(other)
        other_path = mindmap.display_path(other_id)
        report = mindmap.combine(keep_id, other_id)
        keep_path = mindmap.display_path(keep_id)
    note(report.summary(one_line(other_path), one_line(keep_path)))
    for item in report.not_taken:
        kept = f"kept in {item.recorded_as}" if item.recorded_as else "not kept"
        warn(f"{one_line(item.path)}: the other node's {item.field} {one_line(item.value)!r} was not taken ({kept})")

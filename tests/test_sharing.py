"""Maps share their node and edge entries with documents, copies and imports: no edit may reach another holder.

Each property edits one holder of shared entries and checks every other holder, either against a deep copy
taken before or against an independent map (read back from JSON text) that was given the same edits. Ids and
time stamps are reproducible (MINDMAP_ID_SEED, SOURCE_DATE_EPOCH one second further at each edit), so a map
and its independent twin stay equal field for field, modified_at included.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mindmap.diff import diff_maps
from mindmap.errors import MindmapError
from mindmap.formats import Imported, json_map
from mindmap.importing import import_into, map_from_import
from mindmap.journal import Journal, step
from mindmap.merge import merge_documents, merge_maps
from mindmap.model import KINDS, MindMap
from mindmap.store import MapFile

EPOCH = 1_790_000_000
EDITS = 1_000  # the first tick of the edits made after a map was set up

labels = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(str.strip)
OPERATIONS = (
    "add",
    "move",
    "rename",
    "remove",
    "link",
    "unlink",
    "fields",
    "attribute",
    "unset",
    "kind",
    "fold",
    "provenance",
    "graft",
    "meta",
)
Operation = tuple[str, str, int, int, str]
operation = st.tuples(
    st.sampled_from(OPERATIONS), st.sampled_from(KINDS[1:]), st.integers(0, 999), st.integers(0, 999), labels
)
operations = st.lists(operation, max_size=25)


@contextlib.contextmanager
def clock_at(tick: int) -> Iterator[None]:
    """Make ids reproducible and the clock read EPOCH + TICK seconds, for as long as the block runs."""
    names = ("MINDMAP_ID_SEED", "SOURCE_DATE_EPOCH")
    old = {name: os.environ.get(name) for name in names}
    os.environ["MINDMAP_ID_SEED"] = "sharing"
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH + tick)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def apply(m: MindMap, op: Operation, tick: int) -> None:
    """Make the edit OP at time TICK; an edit the map refuses changes nothing."""
    name, kind, a, b, label = op
    ids = m.ids()
    first, second = ids[a % len(ids)], ids[b % len(ids)]
    with clock_at(tick), contextlib.suppress(MindmapError):
        if name == "add":
            m.add(
                kind,
                label,
                first,
                position=b % 3 if b % 2 else None,
                attributes={"k": label} if a % 2 else None,
                note=label if b % 5 == 0 else "",
                by=label,  # an import keeps (shares) the entries it need not change, and this one it need not
            )
        elif name == "move":
            m.move(first, second, b % 3 if a % 2 else None)
        elif name == "rename":
            m.rename(first, label)
        elif name == "remove":
            m.remove(first, recursive=bool(b % 2))
        elif name == "link":
            m.link(first, second, label if b % 2 else "")
        elif name == "unlink":
            m.unlink(first, second)
        elif name == "fields":
            m.update(
                first,
                note=label if b % 4 else "",
                url=("", f"https://example.org/{b}", f"#{second}")[b % 3],  # '#id': an internal link
                color="#123456" if b % 2 else "",
            )
        elif name == "attribute":
            m.update(first, attributes={label: str(b), "k": label})
        elif name == "unset":
            m.update(first, unset=[("attr:k", "k", "note", "url", "folded", label)[b % 6]])
        elif name == "kind":
            m.update(first, kind=kind)
        elif name == "fold":
            m.update(first, folded=bool(b % 2))
        elif name == "provenance":
            m.set_provenance(first, added_by=label, modified_at=f"2026-01-{b % 28 + 1:02d}T00:00:00Z")
        elif name == "graft":
            other = MindMap(label)
            other.add("topic", "leaf", attributes={"g": label})
            m.graft(other, first, include_root=bool(b % 2))
        else:
            m.meta.extra[label] = str(b)
            m.meta.authors.append(label)


def build(ops: list[Operation], title: str = "Shared") -> MindMap:
    """Return a new map given the edits OPS."""
    with clock_at(0):
        m = MindMap(title, by="builder")
    for tick, op in enumerate(ops, 1):
        apply(m, op, tick)
    return m


def loaded(m: MindMap) -> MindMap:
    """Return M as the store loads it from its file: holding the parsed document's entries."""
    return MindMap.from_document(json_map.loads(json_map.dumps(m.to_document())), adopt=True)


def independent(m: MindMap) -> MindMap:
    """Return a map equal to M that shares nothing with it."""
    return MindMap.from_document(json_map.loads(json_map.dumps(m.to_document())))


def edit_in_step(pairs: list[tuple[MindMap, MindMap]], ops: list[Operation]) -> None:
    """Give each map and its independent twin in PAIRS the same edits OPS, then check that they still match."""
    for tick, op in enumerate(ops, EDITS):
        for shared, alone in pairs:
            apply(shared, op, tick)
            apply(alone, op, tick)
    for shared, alone in pairs:
        assert shared.to_document() == alone.to_document()
        assert shared == alone and shared.links() == alone.links()
        shared.validate()


def scribble(value: Any) -> None:
    """Change VALUE and every dict and list inside it, in place."""
    if isinstance(value, dict):
        for key, item in list(value.items()):
            if isinstance(item, (dict, list)):
                scribble(item)
            else:
                value[key] = "scribbled"
        value["scribbled"] = "scribbled"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                scribble(item)
        value.append({"scribbled": "scribbled"})


# ------------------------------------------------------------- one map, its documents and its copies


@given(operations, operations)
def test_edits_of_a_map_read_with_adopt_never_reach_the_parsed_document(setup, edits):
    document = json_map.loads(json_map.dumps(build(setup).to_document()))
    kept = copy.deepcopy(document)
    shared = MindMap.from_document(document, adopt=True)
    assert shared.holds_entries_of(document)
    edit_in_step([(shared, MindMap.from_document(copy.deepcopy(kept)))], edits)
    assert document == kept


@given(operations, operations, operations)
def test_two_maps_that_adopt_one_document_change_apart(setup, first_edits, second_edits):
    document = json_map.loads(json_map.dumps(build(setup).to_document()))
    kept = copy.deepcopy(document)
    first, second = MindMap.from_document(document, adopt=True), MindMap.from_document(document, adopt=True)
    first_alone, second_alone = MindMap.from_document(kept), MindMap.from_document(kept)
    edit_in_step([(first, first_alone)], first_edits)
    edit_in_step([(second, second_alone)], second_edits)
    edit_in_step([(first, first_alone), (second, second_alone)], first_edits)
    assert document == kept


@given(operations, st.lists(st.tuples(st.integers(0, 7), st.booleans(), operation), max_size=30))
def test_copies_of_copies_edited_in_turn_behave_as_independent_maps(setup, edits):
    maps = [loaded(build(setup))]
    alone = [independent(maps[0])]
    for tick, (which, fork, op) in enumerate(edits, EDITS):
        index = which % len(maps)
        if fork:
            maps.append(maps[index].copy())
            alone.append(independent(alone[index]))
            index = len(maps) - 1 if which % 2 else index
        apply(maps[index], op, tick)
        apply(alone[index], op, tick)
    for shared, twin in zip(maps, alone, strict=True):
        assert shared.to_document() == twin.to_document()
        shared.validate()


@given(operations, operations)
def test_documents_written_with_fresh_false_keep_what_the_map_said_then(setup, edits):
    m = loaded(build(setup))
    twin = m.copy()
    written = []
    for tick, op in enumerate(edits, EDITS):
        for holder in (m, twin):
            document = holder.to_document(fresh=False)
            written.append((document, copy.deepcopy(document)))
        apply(m, op, tick)
        apply(twin, op, tick + 1)
    for document, kept in written:
        assert document == kept
        MindMap.from_document(document).validate()


@given(operations)
def test_a_fresh_document_shares_nothing_with_its_map(setup):
    m = loaded(build(setup))
    m.copy()  # a copy shares the entries: a fresh document must still be a copy of them
    before = copy.deepcopy(m.to_document())
    scribble(m.to_document())
    assert m.to_document() == before
    m.validate()


@given(operations)
def test_a_map_read_without_adopt_shares_nothing_with_its_document(setup):
    document = build(setup).to_document(fresh=False)
    kept = copy.deepcopy(document)
    m = MindMap.from_document(document)
    scribble(document)
    assert m.to_document() == kept
    m.validate()


@given(operations, operations)
def test_nodes_handed_out_are_values_that_edits_do_not_reach(setup, edits):
    m = loaded(build(setup))
    handed = list(m.nodes())
    kept = [dataclasses.replace(node, attributes=dict(node.attributes)) for node in handed]
    before = m.to_document()
    for node in m.nodes():
        node.attributes["scribbled"] = "scribbled"
        node.label = "scribbled"
        node.attributes.clear()
    assert m.to_document() == before
    for tick, op in enumerate(edits, EDITS):
        apply(m, op, tick)
    assert handed == kept


@given(operations, operations)
def test_diff_reads_two_maps_that_share_entries_without_changing_them(setup, edits):
    old = loaded(build(setup))
    new = old.copy()
    for tick, op in enumerate(edits, EDITS):
        apply(new, op, tick)
    old_before, new_before = old.to_document(), new.to_document()
    diff_maps(old, new)
    diff_maps(new, old)
    assert (old.to_document(), new.to_document()) == (old_before, new_before)


# ---------------------------------------------------------------------- import, merge, graft, subtree


@settings(max_examples=40)
@given(
    operations,
    operations,
    st.booleans(),
    st.integers(0, 999),
    st.booleans(),
    st.sampled_from(["keep", "auto"]),
    operations,
)
def test_an_import_shares_entries_without_letting_edits_through(
    target_ops, source_ops, kin, under, by_path, kinds, edits
):
    target = loaded(build(target_ops))
    # A kin source is the target edited further: its ids clash with the target's, its own new ones do not.
    source = loaded(build(target_ops + source_ops) if kin else build(source_ops, "Source"))
    target_before, source_before = target.to_document(), source.to_document()
    ids = target.ids()
    with clock_at(EDITS - 1):
        try:
            staged, _ = import_into(
                target, Imported(source, merge_by_path=by_path), ids[under % len(ids)], by="importer", kinds=kinds
            )
        except MindmapError:
            staged = None
        fresh, _ = map_from_import(Imported(source), by="importer", kinds=kinds)
    assert target.to_document() == target_before
    assert source.to_document() == source_before
    maps = [target, source, fresh] + ([staged] if staged is not None else [])
    edit_in_step([(m, independent(m)) for m in maps], edits)


def test_an_import_leaves_the_internal_links_of_the_file_map_as_they_were():
    target = MindMap("Target")
    target.add("topic", "Taken", node_id="clash")
    file_map = MindMap("File")
    file_map.add("topic", "Clashing", node_id="clash")
    linking = file_map.add("topic", "Linking", node_id="linking", url="#clash", by="someone")
    source = loaded(file_map)
    before = source.to_document()
    staged, _ = import_into(target, Imported(source), by="importer")
    assert source.to_document() == before
    moved = staged.resolve("Clashing")
    assert moved != "clash" and staged.node(linking).url == f"#{moved}"


@settings(max_examples=40)
@given(operations, operations, operations, operations)
def test_a_merge_leaves_its_maps_alone_and_its_result_shares_nothing(setup, our_edits, their_edits, edits):
    base = loaded(build(setup))
    ours, theirs = base.copy(), base.copy()
    for tick, op in enumerate(our_edits, EDITS):
        apply(ours, op, tick)
    for tick, op in enumerate(their_edits, 2 * EDITS):
        apply(theirs, op, tick)
    maps = (base, ours, theirs)
    before = [m.to_document() for m in maps]
    merged = merge_maps(base, ours, theirs).mindmap
    # The maps' own entries, as diff and the import read them, go through the merge unchanged too.
    again = merge_documents(*(m.to_document(fresh=False) for m in maps)).mindmap
    assert [m.to_document() for m in maps] == before
    assert again == merged
    merged.validate()
    edit_in_step([(m, independent(m)) for m in (*maps, merged, again)], edits)


@given(operations, operations, st.booleans(), st.integers(0, 999), st.booleans(), st.integers(0, 999), operations)
def test_graft_and_subtree_give_maps_that_change_apart(setup, other_ops, kin, under, include_root, top, edits):
    m = loaded(build(setup))
    other = loaded(build(setup + other_ops) if kin else build(other_ops, "Other"))
    other_before = other.to_document()
    ids = m.ids()
    with clock_at(EDITS - 1), contextlib.suppress(MindmapError):
        m.graft(other, ids[under % len(ids)], include_root=include_root)
    assert other.to_document() == other_before
    ids = m.ids()
    part = m.subtree(ids[top % len(ids)])
    edit_in_step([(x, independent(x)) for x in (m, other, part)], edits)


# ------------------------------------------------------------------ the file, its journal and batches


def canonical(data: bytes) -> dict[str, Any]:
    """Return the map document in DATA as the map writes it (a file may say the same thing differently)."""
    return MindMap.from_document(json_map.loads(data)).to_document()


@settings(max_examples=25)
@given(
    operations,
    st.booleans(),
    st.lists(st.lists(operation, min_size=1, max_size=4), min_size=1, max_size=6),
)
def test_undo_and_redo_of_edits_and_batches_give_back_every_state(setup, written_oddly, groups):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.json"
        map_file = MapFile(path)
        document = build(setup).to_document()
        if written_oddly:
            # "folded": false is a default the map drops: the journal then compares with the map written out.
            document["graph"]["nodes"][-1]["folded"] = False
        path.write_bytes(json_map.dumps(document))
        states = [path.read_bytes()]
        for tick, group in enumerate(groups, EDITS):
            outer = map_file.batch("batch") if len(group) > 1 else contextlib.nullcontext()
            with outer:
                for op in group:
                    with map_file.edit("edit") as m:
                        apply(m, op, tick)
            if path.read_bytes() != states[-1]:
                states.append(path.read_bytes())
        for state in reversed(states[:-1]):
            step(map_file, redo=False)
            assert canonical(path.read_bytes()) == canonical(state)
        for state in states[1:]:
            step(map_file, redo=True)
            assert canonical(path.read_bytes()) == canonical(state)


def test_an_edit_of_a_file_that_spells_its_metadata_otherwise_is_not_logged_as_a_metadata_change(tmp_path):
    # The journal compares the file's own document (whose entries the map holds) with the map after the edit;
    # the file's metadata may lack what the map writes (no "created", an empty license) and say the same.
    path = tmp_path / "map.json"
    document = MindMap("Plain").to_document()
    del document["meta"]["created"], document["meta"]["authors"]
    document["meta"]["license"] = ""
    path.write_bytes(json_map.dumps(document))
    with MapFile(path).edit("add sector Arts") as m:
        m.add("sector", "Arts")
    entry = Journal(path).entries()[-1].raw
    assert entry["summary"] == ["added sector 'Arts'"]
    assert "meta" not in entry["patch"]
    step(MapFile(path), redo=False)
    assert canonical(path.read_bytes()) == canonical(json_map.dumps(document))


def test_a_batch_of_every_edit_command_is_undone_and_redone_whole(run, map_path):
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts", "--attr", "city=Derby", "--note", "cinema")
    run("add", "sector", "Sport")
    before = map_path.read_bytes()
    lines = [
        "set 'Derby QUAD' --attr city=Nottingham --attr seats=3 --unset note",
        "add channel 'QUAD on X' --under 'Derby QUAD' --url https://x.com/derbyquad",
        "rename Sport Sports",
        "move 'Derby QUAD' --under Sports --position 0",
        "link Sports Arts --label near",
        "set 'Derby QUAD' --unset attr:seats",
        "unlink Sports Arts",
        "link Arts Sports",
        "remove Arts",
    ]
    (map_path.parent / "edits.txt").write_text("\n".join(lines) + "\n")
    assert run("batch", str(map_path.parent / "edits.txt")).exit_code == 0
    after = map_path.read_bytes()
    assert run("undo").exit_code == 0
    assert canonical(map_path.read_bytes()) == canonical(before)
    assert run("redo").exit_code == 0
    assert canonical(map_path.read_bytes()) == canonical(after)
    m = MapFile(map_path).load()
    quad = m.resolve("Derby QUAD")
    assert m.node(quad).attributes == {"city": "Nottingham"} and m.parent(quad) == m.resolve("Sports")

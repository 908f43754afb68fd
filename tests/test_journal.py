"""The edit journal: who did what, undo and redo round trips, and refusal after outside changes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mindmap import journal
from mindmap.errors import MindmapError
from mindmap.journal import MAX_ENTRIES, Journal, apply_patch, journal_path, make_patch, step
from mindmap.model import MindMap
from mindmap.store import MapFile, write_atomically


def test_each_edit_is_journaled_with_who_and_command(run, map_path, monkeypatch):
    run("add", "sector", "Arts", "--by", "Tim")
    monkeypatch.setenv("MINDMAP_USER", "Paul")
    org = run("add", "org", "Derby QUAD", "--under", "Arts").stdout.strip()
    run("set", org, "--note", "cinema")
    entries = json.loads(run("log", "--json").stdout)
    assert [e["by"] for e in entries] == ["Paul", "Paul", "Tim"]
    assert entries[1]["command"] == "add org 'Derby QUAD' --under Arts"
    assert entries[0]["summary"] == ["changed note of 'Arts/Derby QUAD'"]
    assert json.loads(run("log", "--json", "-n", "1").stdout) == entries[:1]
    assert [e["command"] for e in json.loads(run("log", "--json", "--node", "Derby QUAD").stdout)] == [
        f"set {org} --note cinema",
        "add org 'Derby QUAD' --under Arts",
    ]
    text = run("log").stdout
    assert "Tim  add sector Arts" in text and "added sector 'Arts'" in text
    assert run("log", "--node", "nothing-like-it").stderr.startswith("Error: no node")
    # The journal lives beside the map, and the map file holds no history.
    assert journal_path(map_path).exists()
    assert b"command" not in map_path.read_bytes()


def test_failed_or_empty_edits_are_not_journaled(run, map_path):
    run("add", "sector", "Arts")
    before = journal_path(map_path).read_bytes()
    assert run("add", "channel", "x").exit_code == 1
    with MapFile(map_path).edit():
        pass
    assert journal_path(map_path).read_bytes() == before


def test_undo_and_redo_every_kind_of_edit(run, map_path):
    states = [map_path.read_bytes()]
    commands = [
        ("add", "sector", "Arts"),
        ("add", "sector", "Public"),
        ("add", "org", "QUAD", "--under", "Arts"),
        ("add", "channel", "Twitter", "--under", "QUAD", "--url", "https://twitter.com/derbyquad"),
        ("add", "org", "Council", "--under", "Public", "--position", "0"),
        ("move", "QUAD", "--under", "Public", "--position", "0"),
        ("rename", "QUAD", "Derby QUAD"),
        ("set", "Derby QUAD", "--note", "cinema", "--attr", "city=Derby"),
        ("link", "Derby QUAD", "Council", "--label", "partners"),
        ("unlink", "Derby QUAD", "Council"),
        ("remove", "Arts"),
    ]
    for command in commands:
        assert run(*command).exit_code == 0, command
        states.append(map_path.read_bytes())
    for expected in reversed(states[:-1]):
        result = run("undo")
        assert result.exit_code == 0, result.stderr
        assert map_path.read_bytes() == expected
    assert run("undo").stderr.startswith("Error: nothing to undo")
    for expected in states[1:]:
        assert run("redo").exit_code == 0
        assert map_path.read_bytes() == expected
    assert run("redo").stderr.startswith("Error: nothing to redo")
    run("undo")
    run("add", "sector", "New")  # a new edit drops what could be redone
    assert run("redo").stderr.startswith("Error: nothing to redo")


def test_undo_is_refused_after_an_outside_change(run, map_path):
    run("add", "sector", "Arts")
    mindmap = MapFile(map_path).load()
    mindmap.add("sector", "From a git pull")
    from mindmap.formats import json_map

    write_atomically(map_path, json_map.dumps(mindmap.to_document()))
    before = map_path.read_bytes()
    for command in ("undo", "redo"):
        result = run(command)
        assert result.exit_code == 1
        assert "changed outside mindmap" in result.stderr
        assert map_path.read_bytes() == before
    # Edits made after the outside change can be undone, but not those before it.
    run("add", "sector", "Later")
    assert run("undo").exit_code == 0
    assert map_path.read_bytes() == before
    assert run("undo").stderr.startswith("Error: nothing to undo")


def test_nothing_to_undo_says_when_the_edits_are_undone_already(run, map_path):
    run("add", "sector", "Arts")
    assert run("undo").exit_code == 0
    result = run("undo")
    assert result.exit_code == 1
    assert "the edits that can be undone are undone already ('mindmap redo' re-applies the last one)" in result.stderr
    assert run("redo").exit_code == 0
    assert [node.label for node in MapFile(map_path).load().nodes()][-1] == "Arts"


def test_journal_keeps_the_last_entries_only(map_path):
    for number in range(MAX_ENTRIES + 20):
        with MapFile(map_path).edit(f"edit {number}") as m:
            m.add("sector", f"S{number}")
    entries = Journal(map_path).entries()
    assert len(entries) == MAX_ENTRIES
    assert entries[-1].raw["command"] == f"edit {MAX_ENTRIES + 19}"
    # Undos are journal lines too, so they push the oldest edits out: about half the lines can be undone.
    undone = 0
    while True:
        try:
            step(MapFile(map_path), redo=False)
        except MindmapError as error:
            assert str(error).startswith("nothing to undo")
            break
        undone += 1
    assert undone >= MAX_ENTRIES // 2 - 1
    assert len(MapFile(map_path).load()) == 1 + MAX_ENTRIES + 20 - undone
    assert len(Journal(map_path).entries()) == MAX_ENTRIES


def test_an_edit_on_a_big_map_writes_a_small_entry(map_path):
    with MapFile(map_path).edit() as m:
        sector = m.add("sector", "Big")
        for number in range(3000):
            m.add("org", f"Org {number}", sector)
    with MapFile(map_path).edit("add org") as m:
        m.add("org", "One more", sector)
    with MapFile(map_path).edit("rename") as m:
        m.rename(m.resolve("Org 1500"), "Renamed")
    lines = journal_path(map_path).read_bytes().splitlines()
    assert len(lines[-1]) < 1000 and len(lines[-2]) < 1000


@st.composite
def edit_script(draw):
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["add", "rename", "note", "move", "remove", "link", "meta"]), st.integers(0, 1000)
            ),
            min_size=1,
            max_size=12,
        )
    )


def apply_edit(m: MindMap, action: str, seed: int) -> None:
    ids = m.ids()
    node = ids[seed % len(ids)]
    try:
        if action == "add" or node == m.root:
            parent = node if m.kind(node) in ("root", "sector") else m.root
            m.add("sector", f"S{seed}", parent, position=seed % 3)
        elif action == "rename":
            m.rename(node, f"renamed {seed}")
        elif action == "note":
            m.update(node, note=f"note {seed}", attributes={"k": str(seed)})
        elif action == "move":
            m.move(node, ids[(seed // 7) % len(ids)], seed % 2)
        elif action == "remove":
            m.remove(node, recursive=True)
        elif action == "link":
            m.link(node, ids[(seed // 3) % len(ids)])
        else:
            m.meta.description = f"description {seed}"
    except MindmapError:
        pass


# Every edit and undo here is a locked, fsynced file write: fewer examples keep the suite quick.
@hypothesis_settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=edit_script())
def test_undo_all_then_redo_all_round_trips(tmp_path_factory, script):
    path = tmp_path_factory.mktemp("journal") / "m.json"
    MapFile(path).create(MindMap("Round trip"))
    states = [path.read_bytes()]
    for action, seed in script:
        with MapFile(path).edit(action) as m:
            apply_edit(m, action, seed)
        if path.read_bytes() != states[-1]:
            states.append(path.read_bytes())
    for expected in reversed(states[:-1]):
        step(MapFile(path), redo=False)
        assert path.read_bytes() == expected
    for expected in states[1:]:
        step(MapFile(path), redo=True)
        assert path.read_bytes() == expected


def test_log_and_undo_without_a_journal(run):
    assert run("log").stderr.strip() == "No journaled edits"
    assert run("undo").stderr.startswith("Error: nothing to undo")


def test_library_edits_name_their_command_and_can_skip_the_journal(map_path):
    with MapFile(map_path).edit('add org "Derby QUAD"', by="Tim") as m:
        m.add("sector", "Arts")
    with MapFile(map_path).edit(journal=False) as m:
        m.add("sector", "Unjournaled")
    entries = Journal(map_path).entries()
    assert [(e.raw["command"], e.raw["by"]) for e in entries] == [('add org "Derby QUAD"', "Tim")]
    try:
        step(MapFile(map_path), redo=False)
    except MindmapError as error:
        assert "changed outside mindmap" in str(error)
    else:
        raise AssertionError("undo went ahead over an unjournaled edit")


@hypothesis_settings(max_examples=200)
@given(script=edit_script(), base=st.integers(0, 30))
def test_a_patch_turns_before_into_after_and_back(script, base):
    # In memory, so many more examples than the file round trip above; BASE nodes come first so that
    # the changed stretch sits inside a longer map, with equal entries before and after it.
    m = MindMap("Patches")
    for index in range(base):
        m.add("sector", f"Base {index}", m.ids()[index // 3])
    for action, seed in script:
        before = m.to_document()
        apply_edit(m, action, seed)
        after = m.to_document()
        patch = make_patch(before, after)
        # Past a limit of changed nodes there is no patch (the early answer for many added or removed nodes too).
        for limit in range(4):
            assert (make_patch(before, after, limit=limit) is None) == (len(patch["nodes"]) > limit)
        # Through the model, which puts cross-links in its own order, as `undo` does when it saves.
        assert MindMap.from_document(apply_patch(before, patch)).to_document() == after
        assert MindMap.from_document(apply_patch(after, patch, reverse=True)).to_document() == before
        if before == after:
            assert patch == {"nodes": {}, "children": {}}


def test_an_edit_of_too_many_nodes_is_logged_but_cannot_be_undone(run, map_path, monkeypatch):
    monkeypatch.setattr(journal, "MAX_PATCH_NODES", 5)
    run("add", "sector", "Before")
    with MapFile(map_path).edit("import big.mm") as m:  # what a big import does to the map
        sector = m.add("sector", "Imported")
        for number in range(8):
            m.add("org", f"Org {number}", sector)
    entry = Journal(map_path).entries()[-1]
    assert entry.raw["patch"] is None and entry.raw["nodes"] == []
    assert "too big to keep for undo" in " ".join(entry.raw["summary"])
    assert "import big.mm" in run("log").stdout
    run("add", "sector", "After")
    assert run("undo").exit_code == 0  # the edits after it still undo
    before = map_path.read_bytes()
    result = run("undo")
    assert result.exit_code == 1
    assert "changed too much for the journal to keep" in result.stderr and "import big.mm" in result.stderr
    assert map_path.read_bytes() == before


def test_the_journal_keeps_to_its_size_limit(map_path, monkeypatch):
    monkeypatch.setattr(journal, "MAX_JOURNAL_BYTES", 20_000)
    with MapFile(map_path).edit() as m:
        m.add("sector", "S")
    for number in range(30):
        with MapFile(map_path).edit(f"edit {number}") as m:
            m.update(m.resolve("S"), note=f"{number} " + "long note " * 200)
    size = journal_path(map_path).stat().st_size
    entries = Journal(map_path).entries()
    assert size <= 20_000
    assert 2 <= len(entries) < 30
    assert entries[-1].raw["command"] == "edit 29"
    step(MapFile(map_path), redo=False)  # the newest edits still undo
    assert MapFile(map_path).load().node(MapFile(map_path).load().resolve("S")).note.startswith("28 ")


def test_an_entry_too_long_for_the_journal_keeps_no_patch(map_path, monkeypatch):
    monkeypatch.setattr(journal, "MAX_JOURNAL_BYTES", 20_000)
    with MapFile(map_path).edit() as m:
        m.add("sector", "S", note="x " * 20_000)  # one entry longer than half the journal
    entry = Journal(map_path).entries()[-1]
    assert entry.raw["patch"] is None
    assert journal_path(map_path).stat().st_size <= 20_000


def test_an_edit_after_the_file_was_written_differently_journals_only_the_edit(run, map_path, monkeypatch):
    # Another tool may write what a map means in other words ("folded": false, which maps leave out):
    # the journal compares the map with itself, so the next edit's patch is that edit only.
    monkeypatch.setattr(journal, "MAX_PATCH_NODES", 5)
    with MapFile(map_path).edit() as m:
        for number in range(12):
            m.add("sector", f"S{number}")
    document = json.loads(map_path.read_text())
    for entry in document["graph"]["nodes"]:
        entry["folded"] = False
    map_path.write_text(json.dumps(document))
    run("add", "sector", "One more")
    entry = Journal(map_path).entries()[-1]
    assert entry.raw["patch"] is not None
    assert entry.raw["nodes"] == [MapFile(map_path).load().resolve("One more")]
    before = map_path.read_bytes()
    assert run("undo").exit_code == 0
    assert "One more" not in map_path.read_text()
    assert map_path.read_bytes() != before

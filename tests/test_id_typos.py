"""A mistyped node id gets a "did you mean" naming the id and its path, as a mistyped label does."""

from __future__ import annotations

import pytest

from mindmap.errors import NodeNotFoundError
from mindmap.model import MindMap


@pytest.fixture
def museum() -> tuple[MindMap, str]:
    mindmap = MindMap("Sheffield")
    arts = mindmap.add("sector", "Arts and culture")
    return mindmap, mindmap.add("org", "Museums Sheffield", arts)


def typo(node_id: str, at: int) -> str:
    """Return NODE_ID with the letter at AT changed."""
    return node_id[:at] + ("x" if node_id[at] != "x" else "y") + node_id[at + 1 :]


def test_an_id_with_one_letter_wrong_swapped_in_capitals_or_copied_from_a_mm_file(museum):
    mindmap, org = museum
    swapped = org[1] + org[0] + org[2:]
    for ref in (typo(org, 9), typo(org, 0), org.upper(), f"ID_{org}") + ((swapped,) if org[0] != org[1] else ()):
        with pytest.raises(NodeNotFoundError) as error:
            mindmap.resolve(ref)
        assert str(error.value) == f"no node {ref!r}; did you mean the id {org} ('Arts and culture/Museums Sheffield')?"


def test_an_id_far_from_every_id_gets_no_suggestion(museum):
    mindmap, org = museum
    far = typo(typo(org, 2), 6)
    with pytest.raises(NodeNotFoundError) as error:
        mindmap.resolve(far)
    assert str(error.value) == f"no node {far!r}"


def test_the_command_line_says_it_and_changes_nothing(run, map_path):
    run("add", "sector", "Arts")
    org = run("add", "org", "Museums Sheffield", "--under", "Arts").stdout.strip()
    before = map_path.read_bytes()
    result = run("set", typo(org, 4), "--note", "x")
    assert result.exit_code == 1
    assert result.stderr == f"Error: no node {typo(org, 4)!r}; did you mean the id {org} ('Arts/Museums Sheffield')?\n"
    assert map_path.read_bytes() == before


def test_an_id_copied_from_a_mm_file_is_read_as_the_mm_export_writes_it(museum):
    from mindmap.formats.freemind import encode_id

    mindmap, _ = museum
    imported = mindmap.add("org", "Site Gallery", mindmap.resolve("Arts and culture"), node_id="Freemind_Link_1:2")
    for ref in (encode_id(imported), encode_id(imported).lower()):
        with pytest.raises(NodeNotFoundError) as error:
            mindmap.resolve(ref)
        assert str(error.value).endswith(f"; did you mean the id {imported} ('Arts and culture/Site Gallery')?")


def test_a_path_part_or_a_find_text_close_to_an_id_gets_no_id(run):
    run("add", "sector", "Arts")
    org = run("add", "org", "Museums Sheffield", "--under", "Arts").stdout.strip()

    in_path = run("show", f"Theatre/{typo(org, 4)}")
    found = run("find", typo(org, 4))

    assert in_path.stderr == f"Error: no node 'Theatre/{typo(org, 4)}'\n"
    assert found.stderr == f"No node matches {typo(org, 4)!r}\n"


def test_a_letter_wrong_or_two_swapped_anywhere_in_the_id_is_found(museum):
    mindmap, org = museum
    refs = [typo(org, at) for at in range(len(org))]
    refs += [org[:at] + org[at + 1] + org[at] + org[at + 2 :] for at in range(len(org) - 1) if org[at] != org[at + 1]]
    for ref in refs:
        with pytest.raises(NodeNotFoundError) as error:
            mindmap.resolve(ref)
        assert str(error.value).endswith(f"did you mean the id {org} ('Arts and culture/Museums Sheffield')?"), ref

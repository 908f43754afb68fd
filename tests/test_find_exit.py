"""`mindmap find` follows grep: exit 1 when no node matches, the reason on stderr and nothing on stdout."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture
def quad(run: Any) -> Any:
    """Return the runner against a map with one organisation and its channel."""
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    run("add", "channel", "https://twitter.com/derbyquad", "--under", "Derby QUAD")
    return run


def test_no_match_exits_1_with_the_reason_on_stderr_only(quad: Any, map_path: Any, load: Any) -> None:
    before = map_path.read_bytes()
    result = quad("find", "cinema")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "No node matches 'cinema'\n"
    assert map_path.read_bytes() == before and load().find("cinema") == []  # the library still returns []


def test_no_match_with_json_prints_an_empty_list_and_exits_1(quad: Any) -> None:
    result = quad("find", "quad", "--kind", "sector", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr == "No node matches 'quad', kind sector\n"


def test_quiet_no_match_still_exits_1(quad: Any) -> None:
    result = quad("--quiet", "find", "cinema")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_a_match_still_exits_0(quad: Any, load: Any) -> None:
    result = quad("find", "quad", "--kind", "org")
    assert result.exit_code == 0 and result.stderr == ""
    (org,) = load().find("quad", kind="organisation")
    assert result.stdout == f"Arts/Derby QUAD  [{org}]\n"
    assert quad("find", "quad", "--json").exit_code == 0


def test_commands_that_look_nodes_up_are_unaffected(quad: Any, load: Any) -> None:
    # show, tree and set find their node by name; a name that matches nothing stays their own error.
    assert quad("show", "Derby QUAD").exit_code == 0
    assert quad("set", "Derby QUAD", "--note", "Arts centre").exit_code == 0
    assert load().node(load().resolve("Derby QUAD")).note == "Arts centre"
    missing = quad("show", "Cinema")
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: ")

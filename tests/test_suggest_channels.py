"""A mistyped NODE that names a channel by its platform ('Twiter') still gets the channel as "did you mean"."""

from __future__ import annotations

from typing import Any

import pytest

from mindmap.model import MindMap
from mindmap.store import MapFile


@pytest.fixture
def quad(run: Any) -> Any:
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    run("add", "channel", "@derbyquad", "--platform", "twitter", "--under", "Derby QUAD")
    run("add", "channel", "https://facebook.com/derbyquad", "--under", "Derby QUAD")
    return run


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Twiter", "'Twitter @derbyquad'"),
        ("twiter", "'Twitter @derbyquad'"),
        ("Derby QUAD/Twiter", "'Arts/Derby QUAD/Twitter @derbyquad'"),
        ("Facebok", "'Facebook derbyquad'"),
    ],
)
def test_a_mistyped_platform_word_suggests_the_channel(quad: Any, map_path: Any, typed: str, meant: str) -> None:
    before = map_path.read_bytes()
    result = quad("set", typed, "--note", "x")
    assert result.exit_code == 1
    assert f"did you mean {meant}?" in result.stderr
    assert map_path.read_bytes() == before
    assert MapFile(map_path).load().find("x") == []


def test_a_word_close_to_nothing_gets_no_suggestion(quad: Any) -> None:
    assert "did you mean" not in quad("show", "Instagrum").stderr


def test_find_with_no_match_suggests_close_labels(quad: Any) -> None:
    result = quad("find", "Twiter")
    assert result.stdout == ""
    assert result.stderr == "No node matches 'Twiter'; did you mean 'Twitter @derbyquad'?\n"
    assert quad("find", "Twiter", "--kind", "org").stderr == "No node matches 'Twiter', kind org\n"
    assert quad("find", "zzzz").stderr == "No node matches 'zzzz'\n"


@pytest.mark.parametrize("text", ["   ", "\t"])
def test_find_of_a_blank_text_suggests_no_arbitrary_nodes(run: Any, text: str) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    result = run("find", text)
    assert result.exit_code == 1  # no label holds it: no match, as grep says it
    assert "did you mean" not in result.stdout + result.stderr
    assert MindMap("Test map").did_you_mean(text) == ""

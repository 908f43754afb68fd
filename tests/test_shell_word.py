"""The journal's command lines read back as typed: a label with an apostrophe is double-quoted."""

from __future__ import annotations

import json
import shlex
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mindmap.cli._app import shell_word


@given(st.text(st.sampled_from("ab '\"$`\\!\n\t*;&|é")))
def test_a_shell_reads_every_quoted_word_back_as_it_was(word: str) -> None:
    assert shlex.split(shell_word(word)) == [word]


def test_the_log_shows_an_apostrophe_in_double_quotes(run: Any) -> None:
    run("add", "sector", "Universities")
    run("add", "org", "Students' Union", "--under", "Universities")
    [entry] = json.loads(run("log", "--json", "-n", "1").stdout)
    assert entry["command"] == 'add org "Students\' Union" --under Universities'
    assert shell_word("Students' Union") == '"Students\' Union"'
    assert shell_word("it's $5") == "'it'\"'\"'s $5'"

"""Linking two linked nodes again replaces the arrow's label, and `mindmap link` says so."""

from __future__ import annotations

from typing import Any


def test_linking_again_says_the_label_it_replaced(run: Any, load: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Council", "--under", "Arts")
    run("add", "org", "Libraries", "--under", "Arts")
    assert (
        run("link", "Council", "Libraries", "--label", "runs").stderr
        == "Linked Arts/Council -> Arts/Libraries (runs)\n"
    )
    again = run("link", "Council", "Libraries")
    assert again.exit_code == 0
    assert again.stderr == "Changed the label of the link Arts/Council -> Arts/Libraries from 'runs' to no label\n"
    [link] = load().links()
    assert link.label == ""
    assert run("link", "Council", "Libraries").stderr == "Already linked: Arts/Council -> Arts/Libraries\n"
    relabelled = run("link", "Council", "Libraries", "--label", "funds")
    assert (
        relabelled.stderr == "Changed the label of the link Arts/Council -> Arts/Libraries from no label to 'funds'\n"
    )
    assert [link.label for link in load().links()] == ["funds"]


def test_linking_again_with_the_same_label_in_another_unicode_form_is_already_linked(run: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Council", "--under", "Arts")
    run("add", "org", "Libraries", "--under", "Arts")
    run("link", "Council", "Libraries", "--label", "Café")  # NFC
    again = run("link", "Council", "Libraries", "--label", "Cafe\u0301")  # the same text decomposed
    assert again.stderr == "Already linked: Arts/Council -> Arts/Libraries\n"

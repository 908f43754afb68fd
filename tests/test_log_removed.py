"""`mindmap log` says where a removed node was: its path when it was removed."""

from __future__ import annotations

from typing import Any


def test_the_log_shows_a_removed_node_and_its_removed_children_by_their_former_path(run: Any, load: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Theatre", "--under", "Arts")
    run("add", "topic", "To ask/To do", "--under", "Theatre")
    run("add", "topic", "Phone them", "--under", "Theatre/To ask\\/To do")
    run("add", "topic", "Top")
    assert run("remove", "Theatre/To ask\\/To do", "--recursive").exit_code == 0
    assert run("remove", "Top").exit_code == 0
    assert not load().find("Phone")
    lines = run("log", "-n", "2").stdout.splitlines()
    assert lines[1] == "    removed topic 'Top'"
    assert "    removed topic 'Arts/Theatre/To ask\\/To do'" in lines
    assert "    removed topic 'Arts/Theatre/To ask\\/To do/Phone them'" in lines


def test_log_node_finds_a_removed_node_by_its_label(run: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Site Gallery", "--under", "Arts")
    run("set", "Site Gallery", "--note", "Contemporary art")
    assert run("remove", "Site Gallery").exit_code == 0
    result = run("log", "--node", "site gallery")
    assert result.exit_code == 0
    commands = [line.split("  ")[-1] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert commands == [
        "remove 'Site Gallery'",
        "set 'Site Gallery' --note 'Contemporary art'",
        "add org 'Site Gallery' --under Arts",
    ]
    missing = run("log", "--node", "Nowhere")
    assert missing.exit_code == 1
    assert missing.stderr == "Error: no node 'Nowhere' in the map, and no journal entry for such an id or label\n"


def test_log_node_that_names_two_nodes_of_the_map_says_so_rather_than_mixing_their_logs(run: Any) -> None:
    run("add", "sector", "Arts")
    run("add", "sector", "Media")
    run("add", "org", "Press", "--under", "Arts")
    run("add", "org", "Press", "--under", "Media")
    result = run("log", "--node", "Press")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'Press' matches 2 nodes")
    assert run("log", "--node", "Media/Press").exit_code == 0


def test_log_node_finds_a_removed_node_by_the_path_the_log_showed(run: Any) -> None:
    run("add", "sector", "S/1")
    run("add", "org", "Site Gallery", "--under", "S\\/1")
    assert run("remove", "S\\/1", "--recursive").exit_code == 0
    shown = "S\\/1/Site Gallery"
    assert f"    removed organisation '{shown}'" in run("log", "-n", "1").stdout.splitlines()
    result = run("log", "--node", shown)
    assert result.exit_code == 0, result.stderr
    commands = [line.split("  ")[-1] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert commands == ["remove 'S\\/1' --recursive", "add org 'Site Gallery' --under 'S\\/1'"]

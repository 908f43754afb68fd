"""`check` ends a duplicate organisation's warning with the `mindmap combine` that makes the two one."""

from __future__ import annotations

from typing import Any

from mindmap.checks import check


def test_two_organisations_of_one_name_get_the_combine_command(run: Any, load: Any) -> None:
    run("add", "sector", "Arts")
    first = run("add", "org", "Museums Sheffield", "--under", "Arts", "--url", "http://museums-sheffield.org.uk").stdout
    second = run("add", "org", "museums  sheffield", "--under", "Arts").stdout
    first, second = first.strip(), second.strip()
    advice = f"; if they are one: `mindmap combine {first} {second}` [duplicate-organisation]"
    assert advice in run("check").stdout
    assert run("combine", first, second).exit_code == 0
    assert [f.rule for f in check(load()) if f.rule == "duplicate-organisation"] == []
    assert load().find("Museums") == [first]


def test_a_department_of_its_organisations_name_gets_no_combine_command(run: Any, load: Any) -> None:
    run("add", "sector", "Arts")
    quad = run("add", "org", "Quad", "--under", "Arts").stdout.strip()
    run("add", "org", "QUAD", "--under", quad)
    [finding] = [f for f in check(load()) if f.rule == "duplicate-organisation"]
    assert finding.message == f"another organisation has the same name: 'Arts/Quad' (id {quad})"

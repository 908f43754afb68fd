"""check finds an organisation entered twice though written apart by punctuation, '&' or accents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mindmap.checks import name_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Derby County F.C.", "Derby County FC"),
        ("Arts & Culture Trust", "Arts and Culture Trust"),
        ("Café Nero", "Cafe Nero"),
        ("St. Peter's Church", "St Peters Church"),
    ],
)
def test_names_written_apart_are_one_name(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(("first", "second"), [("Derby QUAD", "Derby Quay"), ("🎬", "🎭"), ("Unit 1", "Unit 11")])
def test_other_names_stay_apart(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


def test_check_warns_of_a_club_written_two_ways_and_says_how(run: Any) -> None:
    for args in (("sector", "Sport"), ("sector", "Football"), ("org", "Derby County F.C.", "--under", "Sport")):
        assert run("add", *args).exit_code == 0
    assert run("add", "org", "Derby County FC", "--under", "Football").exit_code == 0
    found = [f for f in json.loads(run("check", "--json").stdout) if f["rule"] == "duplicate-organisation"]
    assert len(found) == 1
    assert found[0]["path"] == "Football/Derby County FC"
    assert found[0]["message"].startswith(
        "another organisation has a name that differs only in punctuation or accents: 'Sport/Derby County F.C.'"
    )
    assert "mindmap combine" in found[0]["message"]

"""`mindmap find LINK` finds the node that stores the link, however it was pasted: 'is it in the map already?'."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def council(run: Any) -> Any:
    run("add", "sector", "Local government")
    run("add", "org", "Sheffield City Council", "--under", "Local government", "--url", "http://www.sheffield.gov.uk/")
    run(
        "add",
        "channel",
        "https://m.facebook.com/sheffieldcitycouncil/?ref=page_internal",
        "--under",
        "Sheffield City Council",
    )
    return run


@pytest.mark.parametrize(
    ("pasted", "found"),
    [
        (
            "https://www.facebook.com/sheffieldcitycouncil?fref=ts",
            "Sheffield City Council/Facebook sheffieldcitycouncil",
        ),
        ("http://fb.com/sheffieldcitycouncil/", "Sheffield City Council/Facebook sheffieldcitycouncil"),
        ("www.sheffield.gov.uk/", "Local government/Sheffield City Council  ["),
        ("https://www.sheffield.gov.uk/?utm_source=x", "Local government/Sheffield City Council  ["),
    ],
)
def test_a_pasted_link_finds_the_node_that_stores_it(council: Any, load: Any, pasted: str, found: str) -> None:
    result = council("find", pasted)
    assert result.exit_code == 0
    assert found in result.stdout
    assert load().find(pasted)


def test_a_link_of_no_node_finds_nothing(council: Any) -> None:
    assert council("find", "https://twitter.com/sheffieldcitycouncil").stdout == ""

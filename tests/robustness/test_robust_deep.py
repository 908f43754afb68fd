"""A valid but extreme map: a chain of 10,000 nested topics works in every command (nothing recurses)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats import json_map
from mindmap.store import MapFile

DEPTH = 10_000


def deep_map(path: Path) -> None:
    nodes = [{"id": "root", "kind": "root", "label": "Deep"}]
    nodes += [{"id": f"t{i}", "kind": "topic", "label": f"level {i}"} for i in range(DEPTH)]
    edges = [{"source": "root" if i == 0 else f"t{i - 1}", "target": f"t{i}"} for i in range(DEPTH)]
    document = {
        "format": "mindmap",
        "schema": 1,
        "meta": {"title": "Deep", "authors": [], "created": "2026-01-01"},
        "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
        "crosslinks": [{"source": f"t{DEPTH - 1}", "target": "root", "label": "back to the top"}],
    }
    path.write_bytes(json_map.dumps(document))


def test_ten_thousand_levels(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    deep_map(path)

    def run(*args: str) -> str:
        result = CliRunner().invoke(app, ["--map", str(path), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert run("tree").count("\n") == DEPTH + 1
    assert run("show", f"t{DEPTH - 1}").splitlines()[3].startswith("path")
    run("move", f"t{DEPTH - 1}", "--under", "root")
    run("add", "topic", "Deepest", "--under", f"t{DEPTH - 2}")
    run("export", str(tmp_path / "copy.json"))
    mindmap = MapFile(path).load()
    assert mindmap.depth(mindmap.resolve("Deepest")) == DEPTH
    assert MapFile(tmp_path / "copy.json").load() == mindmap

"""Large and deep maps: nothing recurses per level, and start-up does not pay for what it does not use.

Nothing here is timed: the benchmark (`make bench`) measures speed.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.cli.view import MAX_JSON_INDENT, indented_json
from mindmap.errors import MapFileError
from mindmap.formats.text import MAX_DRAWN_DEPTH
from mindmap.model import MindMap
from mindmap.store import MapFile

DEPTH = 10_000


def chain(depth: int) -> MindMap:
    """Return a map that is one chain of DEPTH topics below the root."""
    nodes = [{"id": "n0", "kind": "root", "label": "Chain"}]
    nodes += [{"id": f"n{i}", "kind": "topic", "label": f"level {i}"} for i in range(1, depth + 1)]
    edges = [{"source": f"n{i - 1}", "target": f"n{i}"} for i in range(1, depth + 1)]
    graph = {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges}
    return MindMap.from_document({"format": "mindmap", "schema": 1, "meta": {"title": "Chain"}, "graph": graph})


def cli(map_path: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--map", str(map_path), *args])
    assert result.exit_code == 0, result.output
    return result


def test_a_chain_10000_deep_saves_loads_and_edits(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    MapFile(path).save(chain(DEPTH))
    loaded = MapFile(path).load()
    assert len(loaded) == DEPTH + 1
    assert loaded.depth(f"n{DEPTH}") == DEPTH
    assert loaded.path(f"n{DEPTH}").endswith("level 9999/level 10000")
    cli(path, "add", "topic", "leaf", "--under", f"n{DEPTH}")
    cli(path, "move", "n5000", "--under", "n1")
    loaded = MapFile(path).load()
    assert loaded.parent("n5000") == "n1"
    assert loaded.depth(f"n{DEPTH}") == DEPTH - 4998
    assert loaded == MindMap.from_document(json.loads(path.read_bytes()))


def test_a_chain_10000_deep_prints_finds_and_exports(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    MapFile(path).save(chain(DEPTH))
    lines = cli(path, "tree").stdout.splitlines()
    assert len(lines) == DEPTH + 1
    # Guides stop growing below MAX_DRAWN_DEPTH levels; deeper lines show their level instead.
    assert lines[MAX_DRAWN_DEPTH].endswith(f"level {MAX_DRAWN_DEPTH}")
    assert "[" not in lines[MAX_DRAWN_DEPTH]
    assert f"[{DEPTH}] " in lines[DEPTH] and lines[DEPTH].endswith(f"level {DEPTH}")
    assert max(len(line) for line in lines) < 4 * MAX_DRAWN_DEPTH + 40
    found = cli(path, "find", "level 9876").stdout
    assert found.strip().endswith("level 9876  [n9876]")
    nested = cli(path, "tree", "--json").stdout
    assert nested.count('"children": [') == DEPTH + 1
    assert nested.count('"id": ') == DEPTH + 1
    assert nested.count("{") == nested.count("}")
    assert max(len(line) for line in nested.splitlines()) < 2 * MAX_JSON_INDENT + 40
    cli(path, "export", str(tmp_path / "chain.txt"))
    assert (tmp_path / "chain.txt").read_text().splitlines() == lines
    cli(path, "export", str(tmp_path / "copy.json"))
    assert MapFile(tmp_path / "copy.json").load() == MapFile(path).load()


def test_a_deep_subtree_exports_with_from_and_depth(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    MapFile(path).save(chain(DEPTH))
    cli(path, "export", str(tmp_path / "top.json"), "--depth", "3")
    assert MapFile(tmp_path / "top.json").load().ids() == ["n0", "n1", "n2", "n3"]
    cli(path, "export", str(tmp_path / "part.txt"), "--from", "n9999")
    assert (tmp_path / "part.txt").read_text().splitlines()[-1].endswith(f"level {DEPTH}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(json_values)
def test_indented_json_matches_the_json_module(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def run_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_start_up_does_not_import_every_format(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    MapFile(path).create(MindMap("Start-up"))
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from mindmap.cli import app\n"
        "from mindmap.formats import all_formats\n"
        f"result = CliRunner().invoke(app, ['--map', {str(path)!r}, 'add', 'sector', 'Arts'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(all_formats.cache_info().currsize, 'lxml' in sys.modules, 'graphviz' in sys.modules)\n"
    )
    assert run_python(code) == "0 False False"


def test_edges_checked_in_bulk_still_report_the_first_fault_precisely() -> None:
    document = chain(4).to_document()
    edges = document["graph"]["edges"]
    cases = [
        ({"source": "n1", "target": "n1"}, "graph.edges[2]: the node 'n1' is its own parent"),
        ({"source": "n0", "target": "n2"}, "graph.edges[2]: the node 'n2' has two parents"),
        ({"source": ["n1"], "target": "n3"}, r"graph.edges[2].source: expected a node id, found a list"),
        ({"source": "n2"}, "graph.edges[2].target: expected a node id, found null"),
        ("edge", "graph.edges[2]: expected an object with 'source' and 'target', found the text 'edge'"),
        ({"source": "n4", "target": "n0"}, "graph.edges[2]: the root cannot have a parent"),
    ]
    for edge, message in cases:
        broken = json.loads(json.dumps(document))
        broken["graph"]["edges"][2] = edge
        try:
            MindMap.from_document(broken)
        except MapFileError as error:
            assert str(error) == message
        else:
            raise AssertionError(f"{edge!r} was accepted")
    assert MindMap.from_document(document).ids() == ["n0", "n1", "n2", "n3", "n4"]
    assert len(edges) == 4


def test_count_content_agrees_with_the_nodes() -> None:
    from samples import awkward_map

    mindmap = awkward_map()
    nodes = list(mindmap.nodes())
    assert mindmap.count_content() == {
        "notes": sum(bool(node.note) for node in nodes),
        "urls": sum(bool(node.url) for node in nodes),
        "attributes": sum(len(node.attributes) for node in nodes),
        "cross-links": len(mindmap.links()),
    }


def test_the_lock_makes_a_second_editor_wait_then_fail(tmp_path: Path, monkeypatch: Any) -> None:
    import threading

    import mindmap.store
    from mindmap.errors import LockError

    monkeypatch.setattr(mindmap.store, "LOCK_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / "m.json"
    MapFile(path).create(MindMap("Locked"))
    outcome: list[str] = []

    def second_editor() -> None:
        try:
            with MapFile(path).edit():
                outcome.append("edited")
        except LockError as error:
            outcome.append(str(error))

    with MapFile(path).locked():
        thread = threading.Thread(target=second_editor)
        thread.start()
        thread.join()
    assert outcome == [f"{path} is locked by another mindmap command (waited 0.2 s); try again when it has finished"]
    with MapFile(path).edit() as mindmap:  # released: the next edit goes ahead
        mindmap.add("sector", "Arts")
    assert MapFile(path).load().resolve("Arts")


# What the CLI's commands import only when they run; `import mindmap.cli` (every command's start-up)
# must not pay for them.
LAZY_MODULES = (
    "mindmap.channels",
    "mindmap.checks",
    "mindmap.stats",
    "mindmap.diff",
    "mindmap.importing",
    "mindmap.formats._dot",
    "mindmap.formats._style",
    "mindmap.formats._render",
    "mindmap.formats.text",
    "mindmap.cli._progress",
    "lxml",
    "graphviz",
    "wasmtime",
    "rich",
    "pydantic",  # typer 0.29 imports it to check each parameter (60-80 ms); pyproject.toml keeps typer below it
)


def test_importing_the_cli_leaves_out_what_commands_import_when_they_run() -> None:
    code = f"import sys, mindmap.cli\nprint([name for name in {LAZY_MODULES!r} if name in sys.modules])"
    assert run_python(code) == "[]"


def run_main(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point (mindmap.cli.main) with ARGS in a new process."""
    # main() ends the process with os._exit: report the modules just before it does.
    code = (
        "import os, sys\n"
        "from mindmap.cli import main\n"
        f"sys.argv = ['mindmap', *{list(args)!r}]\n"
        "leave = os._exit\n"
        "def report(code):\n"
        f"    print('lazy imported:', [name for name in {LAZY_MODULES!r} if name in sys.modules], file=sys.stderr)\n"
        "    sys.stderr.flush()\n"
        "    leave(code)\n"
        "os._exit = report\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1", "MINDMAP_USER": "tester", **(env or {})},
    )


def test_an_edit_through_the_entry_point_imports_none_of_the_lazy_modules(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    MapFile(path).create(MindMap("Start-up"))
    result = run_main(tmp_path, "--map", str(path), "add", "sector", "Arts")
    assert result.returncode == 0, result.stderr
    imported = ast.literal_eval(result.stderr.rsplit("lazy imported:", 1)[1].strip())
    assert imported == []
    assert MapFile(path).load().node(result.stdout.strip()).label == "Arts"


def test_the_entry_point_builds_one_command_yet_answers_as_the_whole_app(tmp_path: Path) -> None:
    from mindmap.cli import app, requested_command

    path = tmp_path / "m.json"
    MapFile(path).create(MindMap("Start-up"))
    assert requested_command(["--map", str(path), "-q", "add", "sector", "Arts"]) == "add"
    assert requested_command([f"--map={path}", "set", "x", "--note", "n"]) == "set"
    assert requested_command(["import", "x.mm"]) == "import"
    assert requested_command(["--help"]) is None
    assert requested_command(["--version"]) is None
    assert requested_command(["ad", "sector", "Arts"]) is None
    assert requested_command(["batch", "edits.txt"]) is None  # batch runs the other commands
    assert requested_command([]) is None
    # Help for one command, a command's own mistakes and a mistyped command read as with the whole app.
    runner = CliRunner()
    for args in (["add", "--help"], ["add", "sector"], ["move", "Nowhere", "--under", "Arts"], ["ad", "x"]):
        whole = runner.invoke(app, ["--map", str(path), *args])
        single = run_main(tmp_path, "--map", str(path), *args)
        assert single.returncode == whole.exit_code, (args, single.stderr)
        assert single.stdout == whole.stdout, args
        assert single.stderr.rsplit("lazy imported:", 1)[0] == whole.stderr, args
    listing = run_main(tmp_path, "--help")
    assert all(f" {name} " in listing.stdout for name in ("add", "batch", "export", "stats", "undo"))
    # Shell completion lists every command, whatever the words typed so far.
    completion = {"_MINDMAP_COMPLETE": "complete_bash", "COMP_WORDS": "mindmap --map m.json ad", "COMP_CWORD": "3"}
    assert run_main(tmp_path, env=completion).stdout.split() == ["add"]

"""Diff of a 2,000-node pair with every kind of change: the output stays as the golden files say.

The pair is written as raw JSON, with quirks a hand-edited file may have (nodes out of order, an explicit
"folded": false). Regenerate the golden files with `UPDATE_GOLDEN=1 pytest tests/test_diff_scale.py`,
then review the diff.
"""

from __future__ import annotations

import copy
import os
import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from mindmap.diff import diff_maps
from mindmap.store import MapFile

GOLDEN = Path(__file__).resolve().parent / "golden"
STAMP = "2024-05-01T10:00:00Z"
LATER = "2025-02-03T04:05:06Z"


def old_document(size: int = 2_000) -> dict[str, Any]:
    """Return a map of about SIZE nodes: sectors, organisations with channels, a few topics and links."""
    rng = random.Random(4)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []

    def node(kind: str, label: str, parent: str | None, **fields: Any) -> str:
        node_id = f"n{len(nodes):05d}"
        nodes.append({"id": node_id, "kind": kind, "label": label, "added_by": "a", "added_at": STAMP, **fields})
        nodes[-1]["modified_at"] = STAMP
        if parent is not None:
            edges.append({"source": parent, "target": node_id})
        return node_id

    root = node("root", "Scale map", None)
    sectors = [node("sector", f"Sector {i}", root) for i in range(6)]
    sectors += [node("sector", f"Area {i}/{j}", sectors[i]) for i in range(6) for j in range(3)]
    orgs = []
    while len(nodes) < size:
        org = node("organisation", f"Org {len(orgs)}", rng.choice(sectors), attributes={"city": rng.choice("ABC")})
        orgs.append(org)
        for platform in rng.sample(["facebook", "instagram", "x", "youtube"], rng.randint(1, 3)):
            node("channel", f"{platform} {org}", org, platform=platform, url=f"https://{platform}.example/{org}")
        if rng.random() < 0.1:
            node("topic", f"Topic of {org}", org, note="A note.")
    links = [{"source": a, "target": b} for a, b in zip(orgs[::40], orgs[1::40], strict=True)]
    links[0]["label"] = "partners"
    return {
        "format": "mindmap",
        "schema": 1,
        "meta": {"title": "Scale map", "authors": ["a"], "created": STAMP[:10]},
        "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
        "crosslinks": links,
    }


def new_document(old: dict[str, Any]) -> dict[str, Any]:
    """Return OLD with a few of every kind of change, in a seeded order."""
    rng = random.Random(5)
    doc = copy.deepcopy(old)
    nodes = doc["graph"]["nodes"]
    edges = doc["graph"]["edges"]
    by_id = {entry["id"]: entry for entry in nodes}
    orgs = [entry["id"] for entry in nodes if entry["kind"] == "organisation"]
    sectors = [entry["id"] for entry in nodes if entry["kind"] == "sector"]
    channels = [entry["id"] for entry in nodes if entry["kind"] == "channel"]
    picked = rng.sample(orgs, 60)
    for node_id in picked[:10]:  # renamed, some with a "/" in the new label
        by_id[node_id]["label"] = f"Renamed {node_id}" + ("/x" if node_id[-1] in "02468" else "")
    for node_id in picked[10:20]:  # fields and attributes changed
        entry = by_id[node_id]
        entry["note"] = "New note " * rng.randint(1, 20)
        entry["attributes"] = {"city": "Z", "founded": "1900"} if rng.random() < 0.5 else {}
        entry["color"] = "#336699"
        entry["modified_at"] = LATER
    for node_id in picked[20:25]:  # only the time stamp moved
        by_id[node_id]["modified_at"] = LATER
    for node_id in picked[25:30]:  # folded, and an explicit "folded": false that equals no field
        by_id[node_id]["folded"] = True
        by_id[picked[55]]["folded"] = False
    for node_id in rng.sample(channels, 5):  # kind changed: a channel may become a topic
        by_id[node_id]["kind"] = "topic"
    moved = set(picked[30:40])
    for edge in edges:
        if edge["target"] in moved:
            edge["source"] = rng.choice(sectors)
    removed = set(picked[40:45])
    removed |= {edge["target"] for edge in edges if edge["source"] in removed}
    doc["graph"]["nodes"] = nodes = [entry for entry in nodes if entry["id"] not in removed]
    edges[:] = [edge for edge in edges if edge["target"] not in removed]
    for number, parent in enumerate(picked[45:50]):
        node_id = f"new{number}"
        nodes.append({"id": node_id, "kind": "channel", "label": f"new channel {number}", "platform": "x"})
        edges.append({"source": parent, "target": node_id})
    # Reorder: the children of one sector in reverse (its edges swap places).
    first = next(e["source"] for e in edges if by_id[e["source"]]["kind"] == "sector" and e["target"] in orgs)
    places = [i for i, edge in enumerate(edges) if edge["source"] == first]
    reversed_edges = [edges[i] for i in reversed(places)]
    for place, edge in zip(places, reversed_edges, strict=True):
        edges[place] = edge
    links = [link for link in doc["crosslinks"] if not removed & {link["source"], link["target"]}]
    links[0]["label"] = "rivals"
    del links[1]
    links.append({"source": picked[50], "target": picked[51], "label": "new link"})
    doc["crosslinks"] = links
    doc["meta"]["title"] = "Scale map, edited"
    doc["meta"]["extra"] = {"source": "survey"}
    rng.shuffle(nodes)  # a hand-edited file need not list its nodes in pre-order
    return doc


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = old_document()
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_bytes(orjson.dumps(old))
    new_path.write_bytes(orjson.dumps(new_document(old)))
    return old_path, new_path


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_pair_has_every_kind_of_change(pair):
    result = diff_maps(MapFile(pair[0]).load(), MapFile(pair[1]).load())
    assert len(MapFile(pair[0]).load()) >= 2_000
    assert all(getattr(result, name) for name in result.SECTIONS)


def test_library_diff_matches_the_golden_file(pair):
    result = diff_maps(MapFile(pair[0]).load(), MapFile(pair[1]).load())
    check_golden("diff_scale.txt", result.text())


def test_command_output_matches_the_golden_files(run, pair):
    as_text = run("diff", str(pair[0]), str(pair[1]))
    assert as_text.exit_code == 1 and as_text.stderr == ""
    check_golden("diff_scale.txt", as_text.stdout)
    as_json = run("diff", str(pair[0]), str(pair[1]), "--json")
    assert as_json.exit_code == 1
    check_golden("diff_scale.json", as_json.stdout)
    backwards = run("diff", str(pair[1]), str(pair[0]))
    check_golden("diff_scale_backwards.txt", backwards.stdout)

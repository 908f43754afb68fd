"""Generate realistic benchmark maps (and a deep chain) through the library, fast.

Shape: a root, a dozen sectors (large maps add sub-sectors), organisations with a note, a few
attributes and one to five channels (url, platform, handle), a sprinkle of topics and cross-links.
The document is built as data and checked by `MindMap.from_document`, then saved by `MapFile`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from mindmap.model import MindMap, id_from_bits
from mindmap.store import MapFile

SECTORS = [
    "Arts and culture",
    "Community and third sector",
    "Education",
    "Health and care",
    "Sport and leisure",
    "Business and enterprise",
    "Local government",
    "Faith groups",
    "Media and news",
    "Environment",
    "Transport",
    "Housing",
]
SUBSECTORS = ["North", "South", "East", "West", "City centre", "Suburbs", "Villages", "Online"]
WORDS = [
    "Derby",
    "River",
    "Silk",
    "Mill",
    "Green",
    "Park",
    "Hall",
    "Quad",
    "Trust",
    "Forum",
    "Guild",
    "Works",
    "Club",
    "Circle",
    "Friends",
    "Network",
    "Studio",
]
# Links in the form `mindmap add` stores them (`check` warns of any other form).
PLATFORMS = [
    ("Facebook", "https://facebook.com/"),
    ("Twitter", "https://twitter.com/"),
    ("Instagram", "https://instagram.com/"),
    ("YouTube", "https://youtube.com/@"),
    ("LinkedIn", "https://linkedin.com/company/"),
    ("TikTok", "https://tiktok.com/@"),
    ("Mastodon", "https://mastodon.social/@"),
]
STAMP = "2024-05-01T10:00:00Z"


def _ids(rng: random.Random) -> Any:
    seen: set[str] = set()
    while True:
        candidate = id_from_bits(rng.getrandbits(50))
        if candidate not in seen:
            seen.add(candidate)
            yield candidate


def realistic_document(size: int, seed: int = 9) -> dict[str, Any]:
    """Return a map document of about SIZE nodes shaped like a real survey map."""
    rng = random.Random(seed)
    new_id = _ids(rng)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []

    def node(kind: str, label: str, parent: str | None, **fields: Any) -> str:
        node_id = next(new_id)
        entry = {"id": node_id, "kind": kind, "label": label, "added_by": "bench", "added_at": STAMP}
        entry["modified_at"] = STAMP
        entry.update({k: v for k, v in fields.items() if v})
        nodes.append(entry)
        if parent is not None:
            edges.append({"source": parent, "target": node_id})
        return node_id

    root = node("root", f"Benchmark map of {size:,} nodes", None)
    sectors = [node("sector", name, root) for name in SECTORS]
    parents = list(sectors)
    if size >= 10_000:  # big surveys group each sector by area
        parents = [
            node("sector", f"{name} ({area})", s)
            for s, name in zip(sectors, SECTORS, strict=False)
            for area in SUBSECTORS
        ]
    orgs: list[str] = []
    number = 0
    while len(nodes) < size:
        number += 1
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number}"
        attributes = {}
        if rng.random() < 0.6:
            attributes["city"] = rng.choice(["Derby", "Belper", "Matlock", "Ilkeston"])
        if rng.random() < 0.4:
            attributes["founded"] = str(rng.randint(1850, 2023))
        note = (
            f"{name} runs events and projects across the area. Contact via the website." if rng.random() < 0.5 else ""
        )
        org = node("organisation", name, rng.choice(parents), note=note, attributes=attributes)
        orgs.append(org)
        # Short enough for every platform's handle rules (Twitter allows 15 characters), so that
        # `mindmap check` finds no faulty links in a generated map.
        handle = "".join(word[:4] for word in name.lower().split()[:2]) + str(number)
        for platform, base in rng.sample(PLATFORMS, rng.randint(1, 5)):
            node("channel", f"{platform} @{handle}", org, url=base + handle, platform=platform.lower(), handle=handle)
        if rng.random() < 0.05:
            node("topic", f"Funding round {number}", org, note="Applied 2023; outcome pending.")
    crosslinks = [{"source": a, "target": b} for a, b in zip(orgs[::97], orgs[1::97], strict=False) if a != b]
    return {
        "format": "mindmap",
        "schema": 1,
        "meta": {"title": f"Benchmark {size}", "authors": ["bench"], "created": STAMP[:10]},
        "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
        "crosslinks": crosslinks,
    }


def outline_document(size: int, seed: int = 9) -> dict[str, Any]:
    """Return a map of about SIZE nodes that are all topics (the shape of a big imported outline)."""
    document = realistic_document(size, seed)
    for entry in document["graph"]["nodes"][1:]:
        entry["kind"] = "topic"
    document["meta"]["title"] = f"Outline {size}"
    return document


def chain_document(depth: int) -> dict[str, Any]:
    """Return a map that is one chain of DEPTH topics below the root."""
    ids = [f"n{i}" for i in range(depth + 1)]
    nodes = [{"id": ids[0], "kind": "root", "label": "Chain"}]
    nodes += [{"id": ids[i], "kind": "topic", "label": f"level {i}"} for i in range(1, depth + 1)]
    edges = [{"source": ids[i - 1], "target": ids[i]} for i in range(1, depth + 1)]
    return {
        "format": "mindmap",
        "schema": 1,
        "meta": {"title": "Chain", "authors": [], "created": STAMP[:10]},
        "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "edges": edges},
        "crosslinks": [],
    }


def write_map(path: Path, document: dict[str, Any]) -> MindMap:
    """Check DOCUMENT through the library and save it at PATH."""
    mindmap = MindMap.from_document(document)
    MapFile(path).save(mindmap)
    return mindmap


def main() -> None:
    """Write the benchmark maps of one size into a folder and print what the benchmark refers to (JSON).

    The benchmark runs this as its own process: a child started from a large parent would report
    the parent's memory as its own peak (Linux carries the high-water mark across exec).
    """
    import json
    import sys

    size, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    document = realistic_document(size)
    write_map(folder / "map.json", document)
    write_map(folder / "other.json", document)
    org, other = [n for n in document["graph"]["nodes"] if n["kind"] == "organisation"][:2]
    # A map of sectors cannot be grafted under a map's root (its root would become a topic, and a
    # sector cannot sit under a topic), so the JSON import reads an outline of topics of the same size.
    write_map(folder / "source.json", outline_document(size))
    print(json.dumps({"org_label": org["label"], "org_id": org["id"], "other_id": other["id"]}))


if __name__ == "__main__":
    main()

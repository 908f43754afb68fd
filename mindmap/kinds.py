"""Guess the kinds of an imported outline's nodes: links make channels, their parents organisations."""

from __future__ import annotations

from mindmap.errors import RuleError
from mindmap.model import ALLOWED_PARENTS, MindMap

# What a node one level above a node of each kind is taken to be.
ABOVE = {"channel": "organisation", "organisation": "sector"}


def infer_kinds(mindmap: MindMap, *, only_topics: bool = True) -> dict[str, str]:
    """Return the kinds (node id -> kind) inferred for MINDMAP's nodes, as far as the placement rules allow."""
    # A leaf with a url is a channel, the node above a channel an organisation, the node above an organisation a sector.
    # Kinds are settled from the root down, so a node whose guessed kind cannot sit under its parent stays a topic (and
    # its children can then only be topics). With ONLY_TOPICS, nodes that already have another kind keep it. The map
    # itself is not changed.
    guessed: dict[str, str] = {}
    order = [node_id for node_id, _ in mindmap.walk()]
    # Bottom-up: each node takes the strongest claim its children make on it.
    rank = {"topic": 0, "sector": 1, "organisation": 2}
    for node_id in reversed(order):
        if node_id == mindmap.root:
            continue
        kids = mindmap.children(node_id)
        if not kids and mindmap.node(node_id).url:
            guessed[node_id] = "channel"
            continue
        claims = [ABOVE.get(guessed.get(kid, ""), "topic") for kid in kids]
        best = max(claims, key=rank.__getitem__, default="topic")
        guessed[node_id] = best
    settled: dict[str, str] = {mindmap.root: "root"}
    result: dict[str, str] = {}
    for node_id in order:
        if node_id == mindmap.root:
            continue
        parent = mindmap.parent(node_id)
        assert parent is not None
        current = mindmap.kind(node_id)
        wanted = guessed[node_id] if current == "topic" or not only_topics else current
        if settled[parent] not in ALLOWED_PARENTS[wanted]:
            wanted = current if settled[parent] in ALLOWED_PARENTS[current] else "topic"
        settled[node_id] = wanted
        if wanted != current:
            result[node_id] = wanted
    return result


def apply_kinds(mindmap: MindMap, kinds: dict[str, str]) -> list[str]:
    """Give MINDMAP's nodes the KINDS (id -> kind) from the root down; return the ids whose kind did not fit."""
    misfits = []
    for node_id, _ in mindmap.walk():
        wanted = kinds.get(node_id)
        if wanted is None or wanted == mindmap.kind(node_id):
            continue
        stamp = mindmap.node(node_id).modified_at
        try:
            mindmap.update(node_id, kind=wanted)  # checks the parent and the children against the rules
        except RuleError:
            misfits.append(node_id)
            continue
        mindmap.set_provenance(node_id, modified_at=stamp)  # a kind given on import is no edit
    return misfits

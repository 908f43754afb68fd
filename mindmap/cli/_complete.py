"""Shell completion of NODE arguments from the labels and paths of the current map."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

# A map too big to list in a shell: offer nothing rather than flood the terminal.
MAX_COMPLETIONS = 200


def node_completions(map_path: str, incomplete: str) -> list[str]:
    """Return the labels (paths for repeated labels) of the map at MAP_PATH that start with INCOMPLETE."""
    # Text with a '/' is completed as a path of labels below the root. Never raises: no map, no completions.
    try:
        from mindmap.store import MapFile

        mindmap = MapFile(map_path).load()
        nodes = [node_id for node_id, depth in mindmap.walk() if depth > 0]
        used = Counter(mindmap.label(node_id) for node_id in nodes)
        found = []
        for node_id in nodes:
            label = mindmap.label(node_id)
            if "\n" in label:
                continue  # cannot be typed on one shell line; its id still works
            # A label used once stands for its node; a repeated label (or one holding a '/') needs its path.
            plain = "/" not in incomplete and used[label] == 1 and "/" not in label
            shown = label if plain else mindmap.path(node_id)
            # Typer keeps only the suggestions that start with the typed text, so match exactly that way.
            if shown.startswith(incomplete) and shown not in found:
                found.append(shown)
        return found[:MAX_COMPLETIONS]
    except Exception:  # noqa: BLE001 - completion runs on every Tab: any fault means no suggestions, never a trace
        return []


def complete_node(ctx: Any, incomplete: str) -> list[str]:
    """Complete a NODE argument from the map chosen by --map, MINDMAP_FILE or the default."""
    try:
        from mindmap.store import DEFAULT_MAP

        chosen = ctx.find_root().params.get("map_path") if ctx is not None else None
        return node_completions(chosen or os.environ.get("MINDMAP_FILE") or DEFAULT_MAP, incomplete)
    except Exception:  # noqa: BLE001 - see node_completions
        return []


def complete_kind(incomplete: str) -> list[str]:
    """Complete the KIND of a new node."""
    return [kind for kind in ("sector", "org", "channel", "topic") if kind.startswith(incomplete.casefold())]

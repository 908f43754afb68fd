"""A deep import is journaled in time linear in its size: the summary names only the nodes it shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindmap import journal
from mindmap.model import MindMap

DEPTH = 2_000


def test_deep_mm_import_names_only_the_summarised_nodes(
    run: object, map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chain of DEPTH nodes costs SUMMARY_ITEMS paths, not DEPTH (a 100,000-deep .mm took minutes)."""
    deep = tmp_path / "deep.mm"
    deep.write_bytes(b'<map version="1.0.1">' + b'<node TEXT="a">' * DEPTH + b"</node>" * DEPTH + b"</map>")
    calls = 0
    display_path = MindMap.display_path

    def counted(self: MindMap, node_id: str) -> str:
        nonlocal calls
        calls += 1
        return display_path(self, node_id)

    monkeypatch.setattr(MindMap, "display_path", counted)
    result = run("import", str(deep))  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    assert "Imported 2,000 nodes" in result.stderr + result.stdout
    assert 0 < calls <= journal.SUMMARY_ITEMS + 1  # and one for the "under ..." message (before the fix: DEPTH + 1)

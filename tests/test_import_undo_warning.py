"""An import too big for the journal says at once that undo cannot take it back (found by the scale trial)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindmap import journal


def test_an_import_beyond_undo_warns_and_undo_then_refuses(
    run, map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "outline.md"
    source.write_text("# Outline\n\n- one\n  - two\n- three\n", encoding="utf-8")
    small = run("import", str(source), "--dry-run")
    assert small.exit_code == 0 and "can take back" not in small.stderr
    monkeypatch.setattr(journal, "MAX_PATCH_NODES", 2)
    dry = run("import", str(source), "--dry-run")
    assert "the import would add 4 nodes, more than the 2 `mindmap undo` can take back" in dry.stderr
    done = run("import", str(source))
    assert done.exit_code == 0
    assert "Warning: the import added 4 nodes, more than the 2 `mindmap undo` can take back" in done.stderr
    assert run("undo").exit_code == 1

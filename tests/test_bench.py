"""The benchmark's generated maps: made where asked, valid, and clean for `mindmap check` (issue 9)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mindmap.checks import check
from mindmap.store import MapFile

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_generate_makes_its_folder_and_maps_that_check_finds_clean(tmp_path: Path) -> None:
    folder = tmp_path / "not" / "there"
    made = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), "600", str(folder)], capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    refs = json.loads(made.stdout)
    mindmap = MapFile(folder / "map.json").load()
    assert len(mindmap) >= 600
    assert mindmap.node(refs["org_id"]).label == refs["org_label"]
    # The benchmark times `check` as a command that exits 0; a fault in the generated links would make it fail.
    assert [(f.rule, f.path) for f in check(mindmap)] == []
    assert MapFile(folder / "other.json").load() == mindmap

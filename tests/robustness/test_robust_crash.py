"""Nothing lost when a save is killed: SIGKILL at random moments leaves the old map or a new one, never a mix.

MINDMAP_KILLS (default 100) sets how many times the saving process is killed; `make fuzz` runs 1,000.
MINDMAP_KILL_NODES (default 20,000) sets the map's size; MINDMAP_KILL_SEED replays one run's moments.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import time
from pathlib import Path

import pytest

from mindmap import store
from mindmap.formats import json_map
from mindmap.model import MindMap
from mindmap.store import MapFile

KILLS = int(os.environ.get("MINDMAP_KILLS", "100"))
NODES = int(os.environ.get("MINDMAP_KILL_NODES", "20000"))
VERSION = re.compile(rb'"label": "version (\d+)"')


def big_map(nodes: int) -> MindMap:
    """Return a map of NODES nodes below the root: sectors of 200, each holding 199 organisations."""
    mindmap = MindMap("Crash test", root_label="version 0")
    added = 0
    while added < nodes:
        sector = mindmap.add("sector", f"Sector {added}", note="Councils, police & co.")
        added += 1
        for index in range(min(199, nodes - added)):
            mindmap.add("org", f"Organisation {added + index}", sector, url=f"https://example.org/{index}")
        added += min(199, nodes - added)
    return mindmap


def keep_saving(path: Path, mindmap: MindMap, first: int, through_edit: bool, writing: int) -> None:
    """Save versions FIRST, FIRST+1, ... for ever (until killed), by save() or by edit().

    A byte goes to the file descriptor WRITING just before each write to disk begins, so that the
    parent can aim some kills at the short moment when the file is being replaced.
    """
    real_write = store.write_atomically

    def signalling_write(target: Path, data: bytes) -> None:
        os.write(writing, b"w")
        real_write(target, data)

    store.write_atomically = signalling_write  # only in this forked child
    root = mindmap.root
    version = first
    while True:
        if through_edit:
            with MapFile(path).edit() as editing:
                editing.rename(root, f"version {version}")
        else:
            mindmap.rename(root, f"version {version}")
            MapFile(path).save(mindmap)
        version += 1


def test_fuzz_sigkill_during_save_keeps_old_or_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # so that every version differs only in its label
    seed = int(os.environ.get("MINDMAP_KILL_SEED", random.randrange(2**32)))
    moments = random.Random(seed)
    path = tmp_path / "big.json"
    mindmap = big_map(NODES)
    started = time.perf_counter()
    MapFile(path).save(mindmap)
    cycle = time.perf_counter() - started  # not asserted: only scales the random kill moments
    template = path.read_bytes()
    started = time.perf_counter()
    store.write_atomically(tmp_path / "timing.json", template)
    write_time = time.perf_counter() - started
    (tmp_path / "timing.json").unlink()
    assert len(VERSION.findall(template)) == 1

    def expected(version: int) -> bytes:
        return template.replace(b'"label": "version 0"', f'"label": "version {version}"'.encode())

    current = 0
    mid_write = advanced = aimed = 0
    for kill in range(KILLS):
        # Every tenth child edits through edit() (load, change, save under the lock); the others
        # call save(). Odd kills are aimed at the write itself; even ones fall anywhere in a cycle.
        through_edit = kill % 10 == 5
        aim = kill % 2 == 1 and not through_edit
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: save until killed, never return into pytest
            try:
                os.close(reading)
                keep_saving(path, mindmap, current + 1, through_edit, writing)
            finally:
                os._exit(0)
        os.close(writing)
        try:
            if aim:
                ready, _, _ = select.select([reading], [], [], 60)
                assert ready, "the saving child never started writing"
                time.sleep(moments.uniform(0, write_time * 2))
                aimed += 1
            else:
                time.sleep(moments.uniform(0, cycle * (4 if through_edit else 1.2)))
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(reading)
        leftovers = list(tmp_path.glob(".big.json.*.tmp"))
        mid_write += bool(leftovers)
        data = path.read_bytes()
        found = VERSION.search(data)
        assert found, f"kill {kill} (seed {seed}): the map has no version label"
        version = int(found.group(1))
        assert version >= current, f"kill {kill} (seed {seed}): went back from version {current} to {version}"
        assert data == expected(version), f"kill {kill} (seed {seed}): version {version} is not as saved"
        if kill % 25 == 0:
            assert MapFile(path).load().label(mindmap.root) == f"version {version}"
        advanced += version > current
        current = version
    # The next edit removes what killed saves left behind, and the map is whole.
    with MapFile(path).edit() as final:
        assert len(final) == NODES + 1
    assert list(tmp_path.glob(".big.json.*.tmp")) == []
    print(
        f"\n{KILLS} kills ({aimed} aimed at the write) of a {NODES:,}-node map ({len(template) / 2**20:.1f} MiB, "
        f"seed {seed}): {mid_write} left a half-written temporary file, {advanced} came after a new version "
        "landed; the map always read back as the old or the new version, byte for byte"
    )
    assert mid_write > 0, "no kill landed during a write: the moments are not random enough to test anything"


def test_killed_save_leaves_its_temporary_file_until_the_next_edit(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    MapFile(path).save(MindMap("Small"))
    stale = tmp_path / ".map.json.abc123xy.tmp"
    stale.write_bytes(b'{"format": "mind')
    unrelated = tmp_path / ".other.json.abc123xy.tmp"
    unrelated.write_bytes(b"")
    assert MapFile(path).load().label(MapFile(path).load().root) == "Small"
    with MapFile(path).edit() as mindmap:
        mindmap.add("sector", "Arts")
    assert not stale.exists()
    assert unrelated.exists(), "only the map's own temporary files are removed"


def test_json_bytes_are_what_save_writes(tmp_path: Path) -> None:
    """The crash test compares bytes, so saving must be deterministic for one map."""
    mindmap = MindMap("Deterministic")
    mindmap.add("sector", "Arts")
    path = tmp_path / "map.json"
    MapFile(path).save(mindmap)
    assert path.read_bytes() == json_map.dumps(mindmap.to_document())

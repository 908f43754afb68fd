"""A full disk or a refused write while saving: one clear error, the old file intact, no temporary file left."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from mindmap.store import MapFile


def fail_with(code: int) -> Any:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return failing


class FillingStream(io.FileIO):
    """A temporary file on a disk that fills up half-way through the map."""

    def write(self, data: Any) -> int:
        super().write(bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def filling_fdopen(fd: int, mode: str = "rb", *args: Any, **kwargs: Any) -> Any:
    return FillingStream(fd, "wb")


FAULTS = {
    "disk full on write": ("fdopen", filling_fdopen, errno.ENOSPC),
    "disk full on fsync": ("fsync", fail_with(errno.ENOSPC), errno.ENOSPC),
    "quota on fsync": ("fsync", fail_with(errno.EDQUOT), errno.EDQUOT),
    "i/o error on fsync": ("fsync", fail_with(errno.EIO), errno.EIO),
    "replace refused": ("replace", fail_with(errno.EACCES), errno.EACCES),
    "read-only file system": ("replace", fail_with(errno.EROFS), errno.EROFS),
}


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


@pytest.mark.parametrize("fault", list(FAULTS))
def test_failed_save_keeps_the_old_file(fault: str, run: Any, map_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("add", "sector", "Arts")
    before = map_path.read_bytes()
    name, replacement, code = FAULTS[fault]
    monkeypatch.setattr(os, name, replacement)
    result = run("add", "sector", "Music")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {map_path}: {os.strerror(code)}; the old file is unchanged\n"
    assert map_path.read_bytes() == before
    assert leftovers(map_path.parent) == []
    assert [n.label for n in MapFile(map_path).load().nodes()] == ["Test map", "Arts"]


def test_no_room_for_a_temporary_file(run: Any, map_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder, simulated: the temporary file cannot even be created (this runs as root too)."""
    before = map_path.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", fail_with(errno.EACCES))
    result = run("rename", "Test map", "Renamed")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {map_path}: no permission to write in its folder\n"
    assert map_path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders, so chmod cannot refuse it")
def test_read_only_folder(run: Any, map_path: Path) -> None:
    before = map_path.read_bytes()
    folder = map_path.parent
    folder.chmod(0o555)
    try:
        result = run("add", "sector", "Music")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot ") and "no permission to write in its folder" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert map_path.read_bytes() == before
    assert leftovers(folder) == []


def test_failed_init_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from mindmap.cli import app

    monkeypatch.setattr(os, "fsync", fail_with(errno.ENOSPC))
    result = CliRunner().invoke(app, ["--map", str(tmp_path / "new.json"), "init", "New"])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".new.json.lock"]


def test_export_into_a_missing_folder(run: Any, map_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    result = run("export", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: cannot write {target}: the folder {str(target.parent)!r} does not exist; create it first\n"
    )


def test_lock_file_cannot_be_created(run: Any, map_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder where the lock cannot be made (read-only, simulated) gives an error, not a hang."""
    import filelock

    before = map_path.read_bytes()

    def refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    result = run("add", "sector", "Music")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot lock {map_path}: no permission to write in its folder\n"
    assert map_path.read_bytes() == before


def test_saving_through_a_symbolic_link_keeps_the_link(run: Any, map_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "elsewhere" / "linked.json"
    link.parent.mkdir()
    link.symlink_to(map_path)
    assert MapFile(link).lock_path == MapFile(map_path).lock_path, "one lock for the file and its links"
    from typer.testing import CliRunner

    from mindmap.cli import app

    result = CliRunner().invoke(app, ["--map", str(link), "add", "sector", "Via the link"])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "Via the link" in [n.label for n in MapFile(map_path).load().nodes()]
    assert leftovers(link.parent) == leftovers(map_path.parent) == []

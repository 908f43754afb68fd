"""Map files on disk: loading with validation, atomic saving, and a lock around every edit."""

from __future__ import annotations

import contextlib
import getpass
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from mindmap.errors import LockError, MapFileError, MindmapError
from mindmap.formats import json_map
from mindmap.model import MindMap, paused_gc

DEFAULT_MAP = "mindmap.json"
MAX_MAP_BYTES = int(os.environ.get("MINDMAP_MAX_BYTES", 64 * 1024 * 1024))
LOCK_TIMEOUT_SECONDS = float(os.environ.get("MINDMAP_LOCK_TIMEOUT", "30"))


def current_user(by: str | None = None) -> str:
    """Return who is editing: BY, else MINDMAP_USER, else git's user.name, else the login name."""
    if by:
        return by
    if os.environ.get("MINDMAP_USER"):
        return os.environ["MINDMAP_USER"]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        name = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
        if name:
            return name
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return ""


class MapFile:
    """One map file: read it, write it atomically, or edit it under a cross-process lock."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_MAP) -> None:
        self.path = Path(path)

    @property
    def lock_path(self) -> Path:
        """Return the path of the lock file that guards edits."""
        return self.path.with_name(f".{self.path.name}.lock")

    def exists(self) -> bool:
        """Return whether the map file exists."""
        return self.path.exists()

    def read_bytes(self) -> bytes:
        """Return the file's bytes, refusing a missing or oversized file with a clear error."""
        try:
            size = self.path.stat().st_size
            if size > MAX_MAP_BYTES:
                raise MapFileError(
                    f"{self.path}: the file is {size / 2**20:,.0f} MiB; mindmap opens maps up to "
                    f"{MAX_MAP_BYTES / 2**20:,.0f} MiB (set MINDMAP_MAX_BYTES to raise the limit)"
                )
            return self.path.read_bytes()
        except FileNotFoundError:
            raise MapFileError(
                f"no map file {str(self.path)!r}; create one with 'mindmap init TITLE' or choose one with --map"
            ) from None
        except IsADirectoryError:
            raise MapFileError(f"{self.path} is a folder, not a map file") from None
        except OSError as error:
            raise MapFileError(f"cannot read {self.path}: {error.strerror}") from None

    def load(self) -> MindMap:
        """Return the map in the file, or raise MapFileError naming the file and the fault."""
        data = self.read_bytes()
        try:
            with paused_gc():  # parsing a large map allocates many objects and no cycles
                return MindMap.from_document(json_map.loads(data))
        except MindmapError as error:
            raise MapFileError(f"{self.path}: {error}") from None

    def save(self, mindmap: MindMap) -> bool:
        """Write MINDMAP to the file atomically; return False when the bytes were already there."""
        with paused_gc():
            data = json_map.dumps(mindmap.to_document())
        with contextlib.suppress(OSError):
            # Only a file of the same size can hold the same bytes: most edits change the size, and
            # then the old file (tens of MB for a large map) need not be read again.
            if self.path.stat().st_size == len(data) and self.path.read_bytes() == data:
                return False
        write_atomically(self.path, data)
        return True

    def create(self, mindmap: MindMap, *, force: bool = False) -> None:
        """Write a new map file, refusing to replace an existing one unless FORCE."""
        with self.locked():
            if self.path.exists() and not force:
                raise MapFileError(f"{self.path} already exists; use --force to replace it")
            write_atomically(self.path, json_map.dumps(mindmap.to_document()))

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the map's lock; another command waits for it, then fails with a clear message."""
        release = self._acquire_lock()
        try:
            yield
        finally:
            release()

    def _lock_timeout(self) -> LockError:
        return LockError(
            f"{self.path} is locked by another mindmap command (waited {LOCK_TIMEOUT_SECONDS:g} s); "
            "try again when it has finished"
        )

    def _acquire_lock(self) -> Callable[[], None]:
        # On POSIX, flock the lock file as filelock does there, without importing filelock: its
        # import alone cost a tenth of a small command's start-up. Elsewhere, filelock does it.
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self._acquire_with_filelock()
        try:
            handle = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise MapFileError(f"cannot lock {self.path}: {error.strerror} ({self.lock_path})") from None
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(handle)
                    raise self._lock_timeout() from None
                time.sleep(0.05)
            except OSError:  # a file system without flock (some network mounts): filelock knows what to do
                os.close(handle)
                return self._acquire_with_filelock()

        def release() -> None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)

        return release

    def _acquire_with_filelock(self) -> Callable[[], None]:
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_SECONDS)
        try:
            lock.acquire()
        except Timeout:
            raise self._lock_timeout() from None
        except OSError as error:
            raise MapFileError(f"cannot lock {self.path}: {error.strerror} ({self.lock_path})") from None
        return lambda: lock.release()

    @contextlib.contextmanager
    def edit(self) -> Iterator[MindMap]:
        """Load the map under the lock, let the caller change it, and save it if nothing failed."""
        with self.locked():
            mindmap = self.load()
            yield mindmap
            self.save(mindmap)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace PATH with DATA so that a crash leaves either the old or the new file, never a mix."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise MapFileError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise MapFileError(f"cannot write {path}: {error.strerror or error}; the old file is unchanged") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

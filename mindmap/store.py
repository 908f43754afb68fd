"""Map files on disk: loading with validation, atomic saving, and a lock around every edit."""

from __future__ import annotations

import contextlib
import errno
import functools
import getpass
import glob
import math
import os
import shlex
import subprocess
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from mindmap.errors import ConflictMarkersError, LockError, MapFileError, MindmapError
from mindmap.formats import json_map
from mindmap.model import MindMap, paused_gc

DEFAULT_MAP = "mindmap.json"
MAX_MAP_BYTES = 64 * 1024 * 1024  # the default; MINDMAP_MAX_BYTES overrides it
LOCK_TIMEOUT_SECONDS = 30.0  # the default; MINDMAP_LOCK_TIMEOUT overrides it


def setting(name: str, default: float, unit: str) -> float:
    """Return the number in the environment variable NAME, else DEFAULT; refuse anything but a number >= 0."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    # A negative lock timeout would make filelock wait for ever, so it is refused too.
    if not math.isfinite(value) or value < 0:
        raise MindmapError(f"{name} must be a number of {unit} (0 or more), not {raw!r}")
    return value


def current_user(by: str | None = None) -> str:
    """Return who is editing: BY, else MINDMAP_USER, else git's user.name, else the login name."""
    if by:
        return by
    if os.environ.get("MINDMAP_USER"):
        return os.environ["MINDMAP_USER"]
    name = _git_user_name(os.getcwd())
    if name:
        return name
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return ""


# What the maps read stay in when the caller is done with them: None (the default) lets them go as usual.
# The command line sets a list and leaves with os._exit, so that a big map is not taken apart object by
# object when the command's function returns (about a tenth of a second at 100,000 nodes).
leftovers: list[Any] | None = None

# The map that a batch (MapFile.batch) is editing, with its resolved path: edit() on it reuses the map.
_batch: ContextVar[tuple[Path, MindMap] | None] = ContextVar("mindmap_batch", default=None)


@functools.cache
def _git_user_name(folder: str) -> str:
    """Return git's user.name in FOLDER, asked once per folder (a batch of 200 edits must not run git 200 times)."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False, cwd=folder
        ).stdout.strip()
    return ""


class MapFile:
    """One map file: read it, write it atomically, or edit it under a cross-process lock."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_MAP, *, command: str = "") -> None:
        self.path = Path(path)
        self.command = command  # what the journal says made an edit, unless edit() is told

    @property
    def real_path(self) -> Path:
        """Return the file the path names, following a symbolic link (saves write through links)."""
        return Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path

    @property
    def lock_path(self) -> Path:
        """Return the path of the lock file that guards edits (one lock for a file and its links)."""
        return self.real_path.with_name(f".{self.real_path.name}.lock")

    def exists(self) -> bool:
        """Return whether the map file exists."""
        return self.path.exists()

    def check_exists(self) -> None:
        """Raise the error that loading would raise for a missing map file, before any slow work starts."""
        if not self.path.exists():
            raise self._missing()
        if self.path.is_dir():
            raise MapFileError(f"{self.path} is a folder, not a map file")

    def _missing(self) -> MapFileError:
        return MapFileError(
            f"no map file {str(self.path)!r}; create one with 'mindmap init TITLE' or choose one with --map"
        )

    def read_bytes(self) -> bytes:
        """Return the file's bytes, refusing a missing or oversized file with a clear error."""
        limit = setting("MINDMAP_MAX_BYTES", MAX_MAP_BYTES, "bytes")
        try:
            size = self.path.stat().st_size
            if size > limit:
                raise MapFileError(
                    f"{self.path}: the file is {size / 2**20:,.0f} MiB; mindmap opens maps up to "
                    f"{limit / 2**20:,.0f} MiB (set MINDMAP_MAX_BYTES to raise the limit)"
                )
            if not self.path.is_file() and not self.path.is_dir():
                # A device or pipe (--map /dev/zero) has no size and may never end.
                raise MapFileError(f"{self.path} is not a regular file")
            return self.path.read_bytes()
        except FileNotFoundError:
            raise self._missing() from None
        except IsADirectoryError:
            raise MapFileError(f"{self.path} is a folder, not a map file") from None
        except OSError as error:
            raise MapFileError(f"cannot read {self.path}: {error.strerror}") from None

    def load(self) -> MindMap:
        """Return the map in the file, or raise MapFileError naming the file and the fault."""
        return self._parse(self.read_bytes())[1]

    def _parse(self, data: bytes) -> tuple[Any, MindMap]:
        try:
            # Parsing makes a few objects per field of every node, none in a cycle: the collector pauses.
            with paused_gc():
                document, mindmap = json_map.load_map(data)
        except ConflictMarkersError as error:  # the advice names the file to give git
            raise MapFileError(
                f"{self.path}: {ConflictMarkersError(error.line, shlex.quote(str(self.path)))}"
            ) from None
        except MindmapError as error:
            raise MapFileError(f"{self.path}: {error}") from None
        if leftovers is not None:
            leftovers.append((document, mindmap))
        return document, mindmap

    def save(self, mindmap: MindMap) -> bool:
        """Write MINDMAP to the file atomically; return False when the bytes were already there."""
        data = json_map.dumps(mindmap.to_document(fresh=False))
        with contextlib.suppress(OSError):
            # Compare with the file only when it is as long: reading a big map again costs a fortieth of a second.
            if self.path.stat().st_size == len(data) and self.path.read_bytes() == data:
                return False
        write_atomically(self.path, data)
        return True

    def create(self, mindmap: MindMap, *, force: bool = False) -> None:
        """Write a new map file, refusing to replace an existing one unless FORCE."""
        with self.locked(action="create"):
            if self.path.exists() and not force:
                raise MapFileError(f"{self.path} already exists; use --force to replace it")
            write_atomically(self.path, json_map.dumps(mindmap.to_document()))

    @contextlib.contextmanager
    def locked(self, *, action: str = "lock") -> Iterator[None]:
        """Hold the map's lock; another command waits for it, then fails with a clear message saying ACTION."""
        from filelock import FileLock, Timeout

        timeout = setting("MINDMAP_LOCK_TIMEOUT", LOCK_TIMEOUT_SECONDS, "seconds")
        lock = FileLock(str(self.lock_path), timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise LockError(
                f"{self.path} is locked by another mindmap command (waited {timeout:g} s); "
                "try again when it has finished"
            ) from None
        except OSError as error:
            raise MapFileError(f"cannot {action} {self.path}: {folder_problem(error)}") from None
        try:
            self._remove_stale_temporaries()
            yield
        finally:
            lock.release()

    def _remove_stale_temporaries(self) -> None:
        # Saves happen under the lock, so a temporary file found while holding it was left by a
        # save that was killed half-way (the map itself is intact: it is only ever replaced whole).
        real = self.real_path
        folder = real.parent if str(real.parent) else Path(".")
        with contextlib.suppress(OSError):
            for leftover in folder.glob(f".{glob.escape(real.name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    @contextlib.contextmanager
    def edit(self, command: str | None = None, *, by: str | None = None, journal: bool = True) -> Iterator[MindMap]:
        """Load the map under the lock, let the caller change it, save it if nothing failed, and journal it.

        COMMAND says what made the edit (e.g. 'add org "Derby QUAD"'); BY who (see current_user).
        """
        session = _batch.get()
        if session is not None and session[0] == self.path.resolve():
            # Inside a batch: change the batch's map; the batch saves and journals once at its end.
            yield session[1]
            return
        if not self.path.is_file():
            self.read_bytes()  # the clear error for a missing map, before the lock creates its folder
        with self.locked():
            data = self.read_bytes()
            document, mindmap = self._parse(data)
            # The journal compares the map as it was with the map after the edit. The file's document is the
            # map as it was when the map kept every entry as it is (the usual case, and free); a file that
            # says something differently (e.g. "folded": false, which maps drop) is written out afresh.
            if not mindmap.holds_entries_of(document):
                document = mindmap.to_document(fresh=False)
            else:
                # The file may spell the same metadata otherwise (no "created", an empty license): take the map's.
                document["meta"] = mindmap.meta.to_dict()
            yield mindmap
            new_document = mindmap.to_document(fresh=False)
            new_data = json_map.dumps(new_document)
            if new_data == data:
                return
            write_atomically(self.path, new_data)
            if journal:
                from mindmap.journal import Journal

                # The journal is history, not the map: failing to write it must not fail the saved edit.
                with contextlib.suppress(OSError, MindmapError):
                    Journal(self.path).record(
                        "edit",
                        (data, document),
                        (new_data, new_document, mindmap),
                        command=self.command if command is None else command,
                        by=current_user(by),
                    )

    @contextlib.contextmanager
    def batch(self, command: str | None = None, *, by: str | None = None, journal: bool = True) -> Iterator[MindMap]:
        """Edit the map once for every edit() of this file inside: one load, one save, one journal entry.

        If anything inside fails, nothing is saved: the file stays byte-for-byte as it was.
        """
        with self.edit(command, by=by, journal=journal) as mindmap:
            token = _batch.set((self.path.resolve(), mindmap))
            try:
                yield mindmap
            finally:
                _batch.reset(token)


def folder_problem(error: OSError) -> str:
    """Return why a file could not be made in its folder, for people: 'the folder is read-only', or the OS reason."""
    if error.errno == errno.EROFS:
        return "the folder is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "no permission to write in its folder"
    if error.errno == errno.ENOENT:
        return "its folder does not exist"
    return (error.strerror or str(error)).lower()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace PATH with DATA so that a crash leaves either the old or the new file, never a mix."""
    if path.is_symlink():
        # Write through a link to the file it names, as editors do, rather than replace the link.
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise MapFileError(f"cannot write {path}: {folder_problem(error)}") from None
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

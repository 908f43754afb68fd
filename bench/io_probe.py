"""Time one load + save in-process and print its CPU and wall seconds: `mindmap` (MapFile) or `orjson` (the I/O floor).

Both change the root's label so that the save really writes, and both write through the same
atomic write (temporary file, fsync, rename), so the difference is mindmap's own work.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    mode, path_text, stamp = sys.argv[1], sys.argv[2], sys.argv[3]
    path = Path(path_text)
    if mode == "orjson":
        import orjson

        from mindmap.store import write_atomically

        started, cpu = time.perf_counter(), time.process_time()
        document = orjson.loads(path.read_bytes())
        document["graph"]["nodes"][0]["label"] = f"Benchmark map {stamp}"
        write_atomically(path, orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    else:
        from mindmap.store import MapFile

        started, cpu = time.perf_counter(), time.process_time()
        map_file = MapFile(path)
        mindmap = map_file.load()
        mindmap.rename(mindmap.root, f"Benchmark map {stamp}")
        map_file.save(mindmap)
    print(f"{time.process_time() - cpu:.6f} {time.perf_counter() - started:.6f}")


if __name__ == "__main__":
    main()

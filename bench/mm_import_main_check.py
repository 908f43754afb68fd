"""Check that `mindmap import FILE.mm` of this tree gives the same bytes as main's installed `mindmap` does.

    .venv/bin/python bench/mm_import_main_check.py [--main PYTHON] [FILE.mm ...]

Imports each FILE (default: every .mm of the shared corpus and of tests/robustness/bad_inputs) with main's
Python (its venv, used read only: no bytecode is written there) and with this tree, into a fresh one-node map
and again into the map it made (every id then clashes), with --root auto and --root node, under a fixed id
seed and clock. The exit status, the saved map, the standard output and the standard error must be the same
bytes (the scratch folder's name aside). Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from mm_import_compare import CORPUS, HERE, ROOT_MODES, differences, imports

MAIN_PYTHON = HERE.parent / "main" / ".venv" / "bin" / "python"
BAD_INPUTS = HERE / "tests" / "robustness" / "bad_inputs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--main", type=Path, default=MAIN_PYTHON, help="main's Python (default: %(default)s)")
    args = parser.parse_args()
    files = args.files or sorted(CORPUS.glob("*.mm")) + sorted(BAD_INPUTS.glob("*.mm"))
    base_env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    runners = {
        "main": ([str(args.main)], base_env),
        "this": ([sys.executable], {**base_env, "PYTHONPATH": str(HERE)}),
    }
    differ = 0
    with tempfile.TemporaryDirectory() as scratch:
        for source in files:
            for root in ROOT_MODES:
                results = [
                    imports(python, env, source.resolve(), Path(scratch) / name / source.name / root, root)
                    for name, (python, env) in runners.items()
                ]
                differ += differences(results, ("main", "this"), root, source)
    print("all the same" if not differ else f"{differ} DIFFERENT")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

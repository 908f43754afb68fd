"""Compare `mindmap import FILE.mm` of this tree with an older commit's: same map, same lines; and time both.

    .venv/bin/python bench/mm_import_compare.py [--old COMMIT] [--time PAIRS] [FILE.mm ...]

Without FILES it imports every .mm of the shared corpus. Each import goes into a fresh one-node map, under
a fixed id seed and clock, with the old code (the commit OLD, unpacked into a temporary folder) and the new
(this tree), with the default --root and with --root node, and again into the map it made (every id then
clashes); the saved map, the standard output, the standard error and the exit status must be the same
bytes. With --time PAIRS, the first FILE is then imported PAIRS times by each, alternating old and new, and
the medians of their CPU seconds (user + system) and peak memory are printed. Exit status 1 when anything
differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE.parent / "shared" / "corpus" / "mm"  # as tests/conftest.py finds it
ROOT_MODES = ("auto", "node")


def unpack(ref: str, where: Path) -> Path:
    """Return a folder holding the package as it was at the commit REF."""
    archive = subprocess.run(["git", "archive", ref, "mindmap"], cwd=HERE, check=True, capture_output=True).stdout
    where.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def run_import(code: Path, source: Path, folder: Path, root: str) -> list[tuple[int, bytes, bytes, bytes]]:
    """Import SOURCE twice with the package in CODE into a fresh map in FOLDER; return each status, map and output."""
    return imports([sys.executable], {**os.environ, "PYTHONPATH": str(code)}, source, folder, root)


def imports(
    python: list[str], env: dict[str, str], source: Path, folder: Path, root: str
) -> list[tuple[int, bytes, bytes, bytes]]:
    """Import SOURCE twice with PYTHON into a fresh map in FOLDER; return each status, map and output.

    The second import finds every id of the file in the map already (new ids, seeded).
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**env, "MINDMAP_ID_SEED": "compare", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1"}
    target = folder / "map.json"
    command = [*python, "-m", "mindmap", "--map", str(target)]
    subprocess.run([*command, "init", "Bench"], cwd=folder, env=env, check=True, capture_output=True)
    results = []
    for _ in range(2):
        # Run in FOLDER, not here: the current folder comes first on sys.path, before PYTHONPATH.
        done = subprocess.run(
            [*command, "import", str(source), "--root", root], cwd=folder, env=env, capture_output=True
        )
        scratch = str(folder).encode()
        results.append(
            (
                done.returncode,
                target.read_bytes(),
                done.stdout.replace(scratch, b"FOLDER"),
                done.stderr.replace(scratch, b"FOLDER"),
            )
        )
    return results


def differences(
    results: list[list[tuple[int, bytes, bytes, bytes]]], names: tuple[str, str], root: str, source: Path
) -> int:
    """Print how the two runs' RESULTS (named NAMES) of SOURCE compare, one line per import; return how many differ."""
    differ = 0
    for turn, (before_all, after_all) in enumerate(zip(*results, strict=True), 1):
        same = before_all == after_all
        differ += not same
        print(
            f"{'same' if same else 'DIFFERENT'}  exit {after_all[0]}  --root {root:<5} "
            f"{'first' if turn == 1 else 'again'}  {source.name}",
            flush=True,
        )
        for what, before, after in zip(("exit", "map", "stdout", "stderr"), before_all, after_all, strict=True):
            if before != after:
                print(f"    {what} differs:\n      {names[0]} {before[:300]!r}\n      {names[1]} {after[:300]!r}")
    return differ


def timed_import(code: Path, source: Path, folder: Path) -> tuple[float, int]:
    """Return the CPU seconds and peak memory (KiB) of one import of SOURCE by the package in CODE.

    Measured by /usr/bin/time (user + system, maximum resident set size), as the benchmark notes give them.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(code), "MINDMAP_ID_SEED": "compare"}
    target = folder / "map.json"
    python = [sys.executable, "-m", "mindmap", "--map", str(target)]
    subprocess.run([*python, "init", "Bench"], cwd=folder, env=env, check=True, capture_output=True)
    report = folder / "time.txt"
    command = ["/usr/bin/time", "-o", str(report), "-f", "%U %S %M", *python, "import", str(source)]
    if subprocess.run(command, cwd=folder, env=env, capture_output=True).returncode:
        raise SystemExit(f"the import of {source} failed")
    user, system, kib = report.read_text().split()[-3:]
    return float(user) + float(system), int(kib)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--old", help="the commit to compare with (default: where this branch left main)")
    parser.add_argument("--time", type=int, default=0, metavar="PAIRS", help="time the first file PAIRS times")
    parser.add_argument("--no-compare", action="store_true", help="only time (with --time)")
    args = parser.parse_args()
    files = args.files or sorted(CORPUS.glob("*.mm"))
    if not files:
        print(f"no .mm files given, and none in {CORPUS}")
        return 0
    differ = 0
    with tempfile.TemporaryDirectory() as scratch:
        base = (
            args.old
            or subprocess.run(
                ["git", "merge-base", "HEAD", "main"], cwd=HERE, check=True, capture_output=True, text=True
            ).stdout.strip()
        )
        old = unpack(base, Path(scratch) / "old")
        new = HERE
        for source in [] if args.no_compare else files:
            for root in ROOT_MODES:
                results = [run_import(code, source, Path(scratch) / "run", root) for code in (old, new)]
                differ += differences(results, ("old", "new"), root, source)
        if args.time:
            source = files[0]
            cpu: dict[str, list[float]] = {"old": [], "new": []}
            peak: dict[str, list[int]] = {"old": [], "new": []}
            for _ in range(args.time):
                for name, code in (("old", old), ("new", new)):
                    seconds, kib = timed_import(code, source, Path(scratch) / "time")
                    cpu[name].append(seconds)
                    peak[name].append(kib)
            for name in ("old", "new"):
                print(
                    f"{name}: median {statistics.median(cpu[name]):.2f} s CPU "
                    f"({', '.join(f'{s:.2f}' for s in cpu[name])}), peak {max(peak[name]) / 1024:.0f} MiB"
                )
            print(f"new/old: {statistics.median(cpu['new']) / statistics.median(cpu['old']):.2f}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

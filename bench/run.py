"""Benchmark whole mindmap commands as processes against floors measured in the same run.

    python bench/run.py [--sizes 1000,10000,100000] [--repeat 5] [--quick]

Each row is the median of --repeat runs of a new process (`.venv/bin/mindmap ...`), with its peak
resident memory (from wait4). Command rows are compared with the start-up floor (a trivial Typer
command, bench/floor_cli.py); the load+save row with the I/O floor (orjson parsing and dumping the
same file, bench/io_probe.py), both timed inside the process. Two more floors, bench/floor_stack.py,
add the libraries the project requires (networkx; Typer, networkx and graphviz for SVG) and show how
much of the start-up targets they take. Commands and formats that this
version of mindmap lacks are skipped with a note, so rows light up as features are merged: to
benchmark a new command or format, add one line to CASES.
Writes bench/results.md and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SECTORS, SUBSECTORS  # noqa: E402

BIN = Path(sys.executable).parent
MINDMAP = str(BIN / "mindmap")
ENV = {**os.environ, "MINDMAP_USER": "bench", "NO_COLOR": "1", "MINDMAP_LOCK_TIMEOUT": "60"}
ENV.pop("MINDMAP_FILE", None)
# Measure what users run: compiled modules cached (pip compiles installed packages; an editable
# install only caches them if allowed). The cache goes outside the worktree.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "mindmap-bench-pycache")


@dataclass
class Sample:
    seconds: float  # CPU time (user + system): what the command costs, even on a busy machine
    peak_mb: float
    wall: float = 0.0


@dataclass
class Row:
    command: str
    size: str
    seconds: float | None = None
    wall: float | None = None
    ratio: float | None = None
    floor: str = ""
    peak_mb: float | None = None
    floor_seconds: float = 0.0
    note: str = ""


@dataclass
class Context:
    """What the command lines of one size refer to: its map, a few nodes, and a scratch folder."""

    size: int
    map_path: Path
    work: Path
    org_label: str
    org_id: str
    other_id: str
    parents: list[str]
    sources: dict[str, Path] = field(default_factory=dict)


@dataclass
class Case:
    """One benchmarked command: ARGV(context, run) after `mindmap --map MAP`; skipped if NEEDS is missing."""

    name: str
    argv: Callable[[Context, int], list[str]]
    command: str
    format_needed: tuple[str, str] | None = None  # (extension, "read" or "write")
    max_size: int | None = None
    fresh_map: bool = False  # run against a new empty map (imports)
    ok_codes: tuple[int, ...] = (0,)  # diff exits 1 to say "different"; a failure also prints "Error:"


def _import_case(ext: str) -> Case:
    return Case(
        f"import .{ext}",
        lambda c, i: ["import", str(c.sources[ext])],
        "import",
        (ext, "read"),
        fresh_map=True,
    )


def _export_case(ext: str, max_size: int | None = None) -> Case:
    return Case(
        f"export .{ext}", lambda c, i: ["export", str(c.work / f"out.{ext}")], "export", (ext, "write"), max_size
    )


# The table of benchmarked commands. Rows whose command or format is missing are skipped with a note.
CASES: list[Case] = [
    Case("add", lambda c, i: ["add", "org", f"Bench org {i}", "--under", c.parents[0]], "add"),
    Case("move", lambda c, i: ["move", c.org_label, "--under", c.parents[i % 2]], "move"),
    Case("rename", lambda c, i: ["rename", c.other_id, f"Renamed org {i}"], "rename"),
    Case("set", lambda c, i: ["set", c.org_id, "--attr", f"bench={i}"], "set"),
    Case("show", lambda c, i: ["show", c.org_label], "show"),
    Case("tree", lambda c, i: ["tree"], "tree"),
    Case("find", lambda c, i: ["find", "instagram"], "find"),
    Case("check", lambda c, i: ["check"], "check"),  # the generated maps have no faults: check exits 0
    Case("stats", lambda c, i: ["stats"], "stats"),
    Case("diff", lambda c, i: ["diff", str(c.map_path), str(c.sources["other"])], "diff", ok_codes=(0, 1)),
    _export_case("json"),
    _export_case("txt"),
    _export_case("mm"),
    _export_case("opml"),
    _export_case("md"),
    _export_case("csv"),
    _export_case("svg", max_size=1_000),
    _export_case("html", max_size=1_000),
    _import_case("json"),
    _import_case("mm"),
    _import_case("opml"),
    _import_case("md"),
    _import_case("csv"),
]


def run_process(argv: list[str], *, capture: bool = False) -> tuple[Sample, int, str, str]:
    """Run ARGV; return its wall time and peak RSS, exit code, stdout (if CAPTURE) and stderr."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out if capture else subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        return (
            Sample(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, elapsed),
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.seconds for s in samples),
        max(s.peak_mb for s in samples),
        statistics.median(s.wall for s in samples),
    )


def available() -> tuple[set[str], dict[str, set[str]]]:
    """Return the installed mindmap's command names and, per extension, whether it reads/writes."""
    probe = "import typer.main, mindmap.cli as c; print(' '.join(typer.main.get_command(c.app).commands))"
    commands = set(subprocess.run([str(BIN / "python"), "-c", probe], capture_output=True, text=True).stdout.split())
    formats: dict[str, set[str]] = {}
    listing = subprocess.run([MINDMAP, "formats", "--json"], capture_output=True, text=True, env=ENV)
    for entry in json.loads(listing.stdout or "[]"):
        for ext in entry["extensions"]:
            able = formats.setdefault(ext.lstrip("."), set())
            able.update(word for word in ("read", "write") if entry[word])
    return commands, formats


FLOOR_ARGV = [str(BIN / "python"), str(HERE / "floor_cli.py")]
STACK_FLOOR_ARGV = [str(BIN / "python"), str(HERE / "floor_stack.py")]


def start_up_floor(repeat: int) -> Sample:
    run_process(FLOOR_ARGV)  # warm the file cache
    return median([run_process(FLOOR_ARGV)[0] for _ in range(repeat)])


def stack_floor_row(floor: Sample, repeat: int) -> Row:
    """Time the start-up floor with networkx imported (the required stack), alternately with the plain floor."""
    run_process(STACK_FLOOR_ARGV)  # warm the file cache
    plain, stack = [], []
    for _ in range(repeat):
        plain.append(run_process(FLOOR_ARGV)[0])
        stack.append(run_process(STACK_FLOOR_ARGV)[0])
    mine, base = median(stack), median(plain)
    return Row(STACK_FLOOR, "-", mine.seconds, mine.wall, mine.seconds / base.seconds, "start-up", mine.peak_mb)


STACK_FLOOR = "start-up floor with networkx (the required stack)"


def io_rows(ctx: Context, repeat: int) -> list[Row]:
    """Time load+save in-process for mindmap and for the orjson floor, interleaved."""
    rows = []
    results: dict[str, list[Sample]] = {"orjson": [], "mindmap": []}
    for index in range(repeat + 1):
        for mode in results:
            sample, code, out, err = run_process(
                [str(BIN / "python"), str(HERE / "io_probe.py"), mode, str(ctx.map_path), str(index)], capture=True
            )
            if code != 0:
                raise SystemExit(f"io_probe {mode} failed: {err.strip()}")
            if index:  # the first round warms the caches
                cpu, wall = (float(x) for x in out.split())
                results[mode].append(Sample(cpu, sample.peak_mb, wall))
    floor = median(results["orjson"])
    mine = median(results["mindmap"])
    size = f"{ctx.size:,}"
    rows.append(Row("I/O floor: orjson parse + dump", size, floor.seconds, floor.wall, 1.0, "I/O", floor.peak_mb))
    ratio = mine.seconds / floor.seconds
    rows.append(Row("load + save (MapFile)", size, mine.seconds, mine.wall, ratio, "I/O", mine.peak_mb))
    return rows


SVG_SIZE = 500  # issue 9: ".svg export of a 500-node map in a new process with a warm cache: under 1 s"


def svg_rows(root: Path, repeat: int, commands: set[str], formats: dict[str, set[str]]) -> list[Row]:
    """Time `mindmap export x.svg` of a 500-node map against rendering its DOT directly, interleaved."""
    from mindmap.formats._layouts import LAYOUTS

    size = f"{SVG_SIZE:,}"
    name = "export .svg (warm cache)"
    if "export" not in commands or "write" not in formats.get("svg", set()):
        return [Row(name, size, note="skipped: no .svg export yet")]
    if "write" not in formats.get("dot", set()):
        return [Row(name, size, note="skipped: no .dot export to render directly")]
    folder = root / "svg"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(BIN / "python"), str(HERE / "generate.py"), str(SVG_SIZE), str(folder)],
        capture_output=True,
        env=ENV,
        check=True,
    )
    map_path, dot = folder / "map.json", folder / "map.dot"
    _, code, _, err = run_process([MINDMAP, "--map", str(map_path), "export", str(dot)])
    if code != 0:
        return [Row(name, size, note=f"failed: exporting the DOT: {err.strip()[-100:]}")]
    argvs = {
        "floor": [
            str(BIN / "python"),
            str(HERE / "render_dot.py"),
            str(dot),
            LAYOUTS["radial"],
            str(folder / "floor.svg"),
            str(folder / "graphviz.cwasm"),
        ],
        "stack": [
            str(BIN / "python"),
            str(HERE / "floor_stack.py"),
            "--render",
            str(dot),
            LAYOUTS["radial"],
            str(folder / "stack.svg"),
            str(folder / "graphviz.cwasm"),
        ],
        "mindmap": [MINDMAP, "--map", str(map_path), "export", str(folder / "map.svg")],
    }
    results: dict[str, list[Sample]] = {mode: [] for mode in argvs}
    for index in range(repeat + 1):  # the first run of each fills its cache of the compiled Graphviz
        for mode, argv in argvs.items():
            sample, code, _, err = run_process(argv)
            if code != 0:
                return [Row(name, size, note=f"failed: {mode}: {err.strip()[-100:]}")]
            if index:
                results[mode].append(sample)
    floor, stack, mine = (median(results[mode]) for mode in ("floor", "stack", "mindmap"))
    return [
        Row("SVG floor: render the same DOT directly", size, floor.seconds, floor.wall, 1.0, "SVG", floor.peak_mb),
        Row(SVG_STACK_FLOOR, size, stack.seconds, stack.wall, stack.seconds / floor.seconds, "SVG", stack.peak_mb),
        Row(name, size, mine.seconds, mine.wall, mine.seconds / floor.seconds, "SVG", mine.peak_mb, floor.seconds),
    ]


SVG_STACK_FLOOR = "SVG floor with Typer, networkx and graphviz imported (the required stack)"


def prepare(size: int, root: Path) -> Context:
    folder = root / str(size)
    folder.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(
        [str(BIN / "python"), str(HERE / "generate.py"), str(size), str(folder)],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    refs = json.loads(made.stdout)
    parents = SECTORS[:2] if size < 10_000 else [f"{SECTORS[0]} ({SUBSECTORS[0]})", f"{SECTORS[1]} ({SUBSECTORS[1]})"]
    ctx = Context(size, folder / "map.json", folder, refs["org_label"], refs["org_id"], refs["other_id"], parents)
    ctx.sources["other"] = folder / "other.json"
    ctx.sources["json"] = folder / "source.json"
    return ctx


def make_source(ctx: Context, ext: str) -> str | None:
    """Export the map as EXT once (untimed) so that its import can be timed; return an error or None."""
    target = ctx.work / f"source.{ext}"
    _, code, _, err = run_process([MINDMAP, "--map", str(ctx.map_path), "export", str(target)])
    if code != 0:
        return err.strip().splitlines()[-1] if err.strip() else f"exit {code}"
    ctx.sources[ext] = target
    return None


def fresh_map(ctx: Context) -> Path:
    from mindmap.journal import journal_path
    from mindmap.model import MindMap
    from mindmap.store import MapFile

    path = ctx.work / "import-target.json"
    MapFile(path).create(MindMap("Import target"), force=True)
    journal_path(path).unlink(missing_ok=True)  # each import starts from the same state, journal included
    return path


def case_rows(ctx: Context, floor: Sample, repeat: int, commands: set[str], formats: dict[str, set[str]]) -> list[Row]:
    rows = []
    size = f"{ctx.size:,}"
    for case in CASES:
        if case.command not in commands:
            rows.append(Row(case.name, size, note=f"skipped: no `mindmap {case.command}` yet"))
            continue
        if case.format_needed:
            ext, able = case.format_needed
            if able not in formats.get(ext, set()):
                rows.append(Row(case.name, size, note=f"skipped: no format that can {able} .{ext} yet"))
                continue
            if able == "read" and ext not in ctx.sources:
                if "write" not in formats.get(ext, set()):
                    rows.append(Row(case.name, size, note=f"skipped: cannot make a .{ext} to import"))
                    continue
                problem = make_source(ctx, ext)
                if problem:
                    rows.append(Row(case.name, size, note=f"skipped: exporting the source failed: {problem}"))
                    continue
        if case.max_size is not None and ctx.size > case.max_size:
            rows.append(Row(case.name, size, note=f"skipped above {case.max_size:,} nodes"))
            continue
        samples = []
        floors = []
        failure = ""
        for index in range(repeat + 1):
            # The floor runs next to each command run, so that both see the same load on the machine.
            floors.append(run_process(FLOOR_ARGV)[0])
            map_path = fresh_map(ctx) if case.fresh_map else ctx.map_path
            sample, code, _, err = run_process([MINDMAP, "--map", str(map_path), *case.argv(ctx, index)])
            if code not in case.ok_codes or (code != 0 and "Error:" in err):
                failure = err.strip().splitlines()[-1] if err.strip() else f"exit {code}"
                break
            if index:  # the first run warms the caches
                samples.append(sample)
        if failure:
            rows.append(Row(case.name, size, note=f"failed: {failure[:100]}"))
            continue
        result = median(samples)
        FLOOR_SAMPLES.extend(sample.seconds for sample in floors[1:])
        floor_seconds = median(floors[1:]).seconds
        ratio = result.seconds / floor_seconds
        rows.append(Row(case.name, size, result.seconds, result.wall, ratio, "start-up", result.peak_mb, floor_seconds))
    return rows


# Every start-up floor run of the benchmark. Growth subtracts the floor from both sizes, so it takes
# the median of all of them: the three runs beside one command vary by tens of milliseconds on a shared
# machine, as much as the whole work of a small command, and made growth swing from 2x to 30x.
FLOOR_SAMPLES: list[float] = []


def growth_notes(rows: list[Row], floor: Sample, sizes: list[int]) -> list[str]:
    """Return, per command, the time above the start-up floor at 10x the nodes, as a multiple."""
    steady = statistics.median(FLOOR_SAMPLES) if FLOOR_SAMPLES else floor.seconds
    notes = []
    by_key = {(r.command, r.size): r for r in rows if r.seconds is not None}
    for small, big in zip(sizes, sizes[1:], strict=False):
        if big != small * 10:
            continue
        for row in rows:
            if row.size != f"{big:,}" or row.seconds is None or row.floor != "start-up":
                continue
            before = by_key.get((row.command, f"{small:,}"))
            if before is None or before.seconds is None:
                continue
            above_small = max(before.seconds - steady, 0.001)
            growth = (row.seconds - steady) / above_small
            notes.append(f"{row.command}: {small:,} -> {big:,} nodes costs {growth:.1f}x above the floor")
    return notes


def target_notes(rows: list[Row]) -> list[str]:
    """Return one line per target of issue 9 that this run measured, saying met or missed."""
    notes = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    # The stack floors' ratios are to the floors they ran alternately with, as the commands' ratios are.
    stack = {row.command: row.ratio for row in rows if row.command in (STACK_FLOOR, SVG_STACK_FLOOR)}
    for row in rows:
        if row.seconds is None or row.ratio is None:
            continue
        if row.command == "add" and row.size == "1,000":
            notes.append(
                f"add on 1,000 nodes at most 1.3x the start-up floor: {row.ratio:.2f}x, {verdict(row.ratio <= 1.3)}"
            )
            if stack.get(STACK_FLOOR):
                notes.append(
                    f"  (importing networkx, which the model requires, makes the floor {stack[STACK_FLOOR]:.2f}x; "
                    f"add is {row.ratio / stack[STACK_FLOOR]:.2f}x that floor)"
                )
        if row.command in ("add", "move", "rename") and row.size == "100,000":
            notes.append(f"{row.command} on 100,000 nodes under 1 s: {row.seconds:.2f} s, {verdict(row.seconds < 1)}")
        if row.command.startswith("export .svg (warm"):
            notes.append(f"export .svg of {row.size} nodes under 1 s: {row.seconds:.2f} s, {verdict(row.seconds < 1)}")
            notes.append(
                f"export .svg at most 10% over rendering the same DOT directly: {row.ratio:.2f}x, "
                f"{verdict(row.ratio <= 1.1)}"
            )
            if stack.get(SVG_STACK_FLOOR):
                notes.append(
                    f"  (rendering it directly in a process that also imports Typer, networkx and graphviz, which "
                    f"mindmap requires, is {stack[SVG_STACK_FLOOR]:.2f}x; export is "
                    f"{row.ratio / stack[SVG_STACK_FLOOR]:.2f}x that)"
                )
        if row.command.startswith("load + save"):
            notes.append(
                f"load + save at most 3x the I/O floor ({row.size} nodes): {row.ratio:.2f}x, {verdict(row.ratio <= 3)}"
            )
    peak = max((row.peak_mb for row in rows if row.peak_mb is not None), default=0.0)
    if peak:
        notes.append(f"peak memory under 400 MB: {peak:.0f} MB at most, {verdict(peak < 400)}")
    return notes


def render(rows: list[Row], floor: Sample, sizes: list[int], repeat: int) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}; median of {repeat} runs.",
        "Times are CPU seconds (user + system, from wait4), which stay meaningful on a shared, busy "
        "machine; wall seconds are shown beside them. Command rows time a whole `mindmap` process and "
        "compare it with the start-up floor (a trivial Typer command, run alternately with the command); "
        "the load+save rows are timed inside the process and compared with orjson parsing and dumping "
        "the same file. `import .json` grafts an outline of topics of the same size into an empty map.",
        "",
        "| command | size | median CPU s | median wall s | ratio to floor (CPU) | peak MB |",
        "|---|---:|---:|---:|---:|---:|",
        f"| start-up floor: Typer hello | - | {floor.seconds:.3f} | {floor.wall:.3f} | 1.00 | {floor.peak_mb:.0f} |",
    ]
    skipped = []
    for row in rows:
        if row.seconds is None:
            skipped.append(f"- {row.command} ({row.size} nodes): {row.note}")
            continue
        lines.append(
            f"| {row.command} | {row.size} | {row.seconds:.3f} | {row.wall:.3f} | {row.ratio:.2f} ({row.floor}) "
            f"| {row.peak_mb:.0f} |"
        )
    targets = target_notes(rows)
    if targets:
        # A note that starts with spaces explains the one above it: a nested item.
        items = [f"  - {t.strip()}" if t.startswith(" ") else f"- {t}" for t in targets]
        lines += ["", "Targets (issue 9, on CPU seconds):", ""] + items
    growth = growth_notes(rows, floor, sizes)
    if growth:
        heading = "Growth (10x the nodes; target at most 12x), above the median of all the start-up floor runs:"
        lines += ["", heading, ""] + [f"- {g}" for g in growth]
    if skipped:
        seen = []
        for item in skipped:  # one note per command is enough when it is skipped at every size
            short = item.split(" (")[0] + ": " + item.split("): ", 1)[1]
            if short not in seen:
                seen.append(short)
        lines += ["", "Not measured:", ""] + seen
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="Comma-separated map sizes in nodes.")
    parser.add_argument("--repeat", type=int, default=5, help="Runs per measurement (the median is kept).")
    parser.add_argument("--quick", action="store_true", help="Sizes 1000 and 10000, 3 runs each.")
    parser.add_argument("--output", default=str(HERE / "results.md"), help="Where to write the table.")
    parser.add_argument("--only", default="", help="Comma-separated command rows to run, e.g. 'add,import .json'.")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    repeat = args.repeat
    if args.quick:
        sizes, repeat = [s for s in sizes if s <= 10_000] or [1000], min(repeat, 3)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        CASES[:] = [case for case in CASES if case.name in wanted]
    commands, formats = available()
    floor = start_up_floor(max(repeat, 5))
    rows: list[Row] = [stack_floor_row(floor, max(repeat, 5))]
    with tempfile.TemporaryDirectory(prefix="mindmap-bench-") as scratch:
        for size in sizes:
            print(f"size {size:,}: generating", file=sys.stderr, flush=True)
            ctx = prepare(size, Path(scratch))
            print(f"size {size:,}: measuring", file=sys.stderr, flush=True)
            rows += io_rows(ctx, repeat)
            rows += case_rows(ctx, floor, repeat, commands, formats)
        if not args.only or "export .svg" in {name.strip() for name in args.only.split(",")}:
            print(f"size {SVG_SIZE:,}: measuring export .svg against the DOT rendered directly", file=sys.stderr)
            rows += svg_rows(Path(scratch), repeat, commands, formats)
    text = render(rows, floor, sizes, repeat)
    Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()

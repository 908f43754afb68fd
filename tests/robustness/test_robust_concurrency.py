"""Nothing lost when people edit at once: concurrent commands, a killed lock holder, a live one.

Eight worker processes edit one map at once. In the "cli" variant each worker runs the command line's
entry point in its own process for each edit (as `mindmap` does, minus the interpreter's start-up, so that
400 edits take seconds); in the "executable" variant every edit is a separate `mindmap` process. Each worker
makes 2 + 3 x ROUNDS edits: MINDMAP_CLI_ROUNDS (default 16: 50 edits) and MINDMAP_EXECUTABLE_ROUNDS (default
1: 5 edits, since each process costs about 0.4 s of start-up; `make stress` runs 16) set the rounds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mindmap.store import MapFile

WORKERS = 8
ROUNDS = {
    "cli": int(os.environ.get("MINDMAP_CLI_ROUNDS", "16")),
    "executable": int(os.environ.get("MINDMAP_EXECUTABLE_ROUNDS", "1")),
}


def mindmap_command() -> list[str]:
    """Return how to run the installed command line: the venv's executable, else `python -m mindmap`."""
    installed = Path(sys.executable).with_name("mindmap")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "mindmap"]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINDMAP_")}
    env.update({"MINDMAP_USER": "tester", "NO_COLOR": "1", **extra})
    return env


WORKER = textwrap.dedent(
    """
    import contextlib, io, subprocess, sys
    mode, command, map_path = sys.argv[1], sys.argv[2].split("\\0"), sys.argv[3]
    worker, rounds = int(sys.argv[4]), int(sys.argv[5])

    def mindmap(*args):
        if mode == "executable":
            done = subprocess.run([*command, "--map", map_path, *args], capture_output=True, text=True)
            code, out, err = done.returncode, done.stdout, done.stderr
        else:
            from mindmap.cli import app
            out_buffer, err_buffer = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
                try:
                    app(["--map", map_path, *args], prog_name="mindmap")
                    code = 0
                except SystemExit as exit:
                    code = exit.code
            out, err = out_buffer.getvalue(), err_buffer.getvalue()
        if code != 0:
            sys.exit(f"worker {worker}: mindmap {' '.join(args)} failed ({code}): {err.strip()}")
        return out.strip()

    first = mindmap("add", "sector", f"Worker {worker} A")
    second = mindmap("add", "sector", f"Worker {worker} B")
    for index in range(rounds):
        node = mindmap("add", "org", f"w{worker} org {index}", "--under", first)
        mindmap("rename", node, f"w{worker} renamed {index}")
        mindmap("move", node, "--under", second)
    """
)


@pytest.mark.parametrize("mode", ["cli", "executable"])
def test_eight_processes_editing_at_once_lose_nothing(mode: str, tmp_path: Path) -> None:
    rounds = ROUNDS[mode]
    map_path = tmp_path / "shared.json"
    command = mindmap_command()
    env = environment()
    subprocess.run([*command, "--map", str(map_path), "init", "Shared map"], check=True, env=env)
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, mode, "\0".join(command), str(map_path), str(worker), str(rounds)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    failures = [p.stderr.read() if p.wait(timeout=900) and p.stderr else "" for p in workers]
    elapsed = time.perf_counter() - started
    assert not any(failures), failures

    mindmap = MapFile(map_path).load()  # validates the whole file
    for worker in range(WORKERS):
        first = mindmap.resolve(f"Worker {worker} A")
        second = mindmap.resolve(f"Worker {worker} B")
        assert mindmap.children(first) == []
        assert [mindmap.label(kid) for kid in mindmap.children(second)] == [
            f"w{worker} renamed {index}" for index in range(rounds)
        ]
    assert len(mindmap) == 1 + WORKERS * (2 + rounds)
    per_worker = 2 + 3 * rounds
    edits = WORKERS * per_worker
    print(
        f"\n{mode}: {WORKERS} processes x {per_worker} edits = {edits} edits in {elapsed:.1f} s "
        f"({edits / elapsed:.1f} edits/s); all present, the file valid"
    )


HOLDER = textwrap.dedent(
    """
    import sys, time
    from mindmap.store import MapFile
    held = MapFile(sys.argv[1]).locked()
    held.__enter__()
    print("locked", flush=True)
    time.sleep(600)
    """
)


def hold_lock(map_path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(map_path)], stdout=subprocess.PIPE, text=True, env=environment()
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def new_map(tmp_path: Path) -> Path:
    map_path = tmp_path / "map.json"
    shutil.copyfile(Path(__file__).parent / "bad_inputs" / "valid.json", map_path)
    return map_path


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    map_path = new_map(tmp_path)
    holder = hold_lock(map_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert MapFile(map_path).lock_path.exists()  # the lock file stays; the lock itself died with its holder
    done = subprocess.run(
        [*mindmap_command(), "--map", str(map_path), "add", "sector", "Music"],
        capture_output=True,
        text=True,
        env=environment(MINDMAP_LOCK_TIMEOUT="20"),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Music" in [n.label for n in MapFile(map_path).load().nodes()]


def test_lock_held_by_a_live_process_times_out_with_a_clear_error(tmp_path: Path) -> None:
    map_path = new_map(tmp_path)
    before = map_path.read_bytes()
    holder = hold_lock(map_path)
    try:
        done = subprocess.run(
            [*mindmap_command(), "--map", str(map_path), "add", "sector", "Music"],
            capture_output=True,
            text=True,
            env=environment(MINDMAP_LOCK_TIMEOUT="0.5"),
            timeout=120,
        )
        reading = subprocess.run(
            [*mindmap_command(), "--map", str(map_path), "tree"],
            capture_output=True,
            text=True,
            env=environment(MINDMAP_LOCK_TIMEOUT="0.5"),
            timeout=120,
        )
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: {map_path} is locked by another mindmap command (waited 0.5 s); try again when it has finished"
    ]
    assert map_path.read_bytes() == before
    assert reading.returncode == 0, "reading never waits for the lock: saves replace the file whole"
    assert "Derby QUAD" in reading.stdout

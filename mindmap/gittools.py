"""Git integration: the merge driver and textconv set-up, maps at a revision, and the text git diff shows."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from mindmap.errors import MapFileError, MindmapError
from mindmap.model import MindMap

DRIVER = "mindmap"
# git runs these through the shell, with %O %A %B (temporary files) and %P (the map's path) quoted.
MERGE_ARGUMENTS = "merge %O %A %B -o %A --name %P"
MERGE_NAME = "mindmap three-way merge by node id"
TEXTCONV_ARGUMENTS = "git-textconv"
MAPS_PATTERN = "maps/*.json"
ATTRIBUTES = f"merge={DRIVER} diff={DRIVER}"
# The journal and the lock are per person: git-setup keeps them out of git in .git/info/exclude.
EXCLUDES = (".*.journal", ".*.lock")


def git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run git with ARGS in CWD; raise MindmapError with git's message when it fails and CHECK."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise MindmapError("git is not installed (or not on PATH)") from None
    except (OSError, subprocess.SubprocessError) as error:
        raise MindmapError(f"cannot run git: {error}") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MindmapError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done


def top_level(folder: Path) -> Path:
    """Return the top folder of the git work tree that holds FOLDER."""
    if not folder.is_dir():
        raise MindmapError(f"no folder {str(folder)!r}")
    done = git(["rev-parse", "--show-toplevel"], folder, check=False)
    if done.returncode != 0:
        raise MindmapError(f"{folder} is not inside a git repository; run 'git init' first")
    return Path(done.stdout.decode().strip())


def show_at_revision(map_path: Path, revision: str) -> bytes:
    """Return the bytes of MAP_PATH as it was at the git REVISION."""
    folder = map_path.parent if str(map_path.parent) else Path(".")
    top_level(folder.resolve() if folder.exists() else folder)
    done = git(["show", f"{revision}:./{map_path.name}"], folder, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MapFileError(f"cannot read {map_path} at {revision!r}: {message[-1] if message else 'git show failed'}")
    return done.stdout


def mindmap_program() -> str:
    """Return how git should run mindmap: by this installation's full path, else by name."""
    # A driver named 'mindmap' fails wherever PATH lacks it (a shell without the virtual environment, an
    # editor's or a desktop git client): git then keeps our side alone and says only "CONFLICT (content)",
    # so adding and committing the file would drop their changes. The full path works from anywhere.
    beside = Path(sys.executable).parent / "mindmap"
    if beside.is_file():
        return shlex.quote(str(beside))
    return shlex.quote(found) if (found := shutil.which("mindmap")) else "mindmap"


def setup(map_path: Path, folder: Path, *, textconv: bool = True) -> list[str]:
    """Register the merge driver (and the textconv diff) in FOLDER's repository; return what changed."""
    top = top_level(folder)
    changed: list[str] = []
    patterns = [MAPS_PATTERN]
    target = (folder / map_path).resolve() if not map_path.is_absolute() else map_path.resolve()
    try:
        relative = target.relative_to(top.resolve()).as_posix()
    except ValueError:
        relative = None
    if relative and not Path(relative).match(MAPS_PATTERN):
        patterns.append("/" + relative.replace(" ", "[[:space:]]"))
    attributes = top / ".gitattributes"
    text = attributes.read_text("utf-8") if attributes.exists() else ""
    lines = text.splitlines()
    added = [f"{pattern} {ATTRIBUTES}" for pattern in patterns if f"{pattern} {ATTRIBUTES}" not in lines]
    if added:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        attributes.write_text(prefix + "\n".join(added) + "\n", "utf-8")
        changed.extend(f".gitattributes: {line}" for line in added)
    program = mindmap_program()
    wanted = {f"merge.{DRIVER}.name": MERGE_NAME, f"merge.{DRIVER}.driver": f"{program} {MERGE_ARGUMENTS}"}
    if textconv:
        wanted[f"diff.{DRIVER}.textconv"] = f"{program} {TEXTCONV_ARGUMENTS}"
    for key, value in wanted.items():
        current = git(["config", "--local", "--get", key], top, check=False).stdout.decode().strip()
        if current != value:
            git(["config", "--local", key, value], top)
            changed.append(f"git config {key} = {value}")
    if not textconv and git(["config", "--local", "--get", f"diff.{DRIVER}.textconv"], top, check=False).stdout:
        git(["config", "--local", "--unset", f"diff.{DRIVER}.textconv"], top)
        changed.append(f"git config: removed diff.{DRIVER}.textconv")
    git_dir = Path(git(["rev-parse", "--git-common-dir"], top).stdout.decode().strip())
    exclude = (git_dir if git_dir.is_absolute() else top / git_dir) / "info" / "exclude"
    old = exclude.read_text("utf-8") if exclude.exists() else ""
    missing = [line for line in EXCLUDES if line not in old.splitlines()]
    if missing:
        exclude.parent.mkdir(parents=True, exist_ok=True)
        prefix = old if not old or old.endswith("\n") else old + "\n"
        exclude.write_text(prefix + "\n".join(missing) + "\n", "utf-8")
        changed.extend(f"info/exclude: {line}" for line in missing)
    return changed


def tracked_private_files(folder: Path) -> list[Path]:
    """Return the journal and lock files of FOLDER's repository that git tracks already."""
    # info/exclude only keeps untracked files out: a journal committed before `git-setup` stays tracked, and
    # two people's journals then conflict in every merge.
    top = top_level(folder)
    patterns = [f":(glob)**/{pattern}" for pattern in EXCLUDES]
    done = git(["ls-files", "-z", "--", *patterns], top, check=False)
    return sorted(top / name for name in done.stdout.decode("utf-8", "replace").split("\0") if name)


def textconv(mindmap: MindMap) -> str:
    """Return the map as indented text with ids and fields, one line per value, for `git diff` to compare."""
    out = [f"# {mindmap.meta.title}"]
    meta = mindmap.meta.to_dict()
    for key in ("authors", "license", "description", "created"):
        if meta.get(key):
            out.append(f"#   {key}: {', '.join(meta[key]) if key == 'authors' else meta[key]}")
    for key, value in sorted(meta.get("extra", {}).items()):
        out.append(f"#   extra {key}: {value}")
    for node_id, depth in mindmap.walk():
        node = mindmap.node(node_id)
        indent = "  " * depth
        label = node.label.replace("\n", "\\n")
        out.append(f"{indent}- [{node.kind}] {label}  {{{node_id}}}")
        values = [(name, getattr(node, name)) for name in ("url", "platform", "handle", "note", "color")]
        values += [(f"attr {key}", value) for key, value in node.attributes.items()]
        values += [("added", f"{node.added_by} {node.added_at}".strip())]
        if node.folded:
            values.append(("folded", "yes"))
        for name, value in values:
            if value:
                out.append(f"{indent}    {name}: {str(value).replace(chr(10), chr(92) + 'n')}")
        for link in mindmap.links_from(node_id):
            shown = f" ({link.label})" if link.label else ""
            out.append(f"{indent}    link -> {mindmap.display_path(link.target)}{shown}  {{{link.target}}}")
    return "\n".join(out) + "\n"

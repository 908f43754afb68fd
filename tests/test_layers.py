"""Imports point one way: cli -> library -> formats -> model -> channels -> errors (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mindmap"

# The library: what the command line calls, each a Python API of its own. They may use the formats
# (store, journal and diff read and write the map file as JSON; importing reads any format).
LIBRARY = {"store", "journal", "diff", "merge", "importing", "combining", "checks", "stats", "kinds", "gittools"}
LIBRARY |= {"editing", "exporting"}

# Imports that point up, each on purpose; the reason is in a comment where the import is.
ALLOWED_UPWARD = {
    # MindMap.combine hands the work to combining, which changes the map through MindMap's own methods;
    # imported inside the method, so the model does not load it until a combine.
    ("mindmap.model", "mindmap.combining"),
}


def layer(module: str) -> int:
    """Return the layer of MODULE (a dotted name in mindmap): a module imports only from its own layer or lower."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top == "errors":
        return 0
    if top == "channels":  # what links say (platform, handle): needs nothing but errors, the model uses it
        return 1
    if top == "model":
        return 2
    if top == "formats":
        return 3
    if top in LIBRARY or top == "":  # "" is the package itself: its names come from model and store
        return 4
    if top == "cli":
        return 5
    if top == "__main__":
        return 6
    raise AssertionError(f"{module} has no layer: add it to tests/test_layers.py and docs/architecture.md")


def module_name(path: Path, root: Path) -> str:
    """Return the dotted name of the module at PATH in the package at ROOT."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, submodules: set[str]) -> set[str]:
    """Return the mindmap modules SOURCE imports anywhere (in functions and under TYPE_CHECKING too)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "mindmap"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mindmap":
            for alias in node.names:
                # `from mindmap import channels` imports a module; `from mindmap import MapFile` a name.
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in submodules else node.module)
    return found


def upward_imports(sources: dict[str, str]) -> list[str]:
    """Return 'A imports B' for each import in SOURCES (module -> text) from a higher layer."""
    names = set(sources)
    wrong = []
    for module, source in sorted(sources.items()):
        for target in sorted(imported_modules(source, names)):
            if layer(target) > layer(module) and (module, target) not in ALLOWED_UPWARD:
                wrong.append(f"{module} imports {target}")
    return wrong


def package_sources() -> dict[str, str]:
    """Return the text of every module in the mindmap package, by dotted name."""
    return {module_name(path, PACKAGE): path.read_text("utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


def test_imports_point_down_the_layers() -> None:
    assert upward_imports(package_sources()) == []


def test_every_module_has_a_layer() -> None:
    for module in package_sources():
        layer(module)


@pytest.mark.parametrize(
    ("module", "source", "found"),
    [
        ("mindmap.model", "from mindmap.formats import counted\n", "mindmap.model imports mindmap.formats"),
        ("mindmap.model", "def f():\n    from mindmap import store\n", "mindmap.model imports mindmap.store"),
        ("mindmap.formats.text", "import mindmap.cli._app\n", "mindmap.formats.text imports mindmap.cli._app"),
        ("mindmap.channels", "from mindmap.model import MindMap\n", "mindmap.channels imports mindmap.model"),
        ("mindmap.journal", "from mindmap.cli import main\n", "mindmap.journal imports mindmap.cli"),
    ],
)
def test_an_upward_import_is_found(module: str, source: str, found: str) -> None:
    sources = package_sources() | {module: source}
    assert found in upward_imports(sources)


def test_the_allowed_upward_imports_are_still_there() -> None:
    sources = package_sources()
    for module, target in ALLOWED_UPWARD:
        assert target in imported_modules(sources[module], set(sources)), f"drop ({module}, {target}) from the list"


def test_only_the_model_imports_networkx() -> None:
    users = set()
    for module, source in package_sources().items():
        for node in ast.walk(ast.parse(source)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "networkx" for name in names):
                users.add(module)
    assert users == {"mindmap.model"}


# Library modules that work on a map in memory: they read and write no file, so they need no format.
IN_MEMORY = ("checks", "combining", "kinds", "merge", "stats")


@pytest.mark.parametrize("name", IN_MEMORY)
def test_in_memory_modules_import_no_format(name: str) -> None:
    sources = package_sources()
    module = f"mindmap.{name}"
    assert [target for target in imported_modules(sources[module], set(sources)) if layer(target) == 3] == []


# A module named `_x` is its package's private helper. These are used from outside on purpose:
ALLOWED_PRIVATE = {
    # An import builds its document with the readers' own helpers, so that entries are made one way only.
    ("mindmap.importing", "mindmap.formats._bulk"),
    ("mindmap.importing", "mindmap.formats._outline"),
    # The --layout help lists the layouts the DOT writer knows.
    ("mindmap.cli.exchange", "mindmap.formats._layouts"),
    ("mindmap.cli.view", "mindmap.formats._layouts"),
}


def private_imports(sources: dict[str, str]) -> set[tuple[str, str]]:
    """Return (importer, module) for each private module in SOURCES imported from outside its package."""
    found = set()
    for module, source in sources.items():
        for target in imported_modules(source, set(sources)):
            home, _, name = target.rpartition(".")
            if name.startswith("_") and not name.startswith("__") and not (module + ".").startswith(home + "."):
                found.add((module, target))
    return found


def test_private_helpers_stay_in_their_package() -> None:
    assert private_imports(package_sources()) == ALLOWED_PRIVATE


def test_a_private_helper_used_from_outside_is_found() -> None:
    sources = package_sources() | {"mindmap.stats": "from mindmap.formats._xml import parse\n"}
    assert ("mindmap.stats", "mindmap.formats._xml") in private_imports(sources)

"""The package's import graph, read from the source (ast, no import runs): no module imports another
that imports it back, however indirectly (lazy imports inside functions count too), and the faces
stay apart: the CLI, the QGIS menu (gui/) and Processing share what lies below them (core/, storage/,
qgis_common/) and never import one another, except the menu registering Processing's provider."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "plugin"

# importer -> what it may not import (by top-level part of the module name)
FORBIDDEN = {
    "processing": {"gui", "cli"},
    "cli": {"gui", "processing", "qgis_common"},
    "gui": {"cli"},
    "qgis_common": {"gui", "processing", "cli"},
    "core": {"storage", "gui", "processing", "cli", "qgis_common"},
    "storage": {"gui", "processing", "cli", "qgis_common"},
}

# The exceptions, each an edge by its full module names: `assetreg project` writes the registry project with the
# very function the plugin's action and Processing use (one project, three faces), starting QGIS offscreen
# only inside that command; no other CLI module reaches the QGIS side.
ALLOWED = {("cli.project", "qgis_common.project"), ("cli.report", "qgis_common.bulletin")}
# `assetreg report monthly` renders the bulletin's print layout with the function the Processing algorithm and
# the indicators panel use, starting QGIS offscreen only inside that command (issue 14).


# No circles: issue 12 item 4 took the last two apart (the import package; the fast validation path reaching
# the validator, validator.py, below validate.py). The list is exactly the circles there are: a new one fails
# the test, and so does one that is gone and still listed.
KNOWN_CYCLES: list[list[str]] = []


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py")) if "__pycache__" not in path.parts}


def _resolve(name: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name (inside the package, '' for its root) of a relative import."""
    parts = name.split(".") if name else []
    base = parts if is_package else parts[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *(target.split(".") if target else [])])


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's own modules that this one imports anywhere in its text (module level or lazily)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = _resolve(name, is_package, node.level, node.module)
            elif node.module and node.module.split(".")[0] == "asset_registry":
                base = node.module.partition(".")[2]
            else:
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}" if base else alias.name
                found.add(child if child in known else base)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "asset_registry":
                    found.add(alias.name.partition(".")[2])
    return {target for target in found if target in known and target != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_relative_and_lazy_imports():
    edges = graph()
    assert "cli.common" in edges["cli.kpi"]  # from . import common
    assert "core.texttable" in edges["cli.common"]  # from ..core.texttable import ...
    assert "storage.import_summary" in edges["processing.import_delivery"]  # inside processAlgorithm
    assert "gui.plugin" in edges[""]  # the package root's classFactory
    assert "processing.provider" in edges["gui.plugin"]


def test_no_import_cycle_among_the_modules():
    assert cycles(graph()) == KNOWN_CYCLES


def test_a_cycle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_the_faces_do_not_import_each_other(layer):
    offenders = [
        f"{name} imports {target}"
        for name, targets in graph().items()
        if name.split(".")[0] == layer
        for target in sorted(targets)
        if target.split(".")[0] in FORBIDDEN[layer] and (name, target) not in ALLOWED
    ]
    assert offenders == []


def test_every_allowed_exception_is_used():
    edges = graph()
    assert [(name, target) for name, target in sorted(ALLOWED) if target not in edges.get(name, set())] == []


# a compiled module is imported by its own name, underscore and all
COMPILED_MODULES = {"_fastscan"}


def private_imports(path: Path) -> list[str]:
    """Names with a leading underscore that a module imports from another module of the package."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("asset_registry")):
            found += [
                f"{'.' * node.level}{node.module or ''} import {alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__") and alias.name not in COMPILED_MODULES
            ]
    return found


def test_no_module_imports_another_modules_private_names():
    """What a module shares is public: the fast paths reach the validator and the importer through public
    functions (issue 12 item 4), not _transform, _check_file or _Run."""
    offenders = {name: found for name, path in modules().items() if (found := private_imports(path))}
    assert offenders == {}


def test_a_private_import_is_found(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from .geometry_checks import GeometryChecks, _transform\nfrom . import _fastscan\n")
    assert private_imports(module) == [".geometry_checks import _transform"]

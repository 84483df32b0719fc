"""Released revisions are frozen: they run their SQL files as written, never the living code.

A revision that imported storage/ or core/ (or read the standard) would replay today's code on an
old registry; db/versions/sql/ holds what each revision executes (scripts/render_revision.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

VERSIONS = Path(__file__).resolve().parents[2] / "db" / "versions"
REVISIONS = sorted(VERSIONS.glob("*.py"))
LIVING = ("asset_registry", "plugin")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


def test_there_are_revisions():
    assert len(REVISIONS) >= 9


@pytest.mark.parametrize("path", REVISIONS, ids=lambda path: path.name)
def test_a_revision_imports_no_living_code(path):
    living = [name for name in _imports(path) if name.startswith(".") or name.split(".")[0] in LIVING]
    assert not living, f"{path.name} imports {living}: a revision runs frozen SQL (scripts/render_revision.py)"


@pytest.mark.parametrize("path", REVISIONS, ids=lambda path: path.name)
def test_a_revision_reads_no_standard(path):
    assert not re.search(r"standards?\b|Standard\(", path.read_text(encoding="utf-8").split('"""', 2)[-1])


@pytest.mark.parametrize("path", REVISIONS, ids=lambda path: path.name)
def test_a_revision_has_its_frozen_sql(path):
    revision = re.search(r'^revision = "(\w+)"', path.read_text(encoding="utf-8"), re.M).group(1)
    for direction in ("upgrade", "downgrade"):
        frozen = VERSIONS / "sql" / f"{revision}_{direction}.sql"
        assert frozen.is_file(), f"{frozen} is missing"
        # the one value a frozen file takes at run time: the registry SRID of the city profile
        assert set(re.findall(r"\{([a-z_]+)\}", frozen.read_text(encoding="utf-8"))) <= {"registry_srid"}

"""Unit tier: no QGIS, no Qt, no database. Importing qgis or PyQt here fails the test."""

from __future__ import annotations

import importlib.abc
import sys

BLOCKED = ("qgis", "PyQt5", "PyQt6", "sip")


class _BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} may not be imported by core/ (unit tier blocks QGIS and Qt)")
        return None


for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]
sys.meta_path.insert(0, _BlockQt())

"""Importing a validated delivery into the registry (see importer.py)."""

from .importer import MODES, Area, ImportResult, file_sha256, import_delivery, importable_classes

__all__ = ["MODES", "Area", "ImportResult", "file_sha256", "import_delivery", "importable_classes"]

"""Pure-Python core: no Qt, no QGIS (enforced by ruff and by tests/unit/conftest.py)."""

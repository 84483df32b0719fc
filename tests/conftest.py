"""Fixtures every tier shares: the standard and the Zhuhai profile."""

from __future__ import annotations

import pytest
from asset_registry.core.standard import Profile, Standard, load_profile


@pytest.fixture(scope="session")
def standard() -> Standard:
    return Standard()


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile("zhuhai")

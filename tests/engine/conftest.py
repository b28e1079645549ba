"""Fixtures of the engine's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURE, copy_sources


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A private copy of the small fixture site's sources, safe to edit."""
    return copy_sources(tmp_path / "site", FIXTURE)

"""Fixtures for the self-assessment tests; plain helpers live in scoring_helpers.py."""

from __future__ import annotations

import pytest

from site_builder.assessment.scoring_old import Rules, load_rules

from .scoring_helpers import DATA, LANGS


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules(DATA, LANGS)

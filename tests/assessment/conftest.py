"""Fixtures for the self-assessment tests; plain helpers live in helpers.py."""

from __future__ import annotations

import pytest

from site_builder.assessment.load import load_rules
from site_builder.assessment.model import Rules

from .helpers import DATA, LANGS, REFERENCES


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules(DATA, LANGS, REFERENCES)

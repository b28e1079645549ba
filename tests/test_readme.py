"""The README's examples are what editors copy: its YAML must parse as written."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

README = Path(__file__).resolve().parents[1] / "README.md"
YAML_BLOCK = re.compile(r"^```ya?ml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_every_yaml_block_in_the_readme_parses() -> None:
    blocks = YAML_BLOCK.findall(README.read_text(encoding="utf-8"))
    assert blocks, "the README shows no YAML"
    for block in blocks:
        documents = [d for d in yaml.safe_load_all(block) if d is not None]
        assert documents and all(isinstance(d, dict) for d in documents), block

"""The README's examples are what editors copy: its YAML must parse as written."""

from __future__ import annotations

import gettext
import re
import shlex
import shutil
import subprocess
import sys
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


SHELL_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def catalog_commands() -> list[list[str]]:
    """The README's pybabel command lines, in their order, with the project's own pybabel."""
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    commands = []
    for block in SHELL_BLOCK.findall(README.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith(".venv/bin/pybabel "):
                commands.append([pybabel, *shlex.split(line, comments=True)[1:]])
    return commands


def test_the_readmes_catalog_commands_change_nothing_in_up_to_date_catalogs_and_compile_them(tmp_path: Path) -> None:
    root = README.parent
    for name in ("babel.cfg", "site_builder", "templates", "locales"):
        copy = shutil.copytree if (root / name).is_dir() else shutil.copy2
        copy(root / name, tmp_path / name)
    before = {p: p.read_bytes() for p in sorted((tmp_path / "locales").rglob("*.po*"))}
    verbs = [command[1] for command in catalog_commands()]
    assert verbs == ["extract", "update", "compile", "init"]

    for command in catalog_commands():
        subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)

    assert {p: p.read_bytes() for p in before} == before  # extract and update: no re-wrapping, no new entries
    assert (tmp_path / "locales/en/LC_MESSAGES/messages.mo").is_file()
    with (tmp_path / "locales/id/LC_MESSAGES/messages.mo").open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("All pages") == "Semua halaman"
    started = (tmp_path / "locales/ms/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert started.count("msgid ") == (tmp_path / "locales/messages.pot").read_text().count("msgid ") + 1  # + header

"""A translator sees what changed in the source page since the translation was marked, from the copy
`translated` keeps or from git history; readers of a stale translation are told, in its language."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from site_builder.engine.check.source_changes import COPIES
from tests.helpers import FIXTURE, all_files, cli, copy_sources, edit

ID_PAGE = "content/id/tanam-benang.md"
EN_PAGE = "content/en/thread-lift.md"


def marked(tmp_path: Path) -> Path:
    site = copy_sources(tmp_path / "site", FIXTURE)
    result = cli(site, "translated", "id/index.md", "id/tanam-benang.md", "id/tentang.md")
    assert result.returncode == 0, result.stderr
    return site


def changed_source(site: Path) -> None:
    edit(site / EN_PAGE, "## Risks {#risks}\n", "## Risks and side effects {#risks}\n")
    edit(site / EN_PAGE, "description: What a thread lift is, in the fixture.", "description: What threads do.")


def test_status_and_check_show_the_lines_changed_since_the_copy_translated_kept(tmp_path: Path) -> None:
    site = marked(tmp_path)
    assert len(list((site / COPIES).glob("*.md"))) == 3
    changed_source(site)

    status, check = cli(site, "status"), cli(site, "check")

    assert status.returncode == 0 and check.returncode == 0, check.stderr
    line = (site / EN_PAGE).read_text().splitlines().index("## Risks and side effects {#risks}") + 1
    for output in (status.stdout, check.stdout):
        shown = [row.strip() for row in output.splitlines()]
        assert "- ## Risks {#risks}" in shown, output
        assert f"+ ## Risks and side effects {{#risks}} (line {line})" in shown
        assert "- What a thread lift is, in the fixture." in shown and "+ What threads do. (line 3)" in shown
        assert not any("about.md" in row for row in shown if row.startswith(("-", "+")))


def test_in_a_git_checkout_the_version_translated_is_found_in_the_history(tmp_path: Path) -> None:
    site = marked(tmp_path)
    shutil.rmtree(site / COPIES)  # a fresh clone: the copies are not under version control
    env = {**os.environ, "GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@x", "GIT_COMMITTER_NAME": "E"}
    env["GIT_COMMITTER_EMAIL"] = "e@x"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Pages translated"]):
        subprocess.run(["git", "-C", str(site), *command], check=True, env=env, capture_output=True)
    changed_source(site)
    subprocess.run(["git", "-C", str(site), "commit", "-qam", "Risks renamed"], check=True, env=env)

    result = cli(site, "status")

    assert "- ## Risks {#risks}" in result.stdout and "+ ## Risks and side effects {#risks}" in result.stdout


def test_without_a_copy_or_history_the_translator_is_told_to_compare_by_eye(tmp_path: Path) -> None:
    site = marked(tmp_path)
    shutil.rmtree(site / COPIES)
    changed_source(site)

    result = cli(site, "status")

    assert "it was translated from is neither kept in .translated/ nor in the git history" in result.stdout


def test_a_stale_translation_tells_its_readers_in_its_language_with_a_link_and_builds_as_a_clean_build(
    tmp_path: Path,
) -> None:
    site = marked(tmp_path)
    assert cli(site, "build").returncode == 0
    note = "Versi English halaman ini sudah berubah sejak terjemahan ini terakhir diperbarui."
    assert note not in (site / "public/id/tanam-benang/index.html").read_text()
    changed_source(site)

    result = cli(site, "build")  # the English page alone changed: its translation is rendered again

    assert result.returncode == 0, result.stderr
    page = (site / "public/id/tanam-benang/index.html").read_text()
    assert f'{note} <a href="/en/thread-lift/" hreflang="en">Baca versi English</a>' in page
    assert "has changed since this translation" not in (site / "public/en/thread-lift/index.html").read_text()
    assert "Versi English" not in (site / "public/id/tentang/index.html").read_text()
    clean = copy_sources(tmp_path / "clean", site)
    assert cli(clean, "build").returncode == 0
    mark = ".site-builder-output"  # names its own folder
    assert {**all_files(site / "public"), mark: b""} == {**all_files(clean / "public"), mark: b""}

    assert cli(site, "translated", "id/tanam-benang.md").returncode == 0
    assert cli(site, "build").returncode == 0
    assert note not in (site / "public/id/tanam-benang/index.html").read_text()

"""An incremental build ends as a clean build does, whatever is found in the output folder or among the pages."""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from site_builder.engine.incremental import plan, store
from site_builder.engine.load.content import page_files
from tests.helpers import clean_build, rebuild, tree


def outcome(build: Callable[[], object]) -> tuple[str, object]:
    """What a build gives: its problems, or that it passed."""
    try:
        build()
    except SiteError as error:
        return "refused", sorted(str(p) for p in error.problems)
    return "built", None


STRAYS = {  # what is added, and what the note names
    "CNAME": "CNAME",
    "en/about/notes.txt": "en/about/notes.txt",
    "en/about/.index.html.new": "en/about/.index.html.new",
    "drafts/old.html": "drafts/",
    "en/drafts/": "en/drafts/",
}


@pytest.mark.parametrize("stray", STRAYS)
def test_a_file_added_to_the_output_by_hand_is_named_and_removed(
    stray: str, fixture_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    path = output / stray
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir() if stray.endswith("/") else path.write_text("added by hand")

    result = rebuild(fixture_copy, output)

    assert result.pages_rendered == 0, "nothing else changed"
    assert any(f"did not write there, now removed: {STRAYS[stray]}" in note for note in result.notes), result.notes
    assert not os.path.lexists(path)
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")
    assert rebuild(fixture_copy, output).notes == (), "once removed, never named again"


def test_an_output_file_edited_by_hand_means_a_full_build(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    with (output / "robots.txt").open("a") as stream:
        stream.write("# mine\n")
    result = rebuild(fixture_copy, output)
    assert any("output folder changed" in note for note in result.notes)
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


ODD_ENTRIES: dict[str, tuple[Callable[[Path], None], str]] = {
    "a link to nowhere": (lambda page: page.symlink_to(page.parent / "missing.md"), "x.md: a symbolic link to nothing"),
    "a folder named like a page": (lambda page: page.mkdir(), "x.md: cannot be read"),
    "a link to a folder": (lambda page: page.symlink_to(page.parent), "x.md: cannot be read"),
}


@pytest.mark.parametrize("odd", ODD_ENTRIES)
def test_an_odd_entry_among_the_pages_fails_an_incremental_build_as_it_fails_a_clean_one(
    odd: str, fixture_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    make, message = ODD_ENTRIES[odd]
    make(fixture_copy / "content/en/x.md")
    before = tree(output)

    incremental = outcome(lambda: rebuild(fixture_copy, output))
    clean = outcome(lambda: clean_build(fixture_copy, tmp_path / "clean"))

    assert incremental == clean
    assert incremental[0] == "refused" and message in incremental[1][0]
    assert tree(output) == before


def test_a_page_made_unreadable_is_read_again_as_a_clean_build_reads_it(fixture_copy: Path, tmp_path: Path) -> None:
    """chmod moves no mtime; as root the page stays readable and both builds pass, otherwise both fail."""
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    page = fixture_copy / "content/en/about.md"
    page.chmod(0)
    try:
        incremental = outcome(lambda: rebuild(fixture_copy, output))
        clean = outcome(lambda: clean_build(fixture_copy, tmp_path / "clean"))
    finally:
        page.chmod(0o644)
    assert incremental == clean


def test_a_page_made_unreadable_is_seen_to_change(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    page = fixture_copy / "content/en/about.md"
    saved = store.OnDisk.load(output, [])
    assert saved is not None
    page.chmod(0o600)
    assert rebuild(fixture_copy, output).pages_rendered == 0, "read again, compared, unchanged"
    after = store.OnDisk.load(output, [])
    assert after is not None and after.stats[str(page)] != saved.stats[str(page)]


def test_a_content_folder_that_cannot_be_listed_is_a_message(fixture_copy: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root lists any folder")
    folder = fixture_copy / "content/en"
    folder.chmod(0)
    try:
        with pytest.raises(SiteError, match="cannot be read"):
            rebuild(fixture_copy, tmp_path / "public")
    finally:
        folder.chmod(0o755)


def test_the_survey_lists_exactly_the_files_a_clean_build_reads(fixture_copy: Path) -> None:
    folder = fixture_copy / "content/en"
    (folder / "folder.md").mkdir()
    (folder / "notes.txt").write_text("not a page")
    (folder / ".#about.md").write_text("an editor's lock file")
    (folder / "shared.md").symlink_to(folder / "about.md")
    config = load_config(fixture_copy)
    listed = list(plan.survey(config).stats)
    assert listed == [str(path) for path in page_files(config)]
    assert str(folder / "folder.md") in listed and str(folder / "shared.md") in listed
    assert str(folder / ".#about.md") not in listed


def test_an_old_address_added_to_moved_from_and_dropped_again_matches_a_clean_build_each_time(
    fixture_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    about = fixture_copy / "content/en/about.md"
    about.write_text(about.read_text().replace("slug: about", "slug: about\nmoved_from: [us]"))
    assert rebuild(fixture_copy, output).warnings == ()
    assert (output / "en/us/index.html").is_file()
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")
    about.write_text(about.read_text().replace("moved_from: [us]\n", ""))

    result = rebuild(fixture_copy, output)

    assert len(result.warnings) == 1 and "the address /en/us/ was published and is gone" in result.warnings[0]
    assert "this page (key 'about') is now at /en/about/" in result.warnings[0]
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_the_published_addresses_are_remembered_when_the_output_was_changed_by_hand(
    fixture_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    with (output / "robots.txt").open("a") as stream:
        stream.write("# edited by hand\n")
    thread_lift = fixture_copy / "content/en/thread-lift.md"
    thread_lift.write_text(thread_lift.read_text().replace("slug: thread-lift", "slug: threads"))

    result = rebuild(fixture_copy, output)

    assert any("output folder changed" in note for note in result.notes)
    assert len(result.warnings) == 1 and "the address /en/thread-lift/ was published" in result.warnings[0]


def test_every_library_the_package_imports_is_one_whose_version_rebuilds_everything() -> None:
    """A library the builder imports can change what it writes, so another version of it makes the next build a
    full one: each must be in plan.LIBRARIES, or the site keeps pages its old version made."""
    imported = set()
    for path in plan.PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    libraries = imported - set(sys.stdlib_module_names) - {"site_builder"}
    preview_only = {"watchfiles"}  # hears the preview's saved files; writes nothing
    assert {"jinja2", "markupsafe", *preview_only} <= libraries  # the walk sees imports, those in functions too
    assert sorted(libraries - preview_only - set(plan.LIBRARIES)) == [], "add them to plan.LIBRARIES"
    assert sorted(set(plan.LIBRARIES) - libraries) == [], "plan.LIBRARIES names a library nothing imports"

"""Incremental builds: the same bytes as a clean build, redoing only what each kind of change touches."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import sys
import time
import types
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.engine import build as pipeline
from site_builder.engine.base.errors import SiteError
from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.incremental import plan, state, store
from site_builder.engine.render import render as render_stage
from tests.helpers import FIXTURE, FIXTURE_PAGES, PROJECT, append, clean_build, edit, rebuild, tree

# Each kind of input a page depends on, and how many pages a change to it must render again.
CHANGES: dict[str, tuple[Callable[[Path], None], int]] = {
    "page text": (lambda root: append(root / "content/en/about.md", "\nWe answer every letter.\n"), 1),
    "front matter": (lambda root: edit(root / "content/en/about.md", "title: About", "title: About us"), 6),
    "template": (lambda root: edit(root / "templates/base.html", '<main id="main">', '<main id="main" class="x">'), 6),
    "data": (lambda root: edit(root / "data/facts.yaml", "as_of: 2026-05-01", "as_of: 2026-06-01"), 6),
    "catalog": (lambda root: edit(root / "locales/id/LC_MESSAGES/messages.po", "(sekitar ", "(kira-kira "), 6),
    "config": (lambda root: edit(root / "site.yaml", "Example Publisher", "Example Publisher Ltd"), 6),
    "static file": (lambda root: append(root / "static/css/site.css", "\nmain { margin: 0 }\n"), 6),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_a_change_renders_what_depends_on_it_and_matches_a_clean_build(
    kind: str, fixture_copy: Path, tmp_path: Path
) -> None:
    change, expected = CHANGES[kind]
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    before = tree(output)
    change(fixture_copy)
    result = rebuild(fixture_copy, output)
    after = tree(output)
    assert result.pages_rendered == expected
    assert result.files_written == sum(after.get(name) != data for name, data in before.items())
    assert result.files_written > 0, "the change must show in the output"
    assert after == clean_build(fixture_copy, tmp_path / "clean")


def test_nothing_changed_renders_and_writes_nothing(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    result = rebuild(fixture_copy, output)
    assert (result.pages, result.pages_rendered, result.files_written, result.notes) == (FIXTURE_PAGES, 0, 0, ())
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stamps


def test_a_touched_but_unchanged_page_is_recognised_by_its_content(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    page = fixture_copy / "content/en/about.md"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 5_000_000_000))
    assert rebuild(fixture_copy, output).pages_rendered == 0


def test_the_build_right_after_an_edit_with_nothing_changed_since_reads_the_edited_file_alone(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    append(fixture_copy / "content/en/about.md", "\nWe answer every letter.\n")
    rebuild(fixture_copy, output)  # saved within the last two seconds: its stat is not trusted yet
    before = tree(output)

    def no_load(*_args: object) -> None:
        raise AssertionError("a build with nothing changed loaded the site")

    monkeypatch.setattr(pipeline, "load", no_load)
    result = rebuild(fixture_copy, output)
    assert (result.pages_rendered, result.files_written, result.notes) == (0, 0, ())
    assert tree(output) == before


def test_a_touched_file_found_unchanged_is_trusted_by_its_new_stat_from_then_on(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    page = fixture_copy / "content/en/about.md"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns - 60_000_000_000))  # settled
    monkeypatch.setattr(pipeline, "load", lambda *_args: pytest.fail("loaded the site"))
    assert rebuild(fixture_copy, output).pages_rendered == 0  # read and compared: the same bytes

    read = plan.read_regular

    def no_page_read(path: Path) -> bytes:
        assert "content" not in Path(path).parts, f"read {path} again"
        return read(path)

    monkeypatch.setattr(plan, "read_regular", no_page_read)
    assert rebuild(fixture_copy, output).pages_rendered == 0  # its new stat was saved


def test_a_file_saved_with_other_bytes_since_the_last_build_is_built_again(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    append(fixture_copy / "content/en/about.md", "\nWe answer every letter.\n")
    rebuild(fixture_copy, output)
    append(fixture_copy / "content/en/about.md", "\nAnd every call.\n")  # within the same two seconds
    assert rebuild(fixture_copy, output).pages_rendered == 1
    assert "And every call." in (output / "en/about/index.html").read_text()


def test_a_page_edit_rewrites_only_its_own_file(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    stamps = {name: (output / name).stat().st_mtime_ns for name in tree(output)}
    append(fixture_copy / "content/id/tentang.md", "\nKami menjawab setiap surat.\n")
    rebuild(fixture_copy, output)
    touched = [name for name, stamp in stamps.items() if (output / name).stat().st_mtime_ns != stamp]
    assert touched == ["id/tentang/index.html"]


def test_added_and_removed_pages_match_a_clean_build(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    for lang, slug in (("en", "extra"), ("id", "tambahan")):
        (fixture_copy / f"content/{lang}/extra.md").write_text(
            f"---\ntitle: Extra\ndescription: One more page.\nkey: extra\nslug: {slug}\n"
            "reviewed: 2026-01-10\nnext_review: 2026-07-10\n---\nMore text.\n"
        )
    assert rebuild(fixture_copy, output).pages == FIXTURE_PAGES + 2
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")
    for lang in ("en", "id"):
        (fixture_copy / f"content/{lang}/extra.md").unlink()
    rebuild(fixture_copy, output)
    assert not (output / "en/extra").exists()
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_a_new_version_of_the_builder_renders_everything(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    package = tmp_path / "package"
    shutil.copytree(plan.PACKAGE, package)
    append(package / "render.py", "\n# a new release\n")
    monkeypatch.setattr(plan, "PACKAGE", package)
    assert rebuild(fixture_copy, output).pages_rendered == FIXTURE_PAGES


def test_a_new_version_of_a_library_renders_everything(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library is told apart by its installed files, found without importing it: another version, other files."""
    library = tmp_path / "lib" / "some_library"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text('__version__ = "1.0"\n')
    monkeypatch.syspath_prepend(str(library.parent))
    monkeypatch.setattr(plan, "LIBRARIES", (*plan.LIBRARIES, "some_library"))
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    assert rebuild(fixture_copy, output).pages_rendered == 0
    (library / "__init__.py").write_text('__version__ = "1.0.1"\n')
    assert rebuild(fixture_copy, output).pages_rendered == FIXTURE_PAGES
    assert "some_library" not in sys.modules


def test_an_incremental_edit_still_finds_links_it_breaks_elsewhere(fixture_copy: Path, tmp_path: Path) -> None:
    """The home page links to #cost on the thread-lift page; removing that anchor must fail the build."""
    output = tmp_path / "public"
    append(fixture_copy / "content/en/index.md", '\nSee [the cost]({{ url("thread-lift") }}#cost).\n')
    rebuild(fixture_copy, output)
    before = tree(output)
    edit(fixture_copy / "content/en/thread-lift.md", "## Cost {#cost}", "## Cost {#price}")
    with pytest.raises(SiteError) as failed:
        rebuild(fixture_copy, output)
    assert any("#cost" in p.message and p.path.name == "index.md" for p in failed.value.problems)
    assert tree(output) == before, "a failed build leaves the last good output alone"


def test_an_incremental_edit_is_checked_against_its_translation(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    append(fixture_copy / "content/en/about.md", "\nWe answer within 2 days.\n")
    with pytest.raises(SiteError, match="the number 2 appears"):
        rebuild(fixture_copy, output)
    append(fixture_copy / "content/id/tentang.md", "\nKami menjawab dalam 2 hari.\n")
    assert rebuild(fixture_copy, output).pages_rendered == 2
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a cache"),
        lambda path: path.write_bytes(path.read_bytes()[:-200]),  # the second half cut short
        lambda path: path.write_bytes(b""),
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_a_damaged_cache_means_a_full_build_with_a_note(
    damage: Callable[[Path], None], fixture_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    append(fixture_copy / "content/en/about.md", "\nMore.\n")
    damage(store.state_file(output))
    result = rebuild(fixture_copy, output)
    assert result.pages_rendered == FIXTURE_PAGES
    assert any("could not be read" in note for note in result.notes)
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_a_cache_from_another_format_is_not_trusted(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    monkeypatch.setattr(state, "FORMAT", state.FORMAT + 1)
    result = rebuild(fixture_copy, output)
    assert result.pages_rendered == FIXTURE_PAGES
    assert any("another version" in note for note in result.notes)


@pytest.mark.parametrize("tamper", ["delete", "edit"])
def test_output_changed_by_hand_is_rebuilt_whole(tamper: str, fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    good = tree(output)
    page = output / "en/about/index.html"
    page.unlink() if tamper == "delete" else append(page, "<!-- edited by hand -->")
    result = rebuild(fixture_copy, output)
    assert any("output folder changed" in note for note in result.notes)
    assert tree(output) == good


def test_a_failed_build_keeps_the_cache_of_the_last_good_one(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    saved = store.state_file(output).read_bytes()
    append(fixture_copy / "content/en/about.md", '\n{{ cost("face-transplant") }}\n')
    with pytest.raises(SiteError, match="face-transplant"):
        rebuild(fixture_copy, output)
    assert store.state_file(output).read_bytes() == saved


def test_the_real_site_rebuilt_after_edits_equals_a_clean_build(site_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(site_copy, output)
    append(site_copy / "content/en/faq.md", "\nAsk us anything.\n")
    append(site_copy / "content/id/tanya-jawab.md", "\nTanyakan apa saja.\n")
    assert rebuild(site_copy, output).pages_rendered == 2
    edit(site_copy / "data/facts.yaml", "as_of:", "as_of:")  # unchanged bytes: nothing to do
    assert rebuild(site_copy, output).pages_rendered == 0
    assert tree(output) == clean_build(site_copy, tmp_path / "clean")


def test_the_cache_lives_beside_the_output_not_in_it(tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(PROJECT, output)
    assert store.state_file(output).parent == tmp_path
    assert not any(p.name.endswith("build-cache") for p in output.rglob("*"))


def test_a_page_saved_twice_in_one_clock_tick_is_still_seen_to_change(fixture_copy: Path, tmp_path: Path) -> None:
    """Same size, same mtime: only its content tells the second save from the first."""
    output = tmp_path / "public"
    page = fixture_copy / "content/en/about.md"
    stamp = page.stat().st_mtime_ns
    page.write_text(page.read_text() + "\nFirst wording.\n")
    os.utime(page, ns=(stamp, time.time_ns()))
    rebuild(fixture_copy, output)
    same_stat = page.stat()
    page.write_text(page.read_text().replace("First wording.", "Other wording."))
    os.utime(page, ns=(same_stat.st_atime_ns, same_stat.st_mtime_ns))
    assert rebuild(fixture_copy, output).pages_rendered == 1
    assert b"Other wording." in (output / "en/about/index.html").read_bytes()


def test_a_page_saved_while_a_build_runs_is_shown_by_the_next_build(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state must pair each page with the bytes the build read, not with the file as it is afterwards."""
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    page = fixture_copy / "content/en/about.md"
    append(page, "\nWording read by the build.\n")
    render = pipeline.render

    def render_while_the_editor_saves(*args: object) -> object:
        rendered = render(*args)  # type: ignore[arg-type]
        edit(page, "Wording read by the build.", "Wording saved during the build.")
        return rendered

    monkeypatch.setattr(pipeline, "render", render_while_the_editor_saves)
    rebuild(fixture_copy, output)
    assert b"Wording read by the build." in (output / "en/about/index.html").read_bytes()
    monkeypatch.undo()
    assert rebuild(fixture_copy, output).pages_rendered == 1
    assert b"Wording saved during the build." in (output / "en/about/index.html").read_bytes()
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_check_renders_only_what_changed_since_the_last_build_and_leaves_its_state_alone(
    fixture_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(fixture_copy)
    build(config)
    saved = store.state_file(config.output).read_bytes()
    append(fixture_copy / "content/en/about.md", "\nTODO: say who answers letters.\n")
    rendered: list[int] = []
    render_site = render_stage.render_site

    def counting(renderer: object, pages: list, site_files: bool, spool: Path | None = None) -> object:
        rendered.append(len(pages))
        return render_site(renderer, pages, site_files, spool)

    monkeypatch.setattr(render_stage, "render_site", counting)
    with pytest.raises(SiteError, match="still has TODO text"):
        pipeline.check_site(config)
    assert rendered == [1]
    assert store.state_file(config.output).read_bytes() == saved


def test_a_build_whose_site_is_the_one_in_place_writes_and_swaps_nothing(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    folder = os.stat(output).st_ino
    page = fixture_copy / "content/en/about.md"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 5_000_000_000))  # read again, unchanged
    result = rebuild(fixture_copy, output)
    assert (result.pages_rendered, result.files_written) == (0, 0)
    assert os.stat(output).st_ino == folder, "the same folder: nothing was swapped in"


def record_layout() -> str:
    """The records the state saves, from BuildState down: each one's fields and their annotations, in order, and
    the type aliases they name. Fields whose names start with _ are the state's own, never saved."""
    lines: list[str] = []
    seen: set[type] = set()
    waiting: list[type] = [state.BuildState]
    while waiting:
        record = waiting.pop(0)
        if record in seen:
            continue
        seen.add(record)
        if dataclasses.is_dataclass(record):
            pairs = [(f.name, f.type) for f in dataclasses.fields(record)]
        else:  # a NamedTuple
            pairs = list(record.__annotations__.items())
        pairs = [
            (name, note.__forward_arg__ if isinstance(note, typing.ForwardRef) else str(note))
            for name, note in pairs
            if not name.startswith("_")
        ]
        lines.append(f"{record.__qualname__}: " + ", ".join(f"{name}: {note}" for name, note in pairs))
        names = vars(sys.modules[record.__module__])
        for _, note in pairs:
            for word in re.findall(r"[A-Za-z_]\w*", note):
                found = names.get(word)
                if isinstance(found, type) and (dataclasses.is_dataclass(found) or hasattr(found, "_fields")):
                    waiting.append(found)
                elif isinstance(found, types.GenericAlias | types.UnionType):
                    lines.append(f"{word} = {found!r}")
    return "\n".join(lines)


def test_the_cache_format_number_changes_with_the_records_it_saves() -> None:
    """A state saved by a build whose records had other fields must read as another version, never as damage
    or, worse, as wrong values: so a change to those records comes with a new FORMAT."""
    layout = record_layout()
    assert "FileRecord: digest: bytes, page: Page, marks: SourceMarks" in layout  # the walk reaches nested records
    assert "Page: path: Path, lang: str" in layout and "SourceStat = tuple[int, int, int]" in layout
    fingerprint = hashlib.sha256(layout.encode()).hexdigest()[:16]
    assert fingerprint == state.FORMAT_FINGERPRINT, (
        f"the saved records changed (their fingerprint is now {fingerprint}): "
        "bump FORMAT and update FORMAT_FINGERPRINT in site_builder/engine/incremental/state.py\n" + layout
    )


def test_the_links_and_pages_sections_made_entry_by_entry_are_one_json_value_each(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build(load_config(FIXTURE), output)
    saved = store.OnDisk.load(output, [])
    assert saved is not None and saved.read_detail([])
    links = dict(saved.links.items())
    table: dict[tuple[str, str, str], int] = {}
    pages = {
        name: [sorted(page.ids), " ".join(str(table.setdefault(link, len(table))) for link in page.links)]
        for name, page in links.items()
    }
    whole = {"links": "\n".join(json.dumps(link, separators=(",", ":")) for link in table), "pages": pages}
    assert state._encode_links(links) == json.dumps(whole, separators=(",", ":")).encode()
    rows = [[name, *(state._plain(getattr(r.page, f)) for f in state._SAVED_FIELDS)] for name, r in saved.files.items()]
    assert state._encode_pages(saved.files) == json.dumps(rows, separators=(",", ":")).encode()

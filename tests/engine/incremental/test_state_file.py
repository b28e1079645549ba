"""The build cache on disk is data, not code: checksummed, from this version, written by us alone, or not read."""

from __future__ import annotations

import os
import pickle
import random
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.engine.build import BuildReport
from site_builder.engine.incremental import state, store
from tests.helpers import FIXTURE_PAGES, append, clean_build, rebuild, tree

TEXTS = ("\nWe answer every letter.\n", "\nWe answer every letter within a week.\n")


class Planted:
    """What a planted pickle could do on loading: here, make a file."""

    def __init__(self, proof: Path):
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.proof), "w"))


def a_full_build_with_a_note(result: BuildReport, note: str) -> bool:
    return result.pages_rendered == FIXTURE_PAGES and any(note in n for n in result.notes)


def test_a_planted_pickle_runs_nothing_and_means_a_full_build_with_a_note(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    proof = tmp_path / "the-payload-ran"
    store.state_file(output).write_bytes(pickle.dumps(Planted(proof)))
    result = rebuild(fixture_copy, output)
    assert not proof.exists()
    assert a_full_build_with_a_note(result, "could not be read")
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_the_cache_is_plain_data_behind_one_header_line(fixture_copy: Path, tmp_path: Path) -> None:
    """A JSON head, then sections of plain values only: nothing that names code to run when it is read."""
    import json
    import marshal

    def plain(value: object) -> bool:
        if value is None or isinstance(value, bool | int | float | str | bytes):
            return True
        if isinstance(value, list | tuple | frozenset):
            return all(map(plain, value))
        return isinstance(value, dict) and all(map(plain, value)) and all(map(plain, value.values()))

    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    header, _, body = store.state_file(output).read_bytes().partition(b"\n")
    words = header.split(b" ")
    assert words[:4] == [b"site-builder", b"build", b"cache", str(state.FORMAT).encode()]
    lengths = [int(word.split(b":")[0]) for word in words[4:]]
    json.loads(body[: lengths[0]])
    start = lengths[0]
    for length in lengths[1:]:
        assert plain(marshal.loads(body[start : start + length]))  # noqa: S302 - our own test build's file
        start += length
    assert start == len(body)


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_any_damage_gives_a_correct_build_or_a_full_one_with_a_note(
    damage: str, fixture_copy: Path, tmp_path: Path
) -> None:
    """Seeded: a bit flipped, or the file cut short, at each of 100 places, with a page edited each time."""
    output = tmp_path / "public"
    page = fixture_copy / "content/en/about.md"
    original = page.read_text()
    clean = {}
    for text in TEXTS:
        page.write_text(original + text)
        clean[text] = clean_build(fixture_copy, tmp_path / "clean")
    rebuild(fixture_copy, output)
    rng = random.Random(f"{damage}-2026")  # noqa: S311 - places to damage, not secrets
    notes = 0
    for turn in range(100):
        path = store.state_file(output)
        data = bytearray(path.read_bytes())
        place = rng.randrange(len(data))
        if damage == "flip":
            data[place] ^= 1 << rng.randrange(8)
        else:
            del data[place:]
        path.write_bytes(bytes(data))
        text = TEXTS[turn % 2]
        page.write_text(original + text)

        result = rebuild(fixture_copy, output)  # never a traceback

        if result.notes:
            assert a_full_build_with_a_note(result, "the build cache"), result.notes
            notes += 1
        assert tree(output) == clean[text]
    assert notes > 90, "a damaged cache is almost always seen as damaged; the rest must not matter"


def test_the_detail_is_read_from_the_file_the_head_came_from_or_not_at_all(fixture_copy: Path, tmp_path: Path) -> None:
    """A build with nothing to do reads the head alone; the rest is read later, only from that same file."""
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    notes: list[str] = []
    last = store.OnDisk.load(output, notes)
    assert last is not None and not last.files  # the head alone
    path = store.state_file(output)
    copy = path.with_name("copy")
    copy.write_bytes(path.read_bytes())
    os.chmod(copy, 0o644)
    os.replace(copy, path)  # the same bytes, in another file put in its place since the head was read
    assert not last.read_detail(notes)
    assert notes == [state.DAMAGED]
    again = store.OnDisk.load(output, [])
    assert again is not None and again.read_detail([]) and again.files


def test_a_cache_open_to_others_writing_is_not_read(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    path = store.state_file(output)
    os.chmod(path, path.stat().st_mode | stat.S_IWGRP | stat.S_IWOTH)  # noqa: S103 - the point
    append(fixture_copy / "content/en/about.md", "\nMore.\n")
    assert a_full_build_with_a_note(rebuild(fixture_copy, output), "not a file that only you can write")
    assert tree(output) == clean_build(fixture_copy, tmp_path / "clean")


def test_a_cache_of_another_users_is_not_read(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    owner = store.state_file(output).stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)  # as if another user had made the file
    assert a_full_build_with_a_note(rebuild(fixture_copy, output), "not a file that only you can write")


def test_a_link_in_the_caches_place_is_not_followed(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    path = store.state_file(output)
    os.rename(path, tmp_path / "elsewhere")
    path.symlink_to(tmp_path / "elsewhere")
    assert a_full_build_with_a_note(rebuild(fixture_copy, output), "not a file that only you can write")
    assert not path.is_symlink(), "saved anew as a file of its own"


def test_the_cache_is_saved_for_its_owner_alone_whatever_the_umask(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    previous = os.umask(0o002)
    try:
        rebuild(fixture_copy, output)
    finally:
        os.umask(previous)
    assert not store.state_file(output).stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    assert rebuild(fixture_copy, output).notes == ()


def test_pages_come_back_from_the_cache_equal_to_what_was_read(fixture_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "public"
    rebuild(fixture_copy, output)
    before = store.OnDisk.load(output, [])
    assert before is not None and before.read_detail([])
    store.OnDisk.save(output, before, [])
    after = store.OnDisk.load(output, [])
    assert after is not None and after.read_detail([])
    assert after.files == before.files and after.links == before.links and after.outputs == before.outputs
    assert all(after.files[n].page.field_lines == r.page.field_lines for n, r in before.files.items())


def test_dates_anywhere_in_front_matter_come_back_as_dates() -> None:
    """A date is the one value marshal lacks: tagged, in any field an extension adds, however deep."""
    import datetime

    from markupsafe import Markup

    from site_builder.engine.model.model import Page
    from site_builder.engine.model.records import SourceMarks

    params = {
        "events": [{"on": datetime.date(2025, 3, 1), "at": (datetime.datetime(2025, 3, 1, 9, 30),)}],
        "label": Markup("<b>kept as text</b>"),
    }
    page = Page(Path("content/en/a.md"), "en", "a", "a", "A", "", "page", datetime.date(2025, 1, 2), None, "", 5)
    pages = {"content/en/a.md": page, "content/en/b.md": replace(page, path=Path("content/en/b.md"), params=params)}
    files = {name: state.FileRecord(b"0" * 16, p, SourceMarks(frozenset(), {}, None)) for name, p in pages.items()}
    back = state._decode_pages(state._encode_pages(files))
    assert back == {name: replace(p, body="") for name, p in pages.items()}
    assert type(back["content/en/b.md"].params["events"][0]["at"][0]) is datetime.datetime

"""Random sequences of edits: after any of them, an incremental build writes what a clean build writes.

Edits come quickly one after another, as in the preview, so many land within the same clock tick at
the same size: only the bytes tell such a file has changed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from site_builder.engine.base.errors import SiteError
from tests.helpers import FIXTURE, clean_build, copy_sources, rebuild, tree

PAGES = ("en/about.md", "en/index.md", "en/thread-lift.md", "id/tentang.md", "id/index.md", "id/tanam-benang.md")
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)  # no digits: no parity problem


class IncrementalBuilds(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.work = Path(tempfile.mkdtemp(prefix="incremental-"))
        self.root = copy_sources(self.work / "site", FIXTURE)
        self.output = self.work / "public"
        self.added: list[str] = []  # keys of the pages added so far
        self.edits = 0
        rebuild(self.root, self.output)

    def teardown(self) -> None:
        try:
            self.compare()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def compare(self) -> None:
        rebuild(self.root, self.output)
        assert tree(self.output) == clean_build(self.root, self.work / "clean")

    def edited(self, build: bool) -> None:
        self.edits += 1
        if build:
            self.compare()

    def replace(self, name: str, pattern: str, new: str) -> None:
        path = self.root / name
        text, count = re.subn(pattern, new, path.read_text(), count=1, flags=re.M)
        assert count == 1, f"{pattern!r} not in {name}"
        path.write_text(text)

    @rule(page=st.sampled_from(PAGES), word=WORDS, build=st.booleans())
    def write_page_text(self, page: str, word: str, build: bool) -> None:
        path = self.root / "content" / page
        path.write_text(re.sub(r"\n(Edited \w+\.\n)?$", f"\nEdited {word}.\n", path.read_text(), count=1))
        self.edited(build)

    @rule(page=st.sampled_from(PAGES), word=WORDS, build=st.booleans())
    def retitle_page(self, page: str, word: str, build: bool) -> None:
        self.replace(f"content/{page}", r"^title: .*$", f"title: Title {word}")
        self.edited(build)

    @rule(years=st.integers(5, 15), sgd=st.integers(900, 1100), build=st.booleans())
    def change_data(self, years: int, sgd: int, build: bool) -> None:
        self.replace("data/facts.yaml", r"^horizon_years: \d+$", f"horizon_years: {years}")
        self.replace("data/facts.yaml", r"^    SGD: \d+$", f"    SGD: {sgd}")
        self.edited(build)

    @rule(word=WORDS, build=st.booleans())
    def change_template(self, word: str, build: bool) -> None:
        self.replace("templates/base.html", r'<main id="main"[^>]*>', f'<main id="main" data-edit="{word}">')
        self.edited(build)

    @rule(word=st.sampled_from(["sekitar", "kira-kira", "lebih kurang"]), build=st.booleans())
    def change_catalog(self, word: str, build: bool) -> None:
        po = "locales/id/LC_MESSAGES/messages.po"  # the translation, not the msgid it translates
        self.replace(po, r'(?<=msgstr "%\(krw\)s )\(\w[\w -]*? %\(converted\)s', f"({word} %(converted)s")
        self.edited(build)

    @rule(build=st.booleans())
    def add_page(self, build: bool) -> None:
        key = f"extra-{len(self.added) + 1}"
        for lang, slug in (("en", key), ("id", f"tambahan-{len(self.added) + 1}")):
            (self.root / f"content/{lang}/{key}.md").write_text(
                f"---\ntitle: Extra\ndescription: One more page.\nkey: {key}\nslug: {slug}\n"
                'reviewed: 2026-01-10\nnext_review: 2026-07-10\n---\nSee [the cost]({{ url("thread-lift") }}#cost).\n'
            )
        self.added.append(key)
        self.edited(build)

    @precondition(lambda self: self.added)
    @rule(build=st.booleans())
    def remove_page(self, build: bool) -> None:
        key = self.added.pop()
        for lang in ("en", "id"):
            (self.root / f"content/{lang}/{key}.md").unlink()
        self.edited(build)

    @precondition(lambda self: self.added)
    @rule(build=st.booleans())
    def toggle_draft(self, build: bool) -> None:
        """The English version becomes a draft, or is published again; its translation stays published."""
        path = self.root / f"content/en/{self.added[-1]}.md"
        text = path.read_text()
        draft = "draft: true\n"
        path.write_text(text.replace(draft, "") if draft in text else text.replace("---\n", "---\n" + draft, 1))
        self.edited(build)

    @rule(page=st.sampled_from(PAGES))
    def break_and_mend_a_page(self, page: str) -> None:
        """A failed build leaves the output as it was, and the next good build still matches a clean one."""
        rebuild(self.root, self.output)
        before = tree(self.output)
        path = self.root / "content" / page
        good = path.read_text()
        path.write_text(good.replace("title:", "titel:", 1))
        with pytest.raises(SiteError, match="did you mean 'title'"):
            rebuild(self.root, self.output)
        assert tree(self.output) == before
        path.write_text(good)
        self.edited(True)


IncrementalBuilds.TestCase.settings = settings(
    max_examples=3,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_incremental_builds_match_clean_builds = IncrementalBuilds.TestCase


def test_every_kind_of_edit_in_one_sequence_matches_clean_builds() -> None:
    """Each rule at least once, in an order that gives each its chance (the random runs above are few, and
    may never draw some rules): edits with and without a build between them, a draft and a removal last."""
    machine = IncrementalBuilds()
    try:
        machine.write_page_text("id/tanam-benang.md", "benang", build=False)
        machine.retitle_page("en/thread-lift.md", "threads", build=True)
        machine.change_data(12, 1000, build=False)
        machine.change_template("footer", build=True)
        machine.change_catalog("kira-kira", build=True)
        machine.add_page(build=True)
        machine.toggle_draft(build=True)
        machine.write_page_text("en/about.md", "again", build=True)
        machine.toggle_draft(build=False)
        machine.break_and_mend_a_page("en/index.md")
        machine.remove_page(build=True)
    finally:
        machine.teardown()

"""Checks over the model and the rendered files — links, anchors, translation parity, unwritten text."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from ..base.errors import Problem
from ..model.model import Page, Site
from ..model.records import OFF_BASE, TODO_MARK, PageLinks, SourceMarks, draft_message, source_marks


def _source_line(page: Page | None, needle: str) -> int | None:
    """The first body line holding `needle` as a whole token: where an editor should look (None for a
    page whose body this build did not read)."""
    if page is None or not needle:
        return None
    token = re.compile(r"(?<![\w.,-])" + re.escape(needle) + r"(?![\w-])")
    for offset, line in enumerate(page.body.splitlines()):
        if token.search(line):
            return page.body_line + offset
    return None


def check_links(
    site: Site, links: Mapping[str, PageLinks], files: Collection[str], names: Iterable[str]
) -> list[Problem]:
    """Every internal link and #fragment in the files `names` points at a file and an id that exist."""
    sources = {page.output_file: page for page in site.pages}
    left_out = {page.output_file: page for page in site.drafts}
    problems = []
    for name in sorted(names):
        page = sources.get(name)
        where: Path | str = page.path if page else f"(output) {name}"
        for href, target, fragment in links[name].links:
            if not target:
                continue
            if target == OFF_BASE:
                message = f"the link '{href}' leaves the site's base path '{site.config.base_path}'"
                problems.append(Problem(where, message, _source_line(page, href)))
            elif target not in files:
                needle = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1] or href
                if target in left_out:
                    message = draft_message(f"the link '{href}' points to a page that", left_out[target])
                else:
                    message = f"the link '{href}' points to a page that does not exist"
                problems.append(Problem(where, message, _source_line(page, needle)))
            elif fragment and target in links and fragment not in links[target].ids:
                message = f"the link '{href}' points to '#{fragment}', which is not an anchor on that page"
                problems.append(Problem(where, message, _source_line(page, "#" + fragment)))
    return problems


def check_parity(
    site: Site, marks: Mapping[Path, SourceMarks] | None = None, keys: Collection[str] | None = None
) -> list[Problem]:
    """A page and its translation carry the same anchors and the same numbers (for `keys`, or all).

    A number in digits on one side must appear on the other in digits or, when small, as a word: the
    spelling rules of a language may ask for "three" where the other writes 3. Words alone are not
    compared, since "one" also means other things.
    """
    marks = marks or {
        page.path: source_marks(page, site.config.language(page.lang).number_words) for page in site.pages
    }
    problems = []
    default = site.config.default_language
    for page in site.pages:
        original = site.page(default, page.key)
        if page.lang == default or original is None or (keys is not None and page.key not in keys):
            continue
        if page.draft or original.draft:  # a translation under way is compared once it is published
            continue
        theirs, ours = marks[original.path], marks[page.path]
        if theirs.anchors == ours.anchors and theirs.numbers == ours.numbers:
            continue  # as most pairs are: nothing to tell (the preview compares every pair on each build)
        for anchor in sorted(theirs.anchors - ours.anchors):  # named where it is: this page has no line for it
            message = f"the anchor '#{anchor}' has no counterpart in {page.path.name}: give it a section {{#{anchor}}}"
            problems.append(Problem(original.path, message, _source_line(original, "#" + anchor)))
        for anchor in sorted(ours.anchors - theirs.anchors):
            problems.append(
                Problem(
                    page.path,
                    f"the anchor '#{anchor}' is not in {original.path.name}",
                    _source_line(page, "#" + anchor),
                )
            )
        theirs_n, ours_n = theirs.numbers, ours.numbers
        for number in sorted(set(theirs_n) | set(ours_n), key=lambda n: (len(n), n)):
            theirs_count, ours_count = theirs_n.get(number, 0), ours_n.get(number, 0)
            if theirs_count > ours_count + ours.words.get(number, 0) or ours_count > theirs_count + theirs.words.get(
                number, 0
            ):
                if ours_count:
                    message = (
                        f"the number {number} appears {theirs_count} time(s) in {original.path.name} "
                        f"but {ours_count} time(s) here"
                    )
                    problems.append(Problem(page.path, message, _source_line(page, number)))
                else:  # named where it is written
                    message = f"the number {number} appears {theirs_count} time(s) here but not in {page.path.name}"
                    problems.append(Problem(original.path, message, _source_line(original, number)))
    return problems


# Front matter an editor writes in words, where `site-builder new` leaves TODO too.
_WORDED_FIELDS = ("title", "description", "nav_title")
UNWRITTEN = "the page still has TODO text to write; until it is written, keep 'draft: true' in its front matter"


def check_unwritten(site: Site, marks: Mapping[Path, SourceMarks]) -> list[Problem]:
    """Pages made by `site-builder new` carry TODO until someone writes them: a draft may, as it is not published."""
    problems = []
    for page in site.pages:
        if page.draft:
            continue
        field = next((name for name in _WORDED_FIELDS if TODO_MARK in (getattr(page, name) or "")), None)
        line = page.line_of(field) if field else marks[page.path].todo_line
        if line is not None:
            problems.append(Problem(page.path, UNWRITTEN, line))
    return problems


def drafts(site: Site) -> list[Problem]:
    """The drafts the build leaves out: a reminder for editors, not a failure."""
    return [
        Problem(page.path, "a draft, not published until 'draft: true' is removed", page.line_of("draft"))
        for page in site.drafts
    ]


def overdue(site: Site) -> list[Problem]:
    """Pages whose next review date has passed by the build's day: a reminder for editors, not a failure."""
    today = site.config.today
    return [
        Problem(page.path, f"due for review on {page.next_review.isoformat()}", page.line_of("next_review"))
        for page in site.pages
        if page.next_review is not None and page.next_review < today
    ]

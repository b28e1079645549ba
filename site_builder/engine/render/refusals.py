"""What a page's Markdown may not hold, refused at its line: unknown admonitions, unclosed comments, ids
used twice, pictures written as raw HTML, tags left open."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..base.errors import Problem, SiteError
from ..model.model import Page

ADMONITIONS = ("note", "tip", "warning")  # the kinds of box (admonition) the site styles


RAW_PICTURE = re.compile(r"<(?:img|picture|source)\b", re.I)


def picture_line(page: Page, src: str, before: int) -> int:
    """The line of the page's picture `src` that `before` others with the same file precede."""
    found = [m.start() for m in re.finditer(re.escape(f"]({src}"), page.body)] or [page.body.find(src)]
    return line_at(page, found[min(before, len(found) - 1)])


def refuse_raw_pictures(page: Page, raw: list[str]) -> None:
    """A picture written as HTML would skip every check above: it is written in Markdown instead."""
    if any(RAW_PICTURE.search(block) for block in raw) and (found := RAW_PICTURE.search(page.body)):
        message = (
            "a picture written as HTML: write it as ![what it shows](file.png), so its file and alt text are checked"
        )
        raise SiteError.at(page.path, message, line_at(page, found.start()))


_ADMONITION_LINE = re.compile(r"^!!! ?([\w\-]+(?: +[\w\-]+)*).*$", re.M)


# The first line with words after a box's own line: its text, which Markdown keeps in the box only when
# it is indented by 4 spaces (or a tab); with less, the box is published empty and its text after it.
_BOX_TEXT = re.compile(r"(?:[ \t]*\n)*([ \t]*)(\S)")


def refuse_unknown_admonitions(page: Page) -> None:
    for found in _ADMONITION_LINE.finditer(page.body):
        if found.group(1) not in ADMONITIONS:
            message = f"'!!! {found.group(1)}' is not a kind of box this site styles (known: {', '.join(ADMONITIONS)})"
            raise SiteError.at(page.path, message, line_at(page, found.start()))
        text = _BOX_TEXT.match(page.body, found.end() + 1)
        box = f"!!! {found.group(1).split()[0]}"
        if text is None:
            message = f"the box `{box}` holds no text: indent the text under `{box}` by 4 spaces"
            raise SiteError.at(page.path, message, line_at(page, found.start()))
        if len(text.group(1)) < 4 and "\t" not in text.group(1):
            spaces = {0: "no spaces", 1: "1 space"}.get(len(text.group(1)), f"{len(text.group(1))} spaces")
            message = (
                f"the text under `{box}` is indented by {spaces}, so it would be published outside an empty box: "
                f"indent the text under `{box}` by 4 spaces"
            )
            raise SiteError.at(page.path, message, line_at(page, text.start(2)))


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def refuse_repeated_ids(html: str, page: Page) -> None:
    """Two sections with one id: a link to it, and the translation check, could only find the first."""
    ids = _ID.findall(html)
    if len(ids) == len(set(ids)):
        return
    problems = []
    for repeated in sorted({i for i in ids if ids.count(i) > 1}):
        written = re.compile(rf"""\{{[^}}\n]*#{re.escape(repeated)}\b[^}}\n]*\}}|\sid=["']{re.escape(repeated)}["']""")
        lines = [line_at(page, found.start()) for found in written.finditer(page.body)] or [page.body_line]
        shown = " and ".join(map(str, lines)) if len(lines) == 2 else ", ".join(map(str, lines))
        times = "twice" if ids.count(repeated) == 2 else f"{ids.count(repeated)} times"
        message = f"the section id '{repeated}' is given {times} on this page (lines {shown}): give each its own id"
        problems += [Problem(page.path, message, line) for line in dict.fromkeys(lines)]
    raise SiteError(problems)


def line_at(page: Page, offset: int) -> int:
    """The file line of an offset into the page body; the body's first line when it is not there."""
    return page.body_line + (page.body.count("\n", 0, offset) if offset >= 0 else 0)


# An HTML comment is the editor's note to other editors, never published; code shows one as text, so
# code spans are blanked (line ends kept) before a page's comments are looked for.
_COMMENT = re.compile(r"<!--.*?-->", re.S)


_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)


def drop_comments(html: str) -> str:
    """The page without its comments: Markdown keeps them as raw HTML, and code holds none, as it escapes `<`."""
    return _COMMENT.sub("", html) if "<!--" in html else html


def refuse_unclosed_comments(page: Page) -> None:
    """A `<!--` never closed would show the editor's note, and everything after it, as text."""
    if "<!--" not in page.body:
        return
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), page.body)
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    if (where := text.find("<!--")) >= 0:
        message = "the comment opened here with <!-- is never closed: end it with -->, or readers see it as text"
        raise SiteError.at(page.path, message, line_at(page, where))


# Raw HTML an editor opened and never closed swallows the rest of the page, footer and all.
_RAW_TAG = re.compile(r"</?[A-Za-z]")


_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _Balance(HTMLParser):
    """The elements left open at the end of a body, and end tags that close nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.stray: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>: opens nothing

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:  # an inner element closed implicitly, as HTML allows
                pass
        else:
            self.stray.append(tag)


def refuse_unbalanced(html: str, page: Page) -> None:
    if not _RAW_TAG.search(page.body):
        return  # Markdown alone always closes what it opens
    balance = _Balance()
    balance.feed(html)
    balance.close()
    for tags, written, why in (
        (balance.open, "<{}", "is opened but never closed"),
        (balance.stray, "</{}", "closes nothing"),
    ):
        if tags:
            tag = tags[0]
            where = page.body.rfind(written.format(tag))
            raise SiteError.at(
                page.path, f"the raw HTML {written.format(tag)}> {why}; add or remove its tag", line_at(page, where)
            )

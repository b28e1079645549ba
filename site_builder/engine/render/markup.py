"""Page bodies: fact macros first, then Markdown (Python-Markdown) to HTML with stable heading ids.

Macros are deliberately tiny — `{{ name }}` or `{{ name("text", 3) }}` — so page text cannot run
code, every mistake has an exact line, and expanding them costs next to nothing.
"""

from __future__ import annotations

import functools
import html as _html
import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast
from xml.etree import ElementTree as ET

import markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

from ..base.errors import Problem, SiteError
from ..base.sanitize import sanitize
from ..load.glossary import GLOSSARY_KEY
from ..load.pictures import PagePictures, PictureError, PictureFile
from ..model.model import Page, Term
from .brackets import use_bracket_text

# A macro stands on one line; "{{" with no "}}" after it on that line is a mistake, reported as such.
_MACRO = re.compile(r"\{\{([^\n]*?)\}\}|\{%|\{\{")
_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*((?:\|\s*\w+\s*)*)", re.S)
# Filters for a macro's text mid-sentence: {{ name("some-key") | lower }}.
FILTERS: dict[str, Callable[[str], str]] = {"lower": str.lower, "capitalize": lambda s: s[:1].upper() + s[1:]}
MAX_DIGITS = 15  # more than any count or amount on the site, and far below Python's 4,300-digit limit
_ARGUMENT = re.compile(r"\s*(?:\"([^\"\\]*)\"|'([^'\\]*)'|(-?\d+))\s*(,|$)")
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html: str) -> str:
    """The words of an HTML fragment, tags dropped and spaces folded."""
    return _SPACE.sub(" ", _TAGS.sub("", html)).strip()


@dataclass(frozen=True)
class Heading:
    id: str
    level: int
    text: str  # plain text, entities decoded: templates escape it


@dataclass(frozen=True)
class Body:
    html: str
    headings: tuple[Heading, ...]
    pictures: tuple[PictureFile, ...] = ()  # the files its pictures need published: each picture and its copies


class MacroError(Exception):
    """A macro was called with an id the data does not have; carries a plain message."""


@functools.lru_cache(maxsize=4096)
def _parse_call(text: str) -> tuple[str, tuple[str | int, ...] | None, tuple[str, ...]]:
    """A macro call's name, arguments (None without parentheses) and filters; pages repeat the same calls."""
    call = _CALL.fullmatch(text)
    if not call:
        raise MacroError(f"'{{{{{text}}}}}' is not a macro call like {{{{ url(\"home\") }}}}")
    name, raw, piped = call.group(1, 2, 3)
    filters = tuple(f.strip() for f in piped.split("|")[1:])
    for unknown in (f for f in filters if f not in FILTERS):
        raise MacroError(f"unknown filter '{unknown}' (known: {', '.join(FILTERS)})")
    return name, None if raw is None else tuple(_arguments(raw)), filters


@functools.lru_cache(maxsize=1024)
def _accepts(target: Callable[..., Any], count: int) -> bool:
    """Whether a macro takes `count` arguments: the same few functions on every page, so asked once each."""
    try:
        inspect.signature(target).bind(*range(count))
    except TypeError:
        return False
    return True


def _arguments(text: str) -> list[str | int]:
    values: list[str | int] = []
    position = 0
    while position < len(text):
        found = _ARGUMENT.match(text, position)
        if not found:
            raise MacroError(f"cannot read the arguments '{text.strip()}': use quoted text or whole numbers")
        double, single, number = found.group(1, 2, 3)
        if number is not None and len(number.lstrip("-")) > MAX_DIGITS:
            raise MacroError(f"the number {number[:12]}… is too long: a macro takes at most {MAX_DIGITS} digits")
        values.append(int(number) if number is not None else double if double is not None else single)
        position = found.end()
    return values


def expand(
    page: Page, macros: Mapping[str, Callable[..., Any] | Any], stash: Callable[[str], str] | None = None
) -> str:
    """Replace every {{ macro }} in the page body; a bad one is reported at its own line."""
    return expand_text(page.body, macros, page.path, page.body_line, stash)


def expand_text(
    body: str,
    macros: Mapping[str, Callable[..., Any] | Any],
    path: Path | str,
    first_line: int | None,
    stash: Callable[[str], str] | None = None,
) -> str:
    """Replace every {{ macro }} in `body`, text that starts on `first_line` of the file `path`.

    With `stash`, a macro that returns block HTML (Markup: a table, a chart) leaves in its place the
    placeholder `stash` gives for that HTML, in a paragraph of its own: Markdown would otherwise read
    the HTML's indented or blank-line-separated parts as text.
    """

    def one(found: re.Match[str]) -> str:
        try:
            if found.group() == "{%":
                raise MacroError("'{%' is not allowed in a page: only {{ macro(...) }} is")
            if found.group(1) is None or "{{" in found.group(1):  # no }} on the line, or only after the next {{
                raise MacroError(f"`}}}}` is missing after `{_opening(body, found.start())}`: end the macro with }}}}")
            try:
                name, arguments, filters = _parse_call(found.group(1))
            except MacroError:
                if _CURLY_QUOTES.search(found.group(1)):
                    raise MacroError("curly quotes “ ” from a word processor: type straight quotes (\")") from None
                if found.group(1).count("(") > found.group(1).count(")"):
                    opened = _opening(body, found.start())
                    raise MacroError(f"the ( of `{opened}` is never closed: add ) before }}}}") from None
                raise
            if name not in macros:
                raise MacroError(f"unknown macro '{name}' (known: {', '.join(sorted(macros))})")
            target = macros[name]
            if arguments is None:
                value = target() if callable(target) else target
            elif callable(target):
                if not _accepts(target, len(arguments)):
                    raise MacroError(f"'{name}' was given the wrong number of arguments")
                value = target(*arguments)
            else:
                raise MacroError(f"'{name}' is a value, not a macro to call: write {{{{ {name} }}}}")
            text = str(value)
            for f in filters:
                text = FILTERS[f](text)
            if stash is not None and isinstance(value, Markup):
                return f"\n\n{stash(text)}\n\n"
            return text
        except MacroError as error:
            line = None if first_line is None else first_line + body.count("\n", 0, found.start())
            raise SiteError.at(path, str(error), line) from None

    return _MACRO.sub(one, body)


_CURLY_QUOTES = re.compile("[“”‘’„«»]")
_OPENING = re.compile(r"\{\{\s*[A-Za-z_]\w*\s*\(?")


def _opening(body: str, start: int) -> str:
    """How a macro begins, `{{ cost(…`, to name one an editor left open."""
    found = _OPENING.match(body, start)
    return f"{found.group().rstrip()}…" if found else "{{"


class Macros:
    """One language's macros, filled in once every extension has added its own, for text from anywhere."""

    def __init__(self) -> None:
        self.table: dict[str, Any] = {}

    def expand(self, text: str, path: Path | str, line: int | None = None) -> str:
        return expand_text(text, self.table, path, line) if "{" in text else text


# Admonition types an editor may use (`!!! warning`), with their default titles; the catalogs translate them.
ADMONITIONS = ("note", "tip", "warning")


def admonition_titles(gettext: Callable[[str], str]) -> dict[str, str]:
    return {"note": gettext("Note"), "tip": gettext("Tip"), "warning": gettext("Warning")}


class BodyRenderer:
    """Turns one language's page bodies into HTML; reuse one, it is reset for every page."""

    def __init__(
        self,
        gettext: Callable[[str], str] = str,
        glossary: tuple[Term, ...] = (),
        glossary_url: str | None = None,
        pictures: PagePictures | None = None,
    ) -> None:
        """`glossary_url`: the page that lists the glossary, where each term's first mention links to.
        `pictures`: those the pages may show (none without it)."""
        abbreviations = {t.term: t.stands_for for t in glossary if t.is_abbreviation}
        self._site = _SiteMarkdown(
            admonition_titles(gettext), glossary if glossary_url else (), glossary_url, pictures or PagePictures()
        )
        self._md = markdown.Markdown(
            output_format="html",
            extensions=[
                "tables",
                "attr_list",
                "def_list",
                "abbr",
                "md_in_html",
                "sane_lists",
                FootnoteExtension(SEPARATOR="-", BACKLINK_TITLE=gettext("Back to footnote %d in the text")),
                TocExtension(marker="", toc_depth="2-4"),
                self._site,
            ],
            extension_configs={"abbr": {"glossary": abbreviations}},
        )

    def render(self, page: Page, macros: Mapping[str, Any]) -> Body:
        _refuse_unknown_admonitions(page)
        md = self._md.reset()
        self._site.page, self._site.macros, self._site.shown, self._site.seen = page, macros, {}, {}
        _refuse_unclosed_comments(page)
        html = _drop_comments(md.convert(page.body))
        safe = sanitize(html, page.path, page.body, page.body_line)  # the allowlist: what a page may hold
        _refuse_repeated_ids(html, page)
        _refuse_raw_pictures(page, cast(list[str], md.htmlStash.rawHtmlBlocks))  # the stubs allow elements too
        _refuse_unbalanced(html, page)
        headings = tuple(
            Heading(token["id"], token["level"], _SPACE.sub(" ", _html.unescape(token["name"])).strip())
            for token in _flatten(md.toc_tokens)  # type: ignore[attr-defined]  # the toc extension adds it
        )
        return Body(html=safe, headings=headings, pictures=tuple(self._site.shown.values()))


def _flatten(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _flatten(token["children"])


class _SiteMarkdown(Extension):
    """What this site's pages need beyond the standard extensions: localized asides, CSP-clean tables."""

    def __init__(
        self, titles: Mapping[str, str], terms: tuple[Term, ...], glossary_url: str | None, pictures: PagePictures
    ) -> None:
        super().__init__()
        self.titles = titles
        self.pictures = pictures
        self.shown: dict[str, PictureFile] = {}  # the picture files of the page being rendered, by name
        self.seen: dict[str, int] = {}  # how many pictures of each file it has shown so far, for their lines
        self.terms = terms
        self.glossary_url = glossary_url
        # Longest first, so "SVF fat graft" wins over "SVF"; a term is a whole word or words.
        names = sorted((t.term for t in terms), key=len, reverse=True)
        self.term_pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b", re.I) if names else None
        self.by_name = {t.term.lower(): t for t in terms}
        self.page: Page | None = None  # the page being rendered, and its macros
        self.macros: Mapping[str, Any] = {}

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After line endings and tabs are normalized (30), before raw HTML is set aside (20).
        md.preprocessors.register(_ExpandMacros(md, self), "macros", 25)
        md.parser.blockprocessors.register(_Admonitions(md.parser, self.titles), "admonition", 105)
        # After toc (5): an aside's heading is not part of the page's contents, and every heading has its id.
        md.treeprocessors.register(_SiteTree(md, self), "site", 4)
        use_bracket_text(md)  # link text found from the brackets, not by reading every character (same output)


class _ExpandMacros(Preprocessor):
    """The page's macros, expanded first; the HTML of a block macro is set aside until Markdown is done."""

    def __init__(self, md: markdown.Markdown, site: _SiteMarkdown) -> None:
        super().__init__(md)
        self.site = site

    def run(self, lines: list[str]) -> list[str]:
        page = self.site.page
        assert page is not None
        text = expand_text("\n".join(lines), self.site.macros, page.path, page.body_line, self.md.htmlStash.store)
        return text.split("\n")


class _Admonitions(AdmonitionProcessor):
    """`!!! warning` without a title gets the catalog's word for it, in the page's language."""

    def __init__(self, parser: BlockParser, titles: Mapping[str, str]) -> None:
        super().__init__(parser)
        self.titles = titles

    def get_class_and_title(self, match: re.Match[str]) -> tuple[str, str | None]:
        klass, title = super().get_class_and_title(match)
        if match.group(2) is None:
            title = self.titles.get(klass, title)
        return klass, title


_ALIGN = re.compile(r"text-align: (left|right|center);")


class _SiteTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown, site: _SiteMarkdown) -> None:
        super().__init__(md)
        self.site = site

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        site = self.site
        assert site.page is not None
        for image in list(root.iter("img")):
            _show(image, parents[image], site)
        if site.term_pattern is not None and site.page is not None and site.page.key != GLOSSARY_KEY:
            _link_terms(root, parents, site)  # adds links in text, never moves a table: `parents` still holds
        level = 1  # of the heading an element follows: the page title is the h1
        heading = ""
        for element in list(root.iter()):
            tag = element.tag
            if tag in _HEADINGS:
                level, heading = int(tag[1]), "".join(element.itertext())
            elif tag == "div" and element.get("class", "").startswith("admonition "):
                _aside(element, min(level + 1, 6))
            elif tag in ("th", "td") and (found := _ALIGN.fullmatch(element.get("style", ""))):
                # The site's Content-Security-Policy blocks style attributes: a class aligns instead.
                del element.attrib["style"]
                element.set("class", f"align-{found.group(1)}")
            elif tag == "table":
                _wrap(element, parents[element], heading)


_HEADINGS = {f"h{n}" for n in range(1, 7)}
# Where a link to the glossary would not help: already a link, a heading, code, or the glossary's own <abbr>.
_NO_TERM_LINKS = {"a", "abbr", "code", "pre", *_HEADINGS}


def _link_terms(root: ET.Element, parents: dict[ET.Element, ET.Element], site: _SiteMarkdown) -> None:
    """Each glossary entry's first mention on the page links to its meaning on the glossary page.

    An abbreviation is already an <abbr> wherever it appears: its first one goes inside the link.
    """
    pattern = site.term_pattern
    assert pattern is not None
    seen: set[str] = set()

    def allowed(element: ET.Element | None) -> bool:
        while element is not None:
            if element.tag in _NO_TERM_LINKS:
                return False
            element = parents.get(element)
        return True

    def anchor(term: Term) -> ET.Element:
        seen.add(term.id)
        return ET.Element("a", {"class": "term", "href": f"{site.glossary_url}#term-{term.id}"})

    def first_new(text: str | None) -> tuple[re.Match[str], Term] | None:
        if not text or isinstance(text, AtomicString):
            return None
        for found in pattern.finditer(text):
            if (term := site.by_name[found.group(0).lower()]).id not in seen:
                return found, term
        return None

    def link_text(parent: ET.Element, after: ET.Element | None) -> None:
        """Link new terms in parent.text (after is None) or in after.tail, then in the text that follows."""
        while hit := first_new(parent.text if after is None else after.tail):
            found, term = hit
            text = (parent.text if after is None else after.tail) or ""
            link = anchor(term)
            link.text, link.tail = AtomicString(found.group(0)), text[found.end() :]
            if after is None:
                parent.text = text[: found.start()]
                parent.insert(0, link)
            else:
                after.tail = text[: found.start()]
                parent.insert(list(parent).index(after) + 1, link)
            after = link

    for element in list(root.iter()):
        parent = parents.get(element)
        if element.tag == "abbr" and allowed(parent):
            term = site.by_name.get((element.text or "").lower())
            if term is not None and term.id not in seen and parent is not None:
                link = anchor(term)
                link.tail, element.tail = element.tail, None
                parent.insert(list(parent).index(element), link)
                parent.remove(element)
                link.append(element)
                parents[link], parents[element] = parent, link
                element = link
        elif allowed(element):
            link_text(element, None)
        if parent is not None and allowed(parent):
            link_text(parent, element)


DECORATIVE = "decorative"  # the class that says a picture adds nothing to the words: ![](x.png){: .decorative}
# What {: …} may give a picture: the build sets its file, size and copies, and another site's address in srcset
# or a page's own width would undo that.
PICTURE_ATTRIBUTES = ("class", "title", "id", "lang")
_RAW_PICTURE = re.compile(r"<(?:img|picture|source)\b", re.I)


def _show(image: ET.Element, parent: ET.Element, site: _SiteMarkdown) -> None:
    """A picture from content/, under its published name, with its size and alt text, and its WebP copies."""
    page = site.page
    assert page is not None
    src, alt = image.get("src", ""), (image.get("alt") or "").strip()
    classes = image.get("class", "").split()
    decorative = DECORATIVE in classes
    where = _picture_line(page, src, site.seen.setdefault(src, 0))
    site.seen[src] += 1
    if refused := sorted(image.attrib.keys() - {"src", "alt", *PICTURE_ATTRIBUTES}):
        message = (
            f"the picture {src} is given {', '.join(f'{name}=' for name in refused)}, which a page may not set on "
            f"a picture: {{: …}} may give it only {', '.join(PICTURE_ATTRIBUTES)} (.decorative is a class)"
        )
        raise SiteError.at(page.path, message, where)
    try:
        picture = site.pictures.find(page.lang, src)
        site.pictures.check_weight(picture, src)
        width, height = picture.size
    except PictureError as error:
        raise SiteError.at(page.path, str(error), where) from None
    except SiteError as error:  # the file itself is at fault: the page that shows it is named too
        shows = Problem(page.path, f"shows the picture {src}, which cannot be used", where)
        raise SiteError([*error.problems, shows]) from None
    if decorative and alt:
        message = (
            f"the picture {src} is marked decorative but has alt text: keep one, "
            f"![]({src}){{: .decorative}} or ![{alt}]({src})"
        )
        raise SiteError.at(page.path, message, where)
    if not decorative and not alt:
        message = (
            f"the picture {src} has no alt text: write what it shows, ![what it shows]({src}), in the page's language; "
            f"if it only decorates, say so: ![]({src}){{: .decorative}}"
        )
        raise SiteError.at(page.path, message, where)
    extra = {name: value for name, value in image.attrib.items() if name not in ("src", "alt", "class")}
    kept = " ".join(c for c in classes if c != DECORATIVE)
    image.attrib.clear()
    image.attrib.update({"src": site.pictures.url(picture.name), "alt": alt})
    image.attrib.update({"width": str(width), "height": str(height)})
    image.attrib.update({**extra, **({"class": kept} if kept else {}), "loading": "lazy", "decoding": "async"})
    files = (PictureFile(picture), *picture.copies())
    site.shown.update((file.name, file) for file in files)
    if len(files) > 1:
        srcset = ", ".join(f"{site.pictures.url(file.name)} {file.width}w" for file in files[1:])
        element = ET.Element("picture")
        ET.SubElement(element, "source", {"type": "image/webp", "srcset": srcset, "sizes": site.pictures.sizes})
        index = list(parent).index(image)
        parent.remove(image)
        element.tail, image.tail = image.tail, None
        element.append(image)
        parent.insert(index, element)


def _picture_line(page: Page, src: str, before: int) -> int:
    """The line of the page's picture `src` that `before` others with the same file precede."""
    found = [m.start() for m in re.finditer(re.escape(f"]({src}"), page.body)] or [page.body.find(src)]
    return _line(page, found[min(before, len(found) - 1)])


def _refuse_raw_pictures(page: Page, raw: list[str]) -> None:
    """A picture written as HTML would skip every check above: it is written in Markdown instead."""
    if any(_RAW_PICTURE.search(block) for block in raw) and (found := _RAW_PICTURE.search(page.body)):
        message = (
            "a picture written as HTML: write it as ![what it shows](file.png), so its file and alt text are checked"
        )
        raise SiteError.at(page.path, message, _line(page, found.start()))


def _aside(element: ET.Element, level: int) -> None:
    """An admonition as an aside, its title a heading one level below the section it sits in."""
    element.tag = "aside"
    title = element.find("p")
    if title is not None and title.get("class") == "admonition-title":
        title.tag = f"h{level}"


def _wrap(table: ET.Element, parent: ET.Element, heading: str) -> None:
    """Let a wide table scroll inside its own region, named by the heading above it (phones, 320 px)."""
    index = list(parent).index(table)
    region = ET.Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": heading})
    region.tail, table.tail = table.tail, None
    parent.remove(table)
    region.append(table)
    parent.insert(index, region)


_ADMONITION_LINE = re.compile(r"^!!! ?([\w\-]+(?: +[\w\-]+)*).*$", re.M)
# The first line with words after a box's own line: its text, which Markdown keeps in the box only when
# it is indented by 4 spaces (or a tab); with less, the box is published empty and its text after it.
_BOX_TEXT = re.compile(r"(?:[ \t]*\n)*([ \t]*)(\S)")


def _refuse_unknown_admonitions(page: Page) -> None:
    for found in _ADMONITION_LINE.finditer(page.body):
        if found.group(1) not in ADMONITIONS:
            message = f"'!!! {found.group(1)}' is not a kind of box this site styles (known: {', '.join(ADMONITIONS)})"
            raise SiteError.at(page.path, message, _line(page, found.start()))
        text = _BOX_TEXT.match(page.body, found.end() + 1)
        box = f"!!! {found.group(1).split()[0]}"
        if text is None:
            message = f"the box `{box}` holds no text: indent the text under `{box}` by 4 spaces"
            raise SiteError.at(page.path, message, _line(page, found.start()))
        if len(text.group(1)) < 4 and "\t" not in text.group(1):
            spaces = {0: "no spaces", 1: "1 space"}.get(len(text.group(1)), f"{len(text.group(1))} spaces")
            message = (
                f"the text under `{box}` is indented by {spaces}, so it would be published outside an empty box: "
                f"indent the text under `{box}` by 4 spaces"
            )
            raise SiteError.at(page.path, message, _line(page, text.start(2)))


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def _refuse_repeated_ids(html: str, page: Page) -> None:
    """Two sections with one id: a link to it, and the translation check, could only find the first."""
    ids = _ID.findall(html)
    if len(ids) == len(set(ids)):
        return
    problems = []
    for repeated in sorted({i for i in ids if ids.count(i) > 1}):
        written = re.compile(rf"""\{{[^}}\n]*#{re.escape(repeated)}\b[^}}\n]*\}}|\sid=["']{re.escape(repeated)}["']""")
        lines = [_line(page, found.start()) for found in written.finditer(page.body)] or [page.body_line]
        shown = " and ".join(map(str, lines)) if len(lines) == 2 else ", ".join(map(str, lines))
        times = "twice" if ids.count(repeated) == 2 else f"{ids.count(repeated)} times"
        message = f"the section id '{repeated}' is given {times} on this page (lines {shown}): give each its own id"
        problems += [Problem(page.path, message, line) for line in dict.fromkeys(lines)]
    raise SiteError(problems)


def _line(page: Page, offset: int) -> int:
    """The file line of an offset into the page body; the body's first line when it is not there."""
    return page.body_line + (page.body.count("\n", 0, offset) if offset >= 0 else 0)


# An HTML comment is the editor's note to other editors, never published; code shows one as text, so
# code spans are blanked (line ends kept) before a page's comments are looked for.
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)


def _drop_comments(html: str) -> str:
    """The page without its comments: Markdown keeps them as raw HTML, and code holds none, as it escapes `<`."""
    return _COMMENT.sub("", html) if "<!--" in html else html


def _refuse_unclosed_comments(page: Page) -> None:
    """A `<!--` never closed would show the editor's note, and everything after it, as text."""
    if "<!--" not in page.body:
        return
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), page.body)
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    if (where := text.find("<!--")) >= 0:
        message = "the comment opened here with <!-- is never closed: end it with -->, or readers see it as text"
        raise SiteError.at(page.path, message, _line(page, where))


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


def _refuse_unbalanced(html: str, page: Page) -> None:
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
                page.path, f"the raw HTML {written.format(tag)}> {why}; add or remove its tag", _line(page, where)
            )

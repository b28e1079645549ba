"""Page bodies: fact macros first (macros.py), then Markdown (Python-Markdown) to HTML with stable heading ids,
the site's own tree step, and last the checks of what the Markdown may not hold (refusals.py) and the sanitizer."""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast
from xml.etree import ElementTree as ET

import markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..base.errors import Problem, SiteError
from ..base.sanitize import sanitize
from ..load.glossary import GLOSSARY_KEY
from ..load.pictures import PagePictures, PictureError, PictureFile
from ..model.model import Page, Term
from .brackets import use_bracket_text
from .macros import expand_text
from .refusals import (
    drop_comments,
    picture_line,
    refuse_raw_pictures,
    refuse_repeated_ids,
    refuse_unbalanced,
    refuse_unclosed_comments,
    refuse_unknown_admonitions,
)

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


# Admonition types an editor may use (`!!! warning`), with their default titles; the catalogs translate them.


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
            # Instances, not names: a name is looked up among the installed packages' entry points, which
            # takes longer than the rest of setting Markdown up.
            extensions=[
                TableExtension(),
                AttrListExtension(),
                DefListExtension(),
                AbbrExtension(glossary=abbreviations),
                MarkdownInHtmlExtension(),
                SaneListExtension(),
                FootnoteExtension(SEPARATOR="-", BACKLINK_TITLE=gettext("Back to footnote %d in the text")),
                TocExtension(marker="", toc_depth="2-4"),
                self._site,
            ],
        )

    def render(self, page: Page, macros: Mapping[str, Any]) -> Body:
        refuse_unknown_admonitions(page)
        md = self._md.reset()
        self._site.page, self._site.macros, self._site.shown, self._site.seen = page, macros, {}, {}
        refuse_unclosed_comments(page)
        html = drop_comments(md.convert(page.body))
        safe = sanitize(html, page.path, page.body, page.body_line)  # the allowlist: what a page may hold
        refuse_repeated_ids(html, page)
        refuse_raw_pictures(page, cast(list[str], md.htmlStash.rawHtmlBlocks))  # the stubs allow elements too
        refuse_unbalanced(html, page)
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


def _show(image: ET.Element, parent: ET.Element, site: _SiteMarkdown) -> None:
    """A picture from content/, under its published name, with its size and alt text, and its WebP copies."""
    page = site.page
    assert page is not None
    src, alt = image.get("src", ""), (image.get("alt") or "").strip()
    classes = image.get("class", "").split()
    decorative = DECORATIVE in classes
    where = picture_line(page, src, site.seen.setdefault(src, 0))
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



"""Read content/<lang>/*.md into Page objects, validating each page's front matter."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..base import schema as s
from ..base.errors import Collector, Problem, SiteError
from ..base.yamlio import parse_yaml, read_text
from ..config.config import SiteConfig
from ..config.sources import page_language, page_names, page_order
from ..extension import Extension
from ..model.model import PAGE_TYPES, Page

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
OLD_PATH = re.compile(r"/[A-Za-z0-9-]+/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+")  # "/en/old/path/": the language, then a page


def _slug(value: object) -> str | None:
    return None if value == "" else key_check(value)


def key_check(value: object) -> str | None:
    if isinstance(value, str) and SLUG.fullmatch(value):
        return None
    return "may hold only lower-case letters, digits and single hyphens (like 'getting-started')"


def old_url_check(value: object) -> str | None:
    if isinstance(value, str) and (SLUG.fullmatch(value) or OLD_PATH.fullmatch(value)):
        return None
    return "must be an old slug (like 'old-slug') or an old path below the site's address (like '/en/old-slug/')"


MAX_TITLE = 150  # characters; the guide's longest is some 70

FRONT_MATTER = {
    # Drawn on the page's link-preview picture as well: beyond this it could only end in an ellipsis there.
    "title": s.Field(s.short_text(MAX_TITLE, "a title, in search results and on the link-preview picture")),
    "description": s.Field(s.text),
    "key": s.Field(key_check),
    "slug": s.Field(_slug),
    # Review dates: optional, unless an extension requires them (Extension.required_front_matter).
    "reviewed": s.Field(s.date, required=False),
    "next_review": s.Field(s.date, required=False),
    "type": s.Field(s.text, required=False),
    "nav_title": s.Field(s.text, required=False),
    # Who checked the page's content, when someone independent has; shown with the review dates.
    "reviewed_by": s.Field(s.text, required=False),
    # Ids of entries in data/sources.yaml; the page lists them, with those it cites inline.
    "sources": s.Field(s.list_of(key_check), required=False),
    # A translation: the digest of the source page's text it was brought up to date with, written by
    # `site-builder translated`; `check` warns once the source has changed since.
    "translated_from": s.Field(
        lambda v: (
            None
            if isinstance(v, str) and len(v) == 12 and all(c in "0123456789abcdef" for c in v)
            else "must be the 12-letter digest that 'site-builder translated' writes"
        ),
        required=False,
    ),
    # A page still being written: left out of `build`, shown with a banner in the preview (assemble.py decides).
    "draft": s.Field(s.boolean, required=False),
    # The page's old addresses, each given a redirect page here (see render.py and _redirects).
    "moved_from": s.Field(s.list_of(old_url_check), required=False),
}


# Front matter shown as it is written (titles in menus, descriptions in search results): no macros there.
_WORDS_ONLY = ("title", "description", "nav_title")


class PageReader:
    """Reads pages with the front matter and page types of the engine and of the site's extensions."""

    def __init__(self, extensions: Sequence[Extension] = ()):
        self.fields = dict(FRONT_MATTER)
        self.params: list[str] = []
        for extension in extensions:
            self.fields.update(extension.front_matter)
            self.params += list(extension.front_matter)
        for extension in extensions:
            for name in extension.required_front_matter:
                self.fields[name] = replace(self.fields[name], required=True)
        self.types = PAGE_TYPES + tuple(t for extension in extensions for t in extension.page_types)
        self.fields["type"] = s.Field(s.one_of(*self.types), required=False)

    def read(self, path: Path, lang: str, text: str | None = None) -> Page:
        """Read one Markdown page (from `text` when given); raises SiteError with every problem in its front matter."""
        text = read_text(path) if text is None else text
        front, front_line, body, body_line = split_front_matter(text, path)
        data = parse_yaml(front, path, front_line)
        problems = Collector()
        if not s.validate(data, self.fields, path, problems, 1):
            problems.raise_if_any()
        for name in _WORDS_ONLY:
            if "{{" in data.get(name, ""):
                message = f"'{name}' cannot hold a macro (macros work in the page's text): write the words"
                problems.add(path, message, data.line_of(name))
        if "next_review" in data and "reviewed" in data and data["next_review"] <= data["reviewed"]:
            problems.add(path, "'next_review' must come after 'reviewed'", data.line_of("next_review"))
        if not body.strip():
            problems.add(path, "the page has no text after its front matter", body_line)
        lines = dict(data.key_lines)
        moved_from = []
        for index, old in enumerate(data.get("moved_from", ())):
            lines[f"moved_from.{index}"] = line = data["moved_from"].line_of(index)
            url = old.strip("/") + "/" if old.startswith("/") else f"{lang}/{old}/"
            if not url.startswith(f"{lang}/"):
                problems.add(path, f"'moved_from', item {index + 1}: an old path here starts with /{lang}/", line)
            moved_from.append(url)
        problems.raise_if_any()
        return Page(
            path=path,
            lang=lang,
            key=data["key"],
            slug=data["slug"],
            title=data["title"].strip(),
            description=data["description"].strip(),
            type=data.get("type", "page"),
            reviewed=data.get("reviewed"),
            next_review=data.get("next_review"),
            body=body,
            body_line=body_line,
            nav_title=data.get("nav_title"),
            reviewed_by=data.get("reviewed_by"),
            sources=tuple(data.get("sources", ())),
            translated_from=data.get("translated_from"),
            draft=data.get("draft", False),
            moved_from=tuple(moved_from),
            params={name: data[name] for name in self.params if name in data},
            field_lines=lines,
        )


def split_front_matter(text: str, path: Path) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, the body's first line)."""
    if not text.strip():
        raise SiteError.at(path, "the file is empty; a page starts with front matter between '---' lines", 1)
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        raise SiteError.at(path, "a page must start with a '---' line, then its front matter", 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "".join(lines[1:index]), 2, "".join(lines[index + 1 :]), index + 2
    raise SiteError.at(path, "the front matter opened on line 1 is never closed with a '---' line", 1)


def page_files(config: SiteConfig) -> list[Path]:
    """The Markdown file of every page, language by language, in name order (see sources.page_names)."""
    return [Path(name) for name in page_names(config)]


def read_pages(config: SiteConfig, reader: PageReader, sources: Mapping[Path, str | Page] | None = None) -> list[Page]:
    """Every page of every language, with all problems collected before failing.

    `sources` gives each page file as its text, or as the page read from it before when its text is
    unchanged; without it, every file is read now. A dict of them is handed over: each text leaves it once its
    page is read, so that a large site's text is not held twice, as the files' and as the pages' bodies.
    """
    problems = Collector()
    pages: list[Page] = []
    for lang in config.languages:
        folder = config.content_dir / lang.code
        if not folder.is_dir() and not lang.draft:  # a draft language may not have begun its pages
            problems.add(folder, f"missing: the pages in {lang.name} belong in this folder")
    files = page_files(config) if sources is None else sorted(sources, key=page_order(config))
    for path in files:
        source = None if sources is None else sources.pop(path) if isinstance(sources, dict) else sources[path]
        if isinstance(source, Page):
            pages.append(source)
            continue
        try:
            pages.append(reader.read(path, page_language(config, path), source))
        except SiteError as error:
            problems.extend(error)
    problems.raise_if_any()
    return pages


def read_each(config: SiteConfig, reader: PageReader) -> tuple[list[Page], list[Problem]]:
    """Every page that can be read, and a problem for each that cannot: for reports on a site that
    does not build yet."""
    pages, problems = [], []
    for path in page_files(config):
        try:
            pages.append(reader.read(path, page_language(config, path)))
        except SiteError as error:
            problems += error.problems
    return pages, problems

"""Stage 2a: read content/<lang>/*.md into Page objects, validating each page's front matter."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from . import schema as s
from .config import SiteConfig
from .errors import Collector, SiteError
from .model import PAGE_TYPES, Page, Source
from .yamlio import parse_yaml, read_text

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _slug(value: object) -> str | None:
    return None if value == "" else _key(value)


def _key(value: object) -> str | None:
    if isinstance(value, str) and SLUG.fullmatch(value):
        return None
    return "may hold only lower-case letters, digits and single hyphens (like 'thread-lift')"


FRONT_MATTER = {
    "title": s.Field(s.text),
    "description": s.Field(s.text),
    "key": s.Field(_key),
    "slug": s.Field(_slug),
    "reviewed": s.Field(s.date),
    "next_review": s.Field(s.date),
    "type": s.Field(s.one_of(*PAGE_TYPES), required=False),
    "nav_title": s.Field(s.text, required=False),
    "tier": s.Field(_key, required=False),
    "sources": s.Field(
        s.list_of(s.mapping_of({"title": s.Field(s.text), "url": s.Field(s.text, required=False)})),
        required=False,
    ),
}


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


def read_page(path: Path, lang: str) -> Page:
    """Read one Markdown page; raises SiteError with every problem in its front matter."""
    text = read_text(path)
    front, front_line, body, body_line = split_front_matter(text, path)
    data = parse_yaml(front, path, front_line)
    problems = Collector()
    if not s.validate(data, FRONT_MATTER, path, problems, 1):
        problems.raise_if_any()
    page_type = data.get("type", "page")
    if page_type == "procedure":
        if "tier" not in data:
            problems.add(path, "a procedure page needs 'tier': the id of its tier in data/facts.yaml", 1)
        if not data.get("sources"):
            problems.add(path, "a procedure page needs 'sources': the references its facts rest on", 1)
    elif "tier" in data:
        problems.add(path, "'tier' belongs on procedure pages only", data.line_of("tier"))
    if data["next_review"] <= data["reviewed"]:
        problems.add(path, "'next_review' must come after 'reviewed'", data.line_of("next_review"))
    if not body.strip():
        problems.add(path, "the page has no text after its front matter", body_line)
    problems.raise_if_any()
    return Page(
        path=path,
        lang=lang,
        key=data["key"],
        slug=data["slug"],
        title=data["title"].strip(),
        description=data["description"].strip(),
        type=page_type,
        reviewed=data["reviewed"],
        next_review=data["next_review"],
        body=body,
        body_line=body_line,
        nav_title=data.get("nav_title"),
        tier=data.get("tier"),
        sources=tuple(Source(src["title"], src.get("url")) for src in data.get("sources", ())),
        field_lines=dict(data.key_lines),
    )


def read_pages(config: SiteConfig, known: Mapping[str, Page] | None = None) -> list[Page]:
    """Read every page of every language, collecting all problems before failing.

    `known` holds pages already read from files (by path) that have not changed since; they are not read again.
    """
    known = known or {}
    problems = Collector()
    pages: list[Page] = []
    for lang in config.languages:
        folder = config.content_dir / lang.code
        if not folder.is_dir():
            problems.add(folder, f"missing: the pages in {lang.name} belong in this folder")
            continue
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".md")):
            page = known.get(f"{folder}/{name}")
            if page is not None:
                pages.append(page)
                continue
            try:
                pages.append(read_page(folder / name, lang.code))
            except SiteError as error:
                problems.extend(error)
    problems.raise_if_any()
    return pages


def with_body(page: Page) -> Page:
    """A page reused from the build cache, with its Markdown read again for rendering."""
    return page if page.body else replace(page, body=split_front_matter(read_text(page.path), page.path)[2])

"""The addresses the site has published, kept in `published.txt` beside site.yaml, under version control.

A link to a page, from another site, a bookmark or a search engine, lives on after the page moves. So
every address a build publishes is written down, and a later build that would publish it no more, on any
machine, is refused (or warned of, with `lost_addresses: warn` in site.yaml) until the page that
replaces it names it in `moved_from:`, or the address is retired in the file on purpose.

The file, one address a line, from the site's root whatever its base URL, with the key of its page:

    /en/about/ about
    /en/old-offer/ old-offer retired: the offer ended

`build` adds each new address; the word `retired` after an address, with any words after it, says that
it is given up on purpose. Lines starting with `#` are notes.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ..base.errors import Collector, Problem, SiteError
from ..base.yamlio import read_text
from ..config.config import SiteConfig
from ..model.model import Page

PUBLISHED_FILE = "published.txt"
_LINE = re.compile(r"(/(?:[^\s/]+/)*)\s+([a-z0-9]+(?:-[a-z0-9]+)*)(?:\s+(retired\b.*))?")
HEADER = """\
# Every address this site has published, from its root, with the key of its page. `site-builder build`
# adds new ones; keep this file under version control. A build that would no longer publish one of
# them stops (see `lost_addresses:` in site.yaml) until the page that replaces it lists the address in
# `moved_from:`, or the word `retired` is written after the address here, to give it up on purpose.
"""


class Entry(NamedTuple):  # a tuple: a site of 4,000 pages has 4,000 entries, read twice a build
    address: str  # "/en/about/"
    key: str  # of the page it showed
    line: int
    retired: str | None = None  # "retired", and why, as written


def published_path(config: SiteConfig) -> Path:
    return config.root / PUBLISHED_FILE


def read_published(config: SiteConfig) -> dict[str, Entry]:
    """The file's entries by address; none when there is no file yet (a site never built)."""
    return _read(config)[0]


def _read(config: SiteConfig) -> tuple[dict[str, Entry], str | None]:
    """The file's entries by address, and its text as read (None when there is no file yet)."""
    path = published_path(config)
    if not path.exists():
        return {}, None
    text = read_text(path)
    return _parse(path, text), text


@functools.lru_cache(maxsize=1)
def _parse(path: Path, text: str) -> dict[str, Entry]:
    """The entries of the file's text; the same text is parsed once (a build checks the addresses, then
    records them). Not to be changed by the caller: the next caller may be given the same dictionary."""
    entries: dict[str, Entry] = {}
    problems = Collector()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _LINE.fullmatch(line.strip())
        if found is None:
            message = "a line here is an address and its page's key, like '/en/about/ about', then "
            problems.add(path, message + "'retired' to give the address up", number)
        elif (first := entries.get(found.group(1))) is not None:
            problems.add(path, f"{found.group(1)} is listed twice (lines {first.line} and {number}): keep one", number)
        else:
            entries[found.group(1)] = Entry(found.group(1), found.group(2), number, found.group(3))
    problems.raise_if_any()
    return entries


def addresses(pages: Iterable[Page]) -> dict[str, Page]:
    """Every address the pages publish, each page's own and the old ones that redirect to it, with the page."""
    found = {}
    for page in pages:
        found[f"/{page.url_path}"] = page
        for old in page.moved_from:
            found[f"/{old}"] = page
    return found


def lost_addresses(config: SiteConfig, pages: Iterable[Page]) -> list[Problem]:
    """A problem for each address the file lists, not retired, that the pages no longer publish."""
    entries = read_published(config)
    now = addresses(pages)
    by_key = {(page.lang, page.key): page for page in now.values()}
    problems = []
    for address, entry in sorted(entries.items()):
        if entry.retired or address in now:
            continue
        lang = address.strip("/").split("/")[0]
        retire = f"or, to give it up on purpose, write 'retired' after it in {PUBLISHED_FILE} (line {entry.line})"
        page = by_key.get((lang, entry.key))
        if page is not None:
            message = (
                f"the address {address} was published and is gone: this page (key '{entry.key}') is now at "
                f"/{page.url_path}; add `moved_from: [{address}]` to its front matter to send links here, {retire}"
            )
            problems.append(Problem(page.path, message, page.line_of("slug")))
        else:
            message = (
                f"the address {address} was published (for the page with key '{entry.key}') and no page has it now: "
                f"add `moved_from: [{address}]` to the page that replaces it, {retire}"
            )
            problems.append(Problem(published_path(config), message, entry.line))
    return problems


def check_addresses(config: SiteConfig, pages: Iterable[Page]) -> list[str]:
    """The warnings for lost addresses, with `lost_addresses: warn` or in the preview; else raises with them."""
    lost = lost_addresses(config, pages)
    if lost and config.lost_addresses == "fail" and not config.preview:
        raise SiteError(lost)
    return [str(problem) for problem in lost]


def record_published(config: SiteConfig, pages: Iterable[Page]) -> bool:
    """Add the addresses the pages publish to the file, written whole and at once; True if it changed."""
    entries, before = _read(config)
    lines = {address: (entry.key, entry.retired) for address, entry in entries.items()}
    for address, page in addresses(pages).items():
        lines[address] = (page.key, None)  # a retired address a page takes again is live again
    text = HEADER + "".join(
        f"{address} {key}{f' {retired}' if retired else ''}\n" for address, (key, retired) in sorted(lines.items())
    )
    if text == before:
        return False
    path = published_path(config)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{PUBLISHED_FILE}.", dir=config.root)
    except OSError as error:
        message = f"cannot be written, so the addresses published now are not kept: {error.strerror}"
        raise SiteError.at(path, message) from None
    try:
        os.chmod(temporary, 0o644)  # a file of the project, like the others, not a private one
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True

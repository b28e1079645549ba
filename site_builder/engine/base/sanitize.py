"""Page HTML through an allowlist: only the elements, attributes and addresses this site's pages use.

The sanitizer is nh3 (the Ammonia library), which parses HTML as a browser does, entities, stray
slashes and split schemes included. Nothing is dropped in silence: the same HTML is also cleaned with
everything it holds allowed, and where the two results differ, what the allowlist removed is reported
at its line with what to write instead, and the build refuses the page.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nh3

from .errors import Problem, SiteError

_TEXT = (
    "p br hr h1 h2 h3 h4 h5 h6 a abbr b i u s em strong small mark sub sup code kbd samp var pre q cite "
    "dfn time span bdi bdo del ins blockquote ul ol li dl dt dd div section article aside nav header footer "
    "figure figcaption picture source img details summary table caption colgroup col thead tbody tfoot tr th td"
)
# The charts' and pictures' drawings: shapes and text, no links, no animation, nothing fetched.
_SVG = "svg g title desc defs pattern rect line polyline polygon circle ellipse path text tspan"
TAGS = frozenset((_TEXT + " " + _SVG).split())

_EVERYWHERE = {"class", "id", "lang", "title", "dir", "role", "hidden", "tabindex", "translate"}
_SHAPES = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "d", "points",
    "transform", "text-anchor", "dominant-baseline", "dx", "dy", "fill", "stroke", "stroke-width", "opacity",
}  # fmt: skip
_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "svg": {"viewBox", "xmlns", "width", "height", "preserveAspectRatio", "focusable"},
    # A tile repeated over a shape (the icon arrays' dots), filled in by url(#its-id) on the same page.
    "pattern": {"width", "height", "x", "y", "patternUnits", "viewBox"},
    **{shape: _SHAPES for shape in "g rect line polyline polygon circle ellipse path text tspan".split()},
}
ATTRIBUTES = {"*": _EVERYWHERE, **_ATTRIBUTES}
PREFIXES = frozenset({"aria-", "data-"})
# Links may lead to other sites, mail and phones; everything else a page shows comes from the site itself.
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_OWN_FILES = {"src", "srcset"}  # addresses the policy lets load only from the site: img-src 'self'
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")
_SCHEME_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*$")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_CONTROLS = re.compile(r"[\x00-\x20]")  # what a URL parser strips from a scheme, as browsers do


def _own_file(tag: str, attribute: str, value: str) -> str | None:
    """A picture from elsewhere breaks under img-src 'self': only the site's own addresses stay."""
    if attribute in _OWN_FILES and tag in ("img", "source"):
        parts = value.split(",") if attribute == "srcset" else [value]
        for part in parts:
            address = _CONTROLS.sub("", _html.unescape(part.strip().split(" ")[0]))
            if _SCHEME.match(address) or address.startswith("//") or address.startswith("\\"):
                return None
    return value


def clean(html: str) -> str:
    """The HTML as the allowlist leaves it."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes=set(PREFIXES),
        url_schemes=set(SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_own_file,
    )


def _unfiltered(html: str) -> str:
    """The same HTML through the same parser with all it holds allowed: what `clean` is compared with."""
    tags = {name for found in _TAG_NAME.findall(html) for name in (found, found.lower())}
    return nh3.clean(
        html,
        tags=tags | TAGS,
        clean_content_tags=set(),
        attributes={},
        generic_attribute_prefixes={""},
        url_schemes=_schemes(html) | SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _schemes(html: str) -> set[str]:
    """Every scheme an address in `html` may have, as a URL parser reads it (entities decoded, tabs, line
    breaks and leading spaces dropped), and more: a word too many only allows what was there already.
    Found from each colon back, which is far quicker than a pattern tried at every letter."""
    plain = _html.unescape(html) if "&" in html else html
    found = {"javascript", "vbscript", "data", "file", "blob"}
    at = plain.find(":")
    while at >= 0:
        before = _CONTROLS.sub("", plain[max(0, at - 80) : at])
        if word := _SCHEME_BEFORE.search(before):
            found.add(word.group().lower())
        at = plain.find(":", at + 1)
    return found


@dataclass(frozen=True)
class Removed:
    """Something the allowlist takes out: a `tag`, or its `attribute` (with its value)."""

    tag: str
    attribute: str | None = None
    value: str = ""

    @property
    def message(self) -> str:
        tag, name, value = self.tag, self.attribute, self.value
        if name is None:
            return _TAG_MESSAGES.get(tag, f"the element <{tag}> is not one a page may use: write it in Markdown")
        if name.lower().startswith("on"):
            return (
                f"an event attribute ({name}=…) on <{tag}>: the site's security policy blocks it, and a page "
                "runs no script; remove it"
            )
        if name.lower() == "style":
            return f"a style attribute on <{tag}>: the site's security policy blocks it; use a class"
        if name.lower() in ("src", "srcset") and tag in ("img", "source"):
            return (
                f"a picture from another site ({name}={_short(value)}): the site's security policy shows only its "
                "own; put the file beside the page and write ![what it shows](file.png)"
            )
        address = _CONTROLS.sub("", _html.unescape(value))
        if found := _SCHEME.match(address):
            return (
                f"a {found.group(1).lower()}: address in {name}= on <{tag}>: a page links only to http:, https:, "
                "mailto: or tel: addresses, or to its own site's pages; link to a page instead"
            )
        return f"the attribute {name}= on <{tag}> is not one a page may use: remove it, or use a class"


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


_REDIRECT = "a page that moved is listed under its new page's moved_from, and the build leaves the redirect"
_TAG_MESSAGES = {
    "script": "a script in page text: the site's security policy blocks it, and a page runs no script; remove it",
    "style": "a <style> element: the site's security policy blocks it; the look comes from static/css, use a class",
    "link": "a <link> (an outside stylesheet or resource): the site's security policy blocks it; remove it",
    "base": "a <base> element: it would send every link, and the site's own scripts, to another address; remove it",
    "meta": f"a <meta> element in page text (a refresh is an open redirect); remove it: {_REDIRECT}",
    "form": "a form: the site sends nothing anywhere; remove it, and link to where a reader can write instead",
    "iframe": "an <iframe> (another page inside this one): the site's security policy blocks it; link to it instead",
    "frame": "a frame: the site's security policy blocks it; link to the page instead",
    "object": "an <object>: the site's security policy blocks embedded content; link to the file instead",
    "embed": "an <embed>: the site's security policy blocks embedded content; link to the file instead",
}
for _control in ("input", "button", "select", "textarea", "option", "label", "fieldset", "legend", "output"):
    _TAG_MESSAGES[_control] = f"a form control <{_control}>: a page collects nothing; remove it"
for _motion in ("animate", "set", "animatemotion", "animatetransform", "animateMotion", "animateTransform"):
    _TAG_MESSAGES[_motion] = f"an SVG animation <{_motion}>, which can change a link's address: remove it"


class _Tags(HTMLParser):
    """Each start tag of serialized HTML with its attributes, values decoded; comments are gone already."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


# HTMLParser lowers names; the allowlist names a few SVG ones in their own case.
_CASED = {name.lower(): name for names in _ATTRIBUTES.values() for name in names if name != name.lower()}


def _allowed(tag: str, name: str) -> bool:
    name = _CASED.get(name, name)
    return (
        name in _EVERYWHERE
        or name in _ATTRIBUTES.get(tag, ())
        or (any(name.startswith(p) for p in PREFIXES) and len(name) > 5)
    )


def removed(html: str, cleaned: str | None = None) -> Iterator[Removed]:
    """What `clean` would take out of `html` (whose `clean` output the caller may have already), element by
    element; nothing when it keeps it all."""
    full = _unfiltered(html)
    if (clean(html) if cleaned is None else cleaned) == full:
        return
    parser = _Tags()
    parser.feed(full)
    parser.close()
    told = False
    for tag, attrs in parser.tags:
        if tag not in TAGS and _CASED_TAGS.get(tag, tag) not in TAGS:
            told = True
            yield Removed(tag)
            continue
        for name, value in attrs:
            if not _allowed(tag, name):
                told = True
                yield Removed(tag, name, value)
            elif name in ("href", "src", "srcset", "cite") and _own_file(tag, name, value) is None:
                told = True
                yield Removed(tag, name, value)
            elif name == "href" and (found := _SCHEME.match(_CONTROLS.sub("", _html.unescape(value)))):
                if found.group(1).lower() not in SCHEMES:
                    told = True
                    yield Removed(tag, name, value)
    if not told:  # the parsers read it differently: refuse it rather than guess
        yield Removed("?", "markup", "")


_CASED_TAGS = {name.lower(): name for name in TAGS if name != name.lower()}


def _where(found: Removed, body: str) -> int | None:
    """The offset in the page's own text of what was removed; None when a macro's output holds it."""
    if found.attribute is None:
        pattern = rf"<\s*{re.escape(found.tag)}\b"
    elif found.attribute == "markup":
        pattern = r"<[A-Za-z!/]"
    elif found.attribute.lower().startswith("on"):
        pattern = rf"\b{re.escape(found.attribute)}\s*="
    elif found.value and (value := re.search(re.escape(found.value[:20]), body)):
        return value.start()
    else:
        pattern = rf"\b{re.escape(found.attribute)}\s*="
    hit = re.search(pattern, body, re.I)
    if hit is None and found.attribute not in (None, "markup"):
        hint = r"(?:java|vb)\s*script|data\s*:|&#|&colon;|\{:"
        hit = re.search(hint, body, re.I) or re.search(r"<[A-Za-z]", body)
    return hit.start() if hit else None


def sanitize(html: str, path: Path | str, body: str, first_line: int) -> str:
    """`html`, made from `body` (whose first line is `first_line` of `path`), through the allowlist.

    Raises SiteError naming each thing the allowlist would remove, at its line, with what to write instead.
    """
    cleaned = clean(html)
    problems: list[Problem] = []
    for found in removed(html, cleaned):
        if found.attribute == "markup":
            message = "HTML the site's sanitizer reads differently from how it is written: write it in Markdown"
        else:
            message = found.message
        offset = _where(found, body)
        line = first_line + body.count("\n", 0, offset) if offset is not None else first_line
        problems.append(Problem(path, message, line))
    if problems:
        raise SiteError(dict.fromkeys(problems))
    return cleaned

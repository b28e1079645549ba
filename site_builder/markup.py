"""Page bodies: fact macros (Jinja) first, then Markdown to HTML with stable heading ids."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import markdown

from .errors import SiteError
from .model import Page

_MACRO_SOURCE = "<page>"
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Heading:
    id: str
    level: int
    text: str


@dataclass(frozen=True)
class Body:
    html: str
    headings: tuple[Heading, ...]


class MacroError(Exception):
    """A macro was called with an id the data does not have; carries a plain message."""


def _line_in_template(exc: BaseException) -> int | None:
    # Jinja rewrites tracebacks so frames from the page body carry the body's own line numbers.
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _MACRO_SOURCE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class BodyRenderer:
    """Turns one language's page bodies into HTML; reuse one per language (Markdown is reset per page)."""

    def __init__(self) -> None:
        # Markdown's heading ids look like "{#risks}", which is Jinja's comment syntax: move comments aside.
        self._env = jinja2.Environment(
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # noqa: S701 - the body is Markdown; macros return trusted HTML from our data
            keep_trailing_newline=True,
            comment_start_string="{!--",
            comment_end_string="--!}",
        )
        self._md = markdown.Markdown(
            extensions=["extra", "toc", "sane_lists"],
            extension_configs={"toc": {"toc_depth": "2-4"}},
            output_format="html",
        )

    def expand(self, page: Page, macros: Mapping[str, Callable[..., Any] | Any]) -> str:
        try:
            code = self._env.compile(page.body, filename=_MACRO_SOURCE)
            template = self._env.template_class.from_code(self._env, code, self._env.make_globals(None))
            return template.render(**macros)
        except jinja2.TemplateSyntaxError as exc:
            raise self._error(page, exc, f"macro syntax error: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise self._error(page, exc, f"unknown name in a macro: {exc.message}") from None
        except MacroError as exc:
            raise self._error(page, exc, str(exc)) from None
        except (TypeError, ValueError, jinja2.TemplateError) as exc:
            raise self._error(page, exc, f"a macro could not be used this way: {exc}") from None

    @staticmethod
    def _error(page: Page, exc: BaseException, message: str) -> SiteError:
        line = _line_in_template(exc)
        return SiteError.at(page.path, message, page.body_line + line - 1 if line else page.body_line)

    def render(self, page: Page, macros: Mapping[str, Any]) -> Body:
        self._md.reset()
        html = self._md.convert(self.expand(page, macros))
        headings = tuple(_headings(self._md.toc_tokens))  # type: ignore[attr-defined]
        return Body(html=html, headings=headings)


def _headings(tokens: list[dict[str, Any]]) -> list[Heading]:
    found = []
    for token in tokens:
        found.append(Heading(token["id"], token["level"], _TAGS.sub("", token["name"])))
        found.extend(_headings(token["children"]))
    return found

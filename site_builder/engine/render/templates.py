"""The Jinja2 environment: templates looked up in the site's folder, then the theme's, from regular files only;
compiled once a process; the security policy the head carries; a template's mistake named at its file and line."""


from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import GETTEXT_FUNCTIONS, extract_from_ast
from markupsafe import Markup

from ..base.errors import SiteError
from ..base.files import refusal
from ..config.config import SiteConfig
from ..load.i18n import TemplateString
from ..model.model import Page
from .timeout import RenderTimeoutError


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, so the preview's rebuilds skip compiling
    them again; Jinja2 compares each with its template's source before using it."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


# The site's Content-Security-Policy. `_headers` sends all of it where the host reads that file; every page
# also carries it as <meta http-equiv>, so a host that ignores `_headers` (GitHub Pages) still enforces it.
# A meta element cannot hold frame-ancestors, report-uri or sandbox: the header alone sends those.
SECURITY_POLICY = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("connect-src", "'self'"),  # the search page fetches its language's index from this site alone
    ("font-src", "'self'"),
    ("manifest-src", "'self'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)


_HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def security_policy(meta: bool = False) -> str:
    """The policy as `_headers` sends it, or (`meta`) as much of it as a page's <meta> element can hold."""
    return "; ".join(f"{name} {value}" for name, value in SECURITY_POLICY if not (meta and name in _HEADER_ONLY))


class _RegularFiles(jinja2.FileSystemLoader):
    """Templates from regular files only: a named pipe in templates/ would make the build wait for ever."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = os.path.join(folder, *jinja2.loaders.split_template_path(template))
            try:
                mode = os.stat(path).st_mode
            except OSError:
                continue
            if (error := refusal(path, mode)) is not None:
                raise SiteError.at(path, f"cannot be read: {error.strerror}")
        return super().get_source(environment, template)


class Environment(jinja2.Environment):
    """The render environment, which keeps the UI strings of each template it compiles, by the template's
    source text: the check for untranslated strings reads them here instead of parsing every template again.
    Keyed by the very text compiled, so a changed template can only miss and be read again, never be stale."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.messages: dict[str, tuple[TemplateString, ...]] = {}

    def compile(
        self,
        source: str | jinja2.nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]  # `raw` as given
        tree = self.parse(source, name, filename)  # as compile() would parse it
        self.messages[source] = tuple(extract_from_ast(tree, GETTEXT_FUNCTIONS))
        try:
            return super().compile(tree, name, filename, raw, defer_init)  # type: ignore[call-overload]  # `raw` as given
        except jinja2.TemplateSyntaxError as error:  # a mistake found past parsing carries its source, as before
            error.source = error.source or source
            raise


def make_environment(templates: Sequence[Path], globals: dict[str, Any]) -> Environment:  # noqa: A002
    """One environment for every language: templates compile once; gettext is switched per language.

    A template is looked for in each of `templates` in turn (the site's, then the theme's), file by file."""
    env = Environment(
        loader=_RegularFiles(templates),
        bytecode_cache=_COMPILED,
        auto_reload=False,  # templates cannot change during a build, and each build makes its own environment
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Quotes and semicolons only: nothing in the policy needs escaping in an attribute.
    env.globals.update(security_policy=security_policy(), page_policy=Markup(security_policy(meta=True)))
    env.globals.update(globals)
    return env


def template_error(templates: Sequence[Path], exc: BaseException, page: Page | None = None) -> SiteError | None:
    """Name the template file and line of an error, whether at compile or at render time.

    None when the error is not a template's: no Jinja error, and no template on the way to it.
    """
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    roots = tuple(str(folder.resolve()) for folder in templates)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(roots):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, jinja2.TemplateError):
        message = exc.message or str(exc)
    elif isinstance(exc, RenderTimeoutError):
        name = name or (page and page.path)  # stopped in the page's own text, not in a template
        message = str(exc)
    elif name is None:
        return None
    elif isinstance(exc, RecursionError):
        message = "it calls itself without end (a macro or include that never stops)"
    else:
        message = f"{exc} ({type(exc).__name__})"
    return SiteError.at(name or templates[0], f"template error: {message}", line)


@contextlib.contextmanager
def template_errors(templates: Sequence[Path], page: Page | None = None) -> Iterator[None]:
    """A mistake raised inside a template, of whatever kind, as a SiteError at the template's file and line."""
    try:
        yield
    except SiteError:
        raise
    except Exception as exc:
        error = template_error(templates, exc, page)
        if error is None:  # the builder's own fault: a traceback is the right report
            raise
        raise error from None


def compile_templates(env: jinja2.Environment, config: SiteConfig, page_types: set[str]) -> None:
    """The site's templates and the theme's that pages of these types use, compiled into `env` now: workers
    forked afterwards inherit them instead of each compiling its own. A template that does not compile is
    left to the page or file that uses it, which reports it with its file and line."""
    from ..load.theme import theme_templates

    site, theme = config.template_dirs
    names = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()] if site.is_dir() else []
    names += [p.relative_to(theme).as_posix() for p in theme_templates(config, page_types)]
    for name in names:
        try:
            env.get_template(name)
        except Exception:  # noqa: S112 - reported where the template is used, with its file and line
            continue

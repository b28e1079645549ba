"""The render environment: the UI strings it keeps of each template it compiles are those a fresh parse finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from site_builder.engine.render.templates import make_environment
from tests.helpers import PROJECT

# Whitespace control of every kind around gettext calls: the render environment trims blocks, a fresh one does not.
TRIMMED = """{% if x %}
  {%- set a = _("One") %}
    {% for i in y -%}
{{ ngettext("%(num)s page", "%(num)s pages", i) }}
    {%+ endfor %}
{#- a comment
over lines -#}
  {% trans %}Two{% endtrans %}
{% endif %}
{{ gettext("Three") }}
"""


def fresh(source: str) -> list[tuple[int, str, object]]:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # noqa: S701 - reads strings, renders nothing
    return list(env.extract_translations(source))  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it


def test_the_strings_kept_at_compiling_are_those_a_fresh_parse_finds_with_their_lines(tmp_path: Path) -> None:
    # Copies: the process keeps what it compiled by each template's file, and would not compile these again.
    folders = [tmp_path / "site", tmp_path / "theme", tmp_path / "more"]
    shutil.copytree(PROJECT / "templates", folders[0])
    shutil.copytree(PROJECT / "site_builder" / "theme" / "templates", folders[1])
    folders[2].mkdir()
    (folders[2] / "trimmed.html").write_text(TRIMMED, encoding="utf-8")
    env = make_environment(folders, {})
    names = sorted({p.relative_to(f).as_posix() for f in folders for p in f.rglob("*.html") if p.is_file()})
    for name in names:
        env.get_template(name)
    sources = {env.loader.get_source(env, name)[0] for name in names}  # type: ignore[union-attr]  # it has a loader
    assert sources == env.messages.keys()
    for source in sources:
        assert list(env.messages[source]) == fresh(source)
    assert [line for line, _, _ in env.messages[TRIMMED]] == [2, 4, 8, 10]


def test_a_template_that_fails_past_parsing_fails_as_before_and_keeps_what_its_parse_found(tmp_path: Path) -> None:
    source = '{{ _("Kept") }}\n{{ x|no_such_filter }}\n'
    (tmp_path / "broken.html").write_text(source, encoding="utf-8")
    env = make_environment([tmp_path], {})
    try:
        env.get_template("broken.html")
    except jinja2.TemplateSyntaxError as error:  # an unknown filter is found in making the code, with its line
        assert (error.lineno, error.source) == (2, source)
    else:
        raise AssertionError("an unknown filter compiled")
    assert list(env.messages[source]) == fresh(source) == [(1, "_", "Kept")]

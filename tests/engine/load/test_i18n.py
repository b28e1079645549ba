"""The catalog check: a translation keeps its source's placeholders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.support import Translations

from site_builder.engine.base.errors import SiteError
from site_builder.engine.load.i18n import read_catalog, template_gettext
from site_builder.engine.render.templates import make_environment


def catalog(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "messages.po"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "translation", "message"),
    [
        ("%(amount)s or more", "%(jumlah)s atau lebih", "unknown named placeholder 'jumlah'"),
        ("%(amount)s or more", "%(amount)d atau lebih", "incompatible format for placeholder 'amount'"),
        ("%s of %d", "%s dari", "positional format placeholders are unbalanced"),
        ("%s of %d", "%d dari %s", "positional format placeholders are unbalanced"),
        ("%(a)s of %(b)s", "%s dari %s", "differ in positional and named placeholders"),
    ],
)
def test_a_translation_that_breaks_a_placeholder_is_reported_on_its_line(
    tmp_path: Path, source: str, translation: str, message: str
) -> None:
    entries = ['msgid "ok"', 'msgstr "oke"', "", "#, python-format", f'msgid "{source}"', f'msgstr "{translation}"']
    path = catalog(tmp_path, *entries)
    with pytest.raises(SiteError) as error:
        read_catalog(path, "id")
    (problem,) = error.value.problems
    assert problem.line == 5 and message in problem.message


def test_a_translation_may_reorder_named_placeholders(tmp_path: Path) -> None:
    path = catalog(
        tmp_path,
        "#, python-format",
        'msgid "%(a)s of %(b)s, 100%%"',
        'msgstr "%(b)s, 100%% dari %(a)s"',
        "",
        "#, python-format",
        'msgid "%(untranslated)s"',
        'msgstr ""',
    )
    assert len(read_catalog(path, "id")) == 2


@pytest.mark.parametrize(
    ("source", "translation", "message"),
    [
        ("Total: %(amount)s", "Jumlah", "drops the placeholder %(amount)s"),
        ("%(a)s and %(b)s", "%(a)s saja", "drops the placeholder %(b)s"),
        ("%(amount)s off", "%(amount)s 100% aman", "write %% for a literal %"),
        ("Close", "<script>alert(1)</script>Tutup", "HTML in a translation whose source is plain text"),
        ('Read <a href=\\"#x\\">this</a>', '<a href=\\"javascript:x()\\">Baca</a>', "javascript:"),
        ('Read <a href=\\"#x\\">this</a>', '<a href=\\"#x\\" onclick=\\"x()\\">Baca</a>', "event attribute"),
    ],
)
def test_each_catalog_problem_is_reported_at_its_po_line(
    tmp_path: Path, source: str, translation: str, message: str
) -> None:
    path = catalog(tmp_path, 'msgid "ok"', 'msgstr "oke"', "", f'msgid "{source}"', f'msgstr "{translation}"')
    with pytest.raises(SiteError) as error:
        read_catalog(path, "id")
    (problem,) = error.value.problems
    assert problem.path == path and problem.line == 4 and message in problem.message, problem


def render_with(tmp_path: Path, entries: list[str], template: str, **values: object) -> str:
    translations = Translations(io.BytesIO(_mo(read_catalog(catalog(tmp_path, *entries), "id"))))
    env = make_environment(tmp_path, {})
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(template_gettext(translations))
    return env.from_string(template).render(values)


def _mo(parsed: object) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, parsed)  # type: ignore[arg-type]
    return buffer.getvalue()


def test_a_translation_is_text_escaped_like_any_other(tmp_path: Path) -> None:
    html = render_with(tmp_path, ['msgid "Close"', 'msgstr "Tutup & keluar"'], '<p>{{ _("Close") }}</p>')
    assert html == "<p>Tutup &amp; keluar</p>"


def test_the_source_text_is_escaped_too_and_values_with_it(tmp_path: Path) -> None:
    html = render_with(tmp_path, [], '{{ _("By %(name)s", name=who) }}', who="<b>Dr</b>")
    assert html == "By &lt;b&gt;Dr&lt;/b&gt;"


def test_a_literal_percent_in_a_plain_string_stays_as_written(tmp_path: Path) -> None:
    entries = ['msgid "Fully safe"', 'msgstr "100% aman"']
    assert render_with(tmp_path, entries, '{{ _("Fully safe") }}') == "100% aman"


def test_a_double_percent_in_a_format_string_is_one_percent(tmp_path: Path) -> None:
    entries = ['msgid "%(n)s%% off"', 'msgstr "diskon %(n)s%%"']
    assert render_with(tmp_path, entries, '{{ _("%(n)s%% off", n=5) }}') == "diskon 5%"


def test_a_string_declared_to_hold_markup_keeps_its_allowed_tags(tmp_path: Path) -> None:
    entries = ['msgid "Read <em>this</em>"', 'msgstr "Baca <em>ini</em>"']
    assert render_with(tmp_path, entries, '{{ _("Read <em>this</em>") }}') == "Baca <em>ini</em>"

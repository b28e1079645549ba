"""The catalog check: a translation keeps its source's placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.errors import SiteError
from site_builder.engine.i18n import read_catalog


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


def test_a_translation_may_reorder_or_leave_out_named_placeholders(tmp_path: Path) -> None:
    path = catalog(
        tmp_path,
        "#, python-format",
        'msgid "%(a)s of %(b)s, 100%%"',
        'msgstr "%(b)s, 100%% dari %(a)s"',
        "",
        "#, python-format",
        'msgid "%(a)s and %(b)s"',
        'msgstr "%(a)s saja"',
        "",
        "#, python-format",
        'msgid "%(untranslated)s"',
        'msgstr ""',
    )
    assert len(read_catalog(path, "id")) == 3

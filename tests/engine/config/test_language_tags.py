"""Language codes are BCP 47 tags: a region or a script may follow the language (pt-BR, zh-Hant), and the
Babel locale follows from the code unless site.yaml names one."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import cldr_problems, load_config
from site_builder.engine.load.content import old_url_check

CONFIG = """\
base_url: https://tags.example.org/
default_language: en
publisher: {{name: Tags, url: "https://tags.example.org"}}
languages:
  en: {{name: English, site_name: Tags}}
  {code}: {{name: Other, site_name: Other}}
nav: []
"""


def config_with(root: Path, code: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(CONFIG.format(code=code), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("code", "locale"),
    [("pt-BR", "pt_BR"), ("zh-Hant", "zh_Hant"), ("zh-Hant-TW", "zh_Hant_TW"), ("es-419", "es_419"), ("fil", "fil")],
)
def test_a_code_with_a_script_or_region_is_accepted_with_its_locale(tmp_path: Path, code: str, locale: str) -> None:
    config = load_config(config_with(tmp_path, code))
    assert config.language(code).locale == locale
    assert cldr_problems(config) == []


@pytest.mark.parametrize("code", ["pt_BR", "PT", "pt-br", "zh-hant", "english", "e1"])
def test_a_code_that_is_no_bcp_47_tag_is_refused_at_its_line(tmp_path: Path, code: str) -> None:
    with pytest.raises(SiteError) as caught:
        load_config(config_with(tmp_path, code))
    [problem] = caught.value.problems
    assert problem.line == 6 and "must be a BCP 47 tag" in problem.message and code in problem.message


def test_a_locale_babel_does_not_know_is_reported_at_the_language_when_it_comes_from_the_code(tmp_path: Path) -> None:
    config = load_config(config_with(tmp_path, "qq-ZZ"))
    [problem] = cldr_problems(config)
    assert (problem.line, problem.message) == (6, "'qq_ZZ' is not a locale Babel knows (try en_SG, id_ID)")


def test_an_old_address_may_start_with_a_tagged_language() -> None:
    assert old_url_check("/pt-BR/antigo/") is None
    assert old_url_check("/zh-Hant/") is not None  # a language alone is no page's old address

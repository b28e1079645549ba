"""A site without the guide extension needs none of the guide's settings, pages, review dates or UI strings;
the guide asks for them through its extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.build import load_site
from site_builder.engine.config.config import language_problems, load_config
from site_builder.engine.load.assemble import assemble_site
from site_builder.engine.load.content import PageReader
from site_builder.engine.load.i18n import template_messages
from site_builder.guide import EXTENSION as GUIDE
from tests.helpers import FIXTURE, PLAIN_CONFIG, PLAIN_PAGE, copy_sources, write_plain


def test_a_language_needs_no_currencies_or_money_format_without_the_guide(tmp_path: Path) -> None:
    config = load_config(write_plain(tmp_path / "plain"))
    assert config.languages[0].settings == {}
    assert language_problems(config, {}) == []


def test_a_setting_no_extension_declares_is_refused_at_its_line(tmp_path: Path) -> None:
    text = PLAIN_CONFIG.replace("site_name: Plain Site}", "site_name: Plain Site, currencies: [GBP]}")
    config = load_config(write_plain(tmp_path / "plain", text))
    problems = language_problems(config, {})
    assert [(p.message, p.line) for p in problems] == [("unknown field 'currencies'", 5)]


def test_a_misspelt_language_field_is_named_with_what_it_may_have_meant(tmp_path: Path) -> None:
    text = PLAIN_CONFIG.replace("locale: en_GB", "locael: en_GB")
    problems = language_problems(load_config(write_plain(tmp_path / "plain", text)), {})
    assert [p.message for p in problems] == ["unknown field 'locael' (did you mean 'locale'?)"]


def test_the_guide_declares_currencies_and_money_format_and_wants_them(tmp_path: Path) -> None:
    config = load_config(write_plain(tmp_path / "plain"))
    problems = language_problems(config, GUIDE.language_fields)
    missing = sorted({p.message for p in problems})
    assert missing == ["the required field 'currencies' is missing", "the required field 'money_format' is missing"]
    guide = load_config(FIXTURE)
    assert language_problems(guide, GUIDE.language_fields) == []
    assert guide.language("en").settings["currencies"] == ["SGD", "USD"]


def test_an_unknown_currency_is_the_guide_s_problem_at_its_line(fixture_copy: Path) -> None:
    config_file = fixture_copy / "site.yaml"
    config_file.write_text(config_file.read_text().replace("[SGD, USD]", "[SGD, SGF]"))
    problems = GUIDE.check_config(load_config(fixture_copy))
    assert [(p.message, p.line) for p in problems] == [("'SGF' is not a currency code", 5)]


def test_review_dates_are_optional_unless_an_extension_requires_them(tmp_path: Path) -> None:
    path = write_plain(tmp_path / "plain") / "content" / "en" / "welcome.md"
    page = PageReader().read(path, "en")
    assert (page.reviewed, page.next_review) == (None, None)
    with pytest.raises(SiteError) as caught:
        PageReader([GUIDE]).read(path, "en")
    assert {p.message for p in caught.value.problems} == {
        "the required field 'reviewed' is missing",
        "the required field 'next_review' is missing",
    }


def test_review_dates_given_on_a_plain_site_are_still_checked(tmp_path: Path) -> None:
    path = write_plain(tmp_path / "plain") / "content" / "en" / "welcome.md"
    dated = "slug: welcome\nreviewed: 2026-02-01\nnext_review: 2026-01-01\n"
    path.write_text(PLAIN_PAGE.replace("slug: welcome\n", dated))
    with pytest.raises(SiteError) as caught:
        PageReader().read(path, "en")
    assert [p.message for p in caught.value.problems] == ["'next_review' must come after 'reviewed'"]


def test_a_plain_site_needs_no_home_or_about_page(tmp_path: Path) -> None:
    config = load_config(write_plain(tmp_path / "plain"))
    site = load_site(config, [])
    assert [(p.lang, p.key) for p in site.pages] == [("en", "welcome"), ("fr", "welcome")]
    with pytest.raises(SiteError) as caught:
        assemble_site(config, site.pages, {"guide": None}, [GUIDE], picture_sizes="100vw")
    assert {p.message for p in caught.value.problems} >= {
        "the site needs a page with key 'home'",
        "the site needs a page with key 'about'",
    }


def test_a_plain_site_is_not_asked_for_the_guide_s_ui_strings(tmp_path: Path) -> None:
    plain = template_messages(load_config(write_plain(tmp_path / "plain")))
    guide = template_messages(load_config(copy_sources(tmp_path / "guide", FIXTURE)))
    krw = "%(krw)s (about %(converted)s)"
    assert krw in guide and krw not in plain
    assert "Source %(number)s" in plain  # the engine's own strings are still asked for

"""The default theme: a site with no templates or static files of its own builds with the package's, and a
site's own file of the same name wins, file by file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from site_builder.engine.build import build
from site_builder.engine.config.config import THEME, load_config
from site_builder.engine.load.i18n import template_messages
from site_builder.engine.load.theme import theme_templates, uses_theme
from tests.helpers import PLAIN_CONFIG
from tests.helpers import write_plain as write_bilingual

ONE_LANGUAGE = PLAIN_CONFIG.replace("  fr: {name: Français, locale: fr_FR, site_name: Site simple}\n", "")


def write_plain(root: Path) -> Path:
    """A plain site in one language, so that it needs no catalog of UI strings."""
    return write_bilingual(root, ONE_LANGUAGE, ("en",))


def built(root: Path) -> Path:
    output = root.parent / "public"
    report = build(load_config(root), output)
    assert report.warnings == ()
    return output


def test_a_site_without_templates_or_static_files_builds_with_the_theme(tmp_path: Path) -> None:
    output = built(write_plain(tmp_path / "plain"))
    html = (output / "en" / "welcome" / "index.html").read_text()
    assert '<a class="skip-link" href="#main">' in html
    [stylesheet] = re.findall(r'<link rel="stylesheet" href="/(assets/site\.[0-9a-f]+\.css)">', html)
    assert (output / stylesheet).read_bytes() == (THEME / "static" / "css" / "site.css").read_bytes()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert ld["@graph"][0]["@type"] == "WebPage" and "lastReviewed" not in ld["@graph"][0]
    assert "<lastmod>" not in (output / "sitemap.xml").read_text()  # no review dates, no date to give
    assert {"404.html", "index.html", "sitemap.xml", "robots.txt", "_headers"} <= {p.name for p in output.iterdir()}


def test_a_site_template_or_static_file_overrides_the_theme_s_of_that_name(tmp_path: Path) -> None:
    root = write_plain(tmp_path / "plain")
    (root / "templates").mkdir()
    (root / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block after_body %}<p id="own">Own</p>{% endblock %}'
    )
    (root / "static" / "css").mkdir(parents=True)
    (root / "static" / "css" / "site.css").write_text("body { color: #000; }\n")
    output = built(root)
    html = (output / "en" / "welcome" / "index.html").read_text()
    assert '<p id="own">Own</p>' in html and '<a class="skip-link"' in html  # its page.html, the theme's base.html
    [stylesheet] = re.findall(r'href="/(assets/site\.[0-9a-f]+\.css)"', html)
    assert (output / stylesheet).read_text() == "body { color: #000; }\n"


def test_the_theme_s_files_come_only_with_its_templates(tmp_path: Path) -> None:
    """A site with every template it uses gets none of the theme's static files, nor is asked for its strings."""
    root = write_plain(tmp_path / "plain")
    (root / "templates").mkdir()
    for name in (
        "page.html",
        "root.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "_headers",
        "_redirects",
        "redirect.html",
    ):
        (root / "templates" / name).write_text("<!doctype html><title>t</title>" if name.endswith("html") else "")
    output = built(root)
    assert not (output / "assets").exists()
    assert "Skip to main content" not in template_messages(load_config(root), {"page"})
    assert "Skip to main content" in template_messages(load_config(write_plain(tmp_path / "other")), {"page"})


def test_whether_the_theme_is_used_is_known_without_parsing_its_templates(tmp_path: Path) -> None:
    """uses_theme() says what theme_templates() would, as the templates of the site are added one by one."""
    root = write_plain(tmp_path / "plain")
    (root / "templates").mkdir()
    names = ["page.html", "root.html", "404.html", "sitemap.xml", "robots.txt", "_headers", "_redirects"]
    answers = []
    for name in [*names, "redirect.html"]:
        config = load_config(root)
        for types in ({"page"}, None):
            answers.append(uses_theme(config, types))
            assert answers[-1] == bool(theme_templates(config, types)), (name, types)
        (root / "templates" / name).write_text("<!doctype html><title>t</title>" if name.endswith("html") else "")
    config = load_config(root)
    assert not uses_theme(config, {"page"}) and not theme_templates(config, {"page"})
    assert uses_theme(config, None)  # every page type the theme has: the site lacks some of them
    assert answers[:2] == [True, True]

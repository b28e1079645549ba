"""site.yaml's addresses and language codes: what would break or expose the site is refused at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.engine.config.config import load_config
from tests.helpers import FIXTURE, copy_sources


def refused(site: Path, old: str, new: str) -> list[tuple[int | None, str]]:
    path = site / "site.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        load_config(site)
    assert all(p.path == path for p in caught.value.problems)
    return [(p.line, p.message) for p in caught.value.problems]


def line_of(site: Path, start: str) -> int:
    lines = (site / "site.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(start))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_sources(tmp_path / "site", FIXTURE)


@pytest.mark.parametrize(
    ("base_url", "says"),
    [
        ("https://guide.example.org/?ref=x", "query string"),
        ("https://guide.example.org/guide?", "query string"),
        ("https://guide.example.org/#top", "#fragment"),
        ("https://user:secret@guide.example.org/", "user name or password"),
        ("https://user@guide.example.org/", "user name or password"),
        ("javascript:alert(1)//", "absolute http(s) URL"),
        ("ftp://guide.example.org/", "absolute http(s) URL"),
        ("//guide.example.org/", "absolute http(s) URL"),
        ("https://guide.example.org:port/", "is not a URL"),
    ],
)
def test_a_base_url_that_would_break_or_expose_the_site_is_refused_at_its_line(
    site: Path, base_url: str, says: str
) -> None:
    problems = refused(site, "base_url: https://guide.example.org/", f'base_url: "{base_url}"')
    assert [line for line, _ in problems] == [line_of(site, "base_url:")]
    assert says in problems[0][1], problems


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "publisher.example.org", "https://u:p@x.org/"]
)
def test_a_publisher_url_that_is_no_web_address_is_refused_at_its_line(site: Path, url: str) -> None:
    problems = refused(site, 'url: "https://publisher.example.org"', f'url: "{url}"')
    assert [line for line, _ in problems] == [line_of(site, "publisher:")]
    assert "publisher.url" in problems[0][1]


def test_a_language_code_that_is_the_builders_own_folder_is_refused(site: Path) -> None:
    problems = refused(site, "  id: {", "  assets: {")
    assert problems[0][0] == line_of(site, "assets:")
    assert re.search(r"'assets' is the builder's own folder", problems[0][1]), problems


def test_a_plain_address_with_a_path_is_accepted(site: Path) -> None:
    path = site / "site.yaml"
    path.write_text(path.read_text().replace("https://guide.example.org/", "https://example.org:8443/guide"))
    config = load_config(site)
    assert config.base_url == "https://example.org:8443/guide/"
    assert config.with_overrides(base_url="http://127.0.0.1:8000/").base_url == "http://127.0.0.1:8000/"
    with pytest.raises(SiteError, match=r"--base-url.*query string"):
        config.with_overrides(base_url="https://example.org/?x=1")

"""A page's pictures in Chromium, served under a sub-path with the site's own security policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, pictured_site, serve_folder

pytestmark = pytest.mark.browser


# A text column as the site's stylesheet makes it: the build reads its width for the copies' `sizes`.
COLUMN = """:root { --column: 46rem; --gutter: 1rem; }
*, *::before, *::after { box-sizing: border-box; }
main { max-width: var(--column); margin: 0 auto; padding: 0 var(--gutter); }
img { max-width: 100%; height: auto; }
"""


@pytest.mark.parametrize(
    ("width", "ratio", "copy"), [(360, 2, "face-720."), (1280, 1, "face-720."), (412, 3, "face-1440.")]
)
def test_each_screen_shows_every_picture_and_takes_the_photo_copy_it_needs(
    browser: object, tmp_path: Path, width: int, ratio: int, copy: str
) -> None:
    site = pictured_site(tmp_path)
    (site / "static/css/site.css").write_text(COLUMN)
    output = tmp_path / "out"
    assert cli(site, "build", "--output", str(output), "--base-url", "https://x.example/guide/").returncode == 0
    server, url = serve_folder(output, "/guide/")
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=ratio)  # type: ignore[attr-defined]
    tab = context.new_page()
    failed: list[str] = []  # what the page asked for and did not get (the favicon is not its own: not seen here)
    tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    try:
        tab.goto(url + "en/thread-lift/")
        images = tab.locator("main img")
        for index in range(images.count()):
            images.nth(index).scroll_into_view_if_needed()  # they load lazily
        tab.wait_for_function("[...document.querySelectorAll('main img')].every(i => i.complete)")
        shown = tab.evaluate(
            "[...document.querySelectorAll('main img')].map(i => [i.alt, i.naturalWidth, i.currentSrc])"
        )
    finally:
        context.close()
        server.shutdown()
        server.server_close()

    assert failed == []
    assert [alt for alt, _, _ in shown] == ["How the threads lie", "A face in soft light", ""]
    assert all(natural > 0 for _, natural, _ in shown), shown
    assert f"/guide/assets/pictures/{copy}" in shown[1][2], shown[1]

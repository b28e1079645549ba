"""`serve` without a browser: edits reach the pages that show them, errors show until fixed, it cleans up."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from site_builder.engine.base.errors import SiteError
from site_builder.preview.server import serve
from tests.helpers import copy_sources, fetch, start, url_of, wait_for

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"  # six pages: rendered on the rebuilding thread






class Events:
    """The Server-Sent Events stream a page opens, read one event at a time."""

    def __init__(self, url: str, path: str):
        build = json.loads(fetch(url + "__status"))["build"]
        self.response = urllib.request.urlopen(f"{url}__events?path={path}&build={build}", timeout=10)  # noqa: S310
        assert self.response.headers["Content-Type"] == "text/event-stream"

    def next(self, timeout: float = 10) -> tuple[str, str]:
        """The next event's name and data; TimeoutError if none comes in time."""
        self.response.fp.raw._sock.settimeout(timeout)
        name, data = "", []
        while True:
            line = self.response.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif not line and name:
                return name, "\n".join(data)

    def close(self) -> None:
        self.response.close()






@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = copy_sources(tmp_path / "site")
    process = start(site)
    try:
        yield site, url_of(process)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_an_edit_shows_up_and_a_broken_edit_is_reported_until_fixed(preview) -> None:
    site, url = preview
    page = site / "content/en/about.md"
    original = page.read_text()
    assert '<script src="/__reload.js" data-build="' in fetch(url + "en/about/")
    version = json.loads(fetch(url + "__status"))["version"]

    page.write_text(original.replace("\n## ", "\nA sentence only the preview has.\n\n## ", 1))
    wait_for(lambda: "A sentence only the preview has." in fetch(url + "en/about/"))
    status = json.loads(fetch(url + "__status"))
    assert status["version"] > version
    assert status["rendered"] == 1, "the preview rebuilds incrementally: one page edited, one page rendered"

    page.write_text(original.replace("title:", "titel:", 1))
    wait_for(lambda: "did you mean 'title'" in json.loads(fetch(url + "__status"))["error"])
    assert "A sentence only the preview has." in fetch(url + "en/about/"), "the last good page stays served"

    page.write_text(original)
    wait_for(lambda: json.loads(fetch(url + "__status"))["error"] == "")
    assert "A sentence only the preview has." not in fetch(url + "en/about/")


def test_a_translation_difference_is_a_warning_over_the_page_until_mended(preview) -> None:
    site, url = preview
    page = site / "content/en/about.md"
    original = page.read_text()
    about = Events(url, "/en/about/")
    try:
        page.write_text(original.replace("\n## ", "\nWe checked 4321 pages.\n\n## ", 1))
        wait_for(lambda: "We checked 4321 pages." in fetch(url + "en/about/"))  # built, though build would refuse
        status = json.loads(fetch(url + "__status"))
        assert status["error"] == ""
        assert "the number 4321 appears 1 time(s) here but not in" in status["warning"]
        assert f"{page}:" in status["warning"], "names the file, at the line of the number"
        seen = [about.next()]
        while seen[-1][0] != "warnings":  # the page's own news (its new body) may come first
            seen.append(about.next())
        assert "Warning:" in seen[-1][1] and "4321" in seen[-1][1], seen

        page.write_text(original)
        wait_for(lambda: json.loads(fetch(url + "__status"))["warning"] == "")
    finally:
        about.close()


def test_only_the_page_whose_html_changed_hears_of_it(preview) -> None:
    site, url = preview
    about, faq = Events(url, "/en/about/"), Events(url, "/en/faq/")
    try:
        with (site / "content/en/about.md").open("a") as stream:
            stream.write("\nA line for the about page.\n")
        assert about.next() == ("body", ""), "a page without scripts swaps in its new body"
        with pytest.raises(TimeoutError):  # told in the same moment as the about page, if at all
            faq.next(timeout=0.5)
    finally:
        about.close()
        faq.close()


def test_a_page_with_a_script_reloads_whole(preview) -> None:
    site, url = preview
    checklist = Events(url, "/en/self-assessment/")
    try:
        with (site / "content/en/self-assessment.md").open("a") as stream:
            stream.write("\nA line for the checklist.\n")
        assert checklist.next() == ("reload", ""), "the widget must start again on the new page"
    finally:
        checklist.close()


def test_a_stylesheet_edit_is_swapped_in_without_a_reload(preview) -> None:
    site, url = preview
    before = fetch(url + "en/about/")
    about = Events(url, "/en/about/")
    try:
        with (site / "static/css/site.css").open("a") as stream:
            stream.write("\n.preview-test { color: red; }\n")
        name, data = about.next()
        assert name == "css"
        (href,) = json.loads(data)
        assert href not in before, "a new content-hashed name"
        assert ".preview-test" in fetch(url.rstrip("/") + href)
    finally:
        about.close()


def test_a_broken_build_is_shown_on_the_open_page_and_cleared_when_fixed(preview) -> None:
    site, url = preview
    page = site / "content/en/about.md"
    original = page.read_text()
    about = Events(url, "/en/about/")
    try:
        page.write_text(original.replace("title:", "titel:", 1))
        name, data = about.next()
        assert name == "problems" and "about.md:" in data and "did you mean 'title'" in data
        page.write_text(original)
        assert about.next()[0] == "fixed"
    finally:
        about.close()


def test_a_page_served_before_a_rebuild_reloads_when_it_connects(preview) -> None:
    site, url = preview
    stale = json.loads(fetch(url + "__status"))["build"]
    with (site / "content/en/faq.md").open("a") as stream:
        stream.write("\nOne more answer.\n")
    wait_for(lambda: json.loads(fetch(url + "__status"))["build"] != stale)
    with urllib.request.urlopen(f"{url}__events?path=/en/about/&build={stale}", timeout=10) as response:  # noqa: S310
        assert response.readline() == b"event: reload\n"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_stopping_the_preview_removes_its_temporary_folder(stop: int, tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = start(site, env={**os.environ, "TMPDIR": str(temporary)})
    url_of(process)
    assert any(temporary.iterdir()), "the preview builds into a folder of its own"
    process.send_signal(stop)
    assert process.wait(timeout=10) in (0, 130)
    assert not any(temporary.iterdir())


def test_stopping_the_preview_while_it_rebuilds_removes_its_temporary_folder(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = start(site, env={**os.environ, "TMPDIR": str(temporary)})
    url_of(process)
    template = site / "templates/base.html"
    template.write_text(template.read_text().replace('<main id="main"', '<main data-edit="1" id="main"', 1))
    time.sleep(0.15)  # the watcher has heard it: a full rebuild is under way
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) in (0, 130)
    assert not any(temporary.iterdir()), "a build cut short by the signal leaves nothing behind"


@pytest.mark.parametrize("port", ["80a", "99999", "-1"])
def test_a_port_that_is_not_one_is_refused_and_leaves_nothing(port: str, site_copy: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = start(site_copy, env={**os.environ, "TMPDIR": str(temporary)}, port=port)
    assert process.wait(timeout=10) == 2
    stderr = process.stderr.read()
    assert f"'{port}' is not a port" in stderr
    assert "Traceback" not in stderr
    assert not any(temporary.iterdir())


def test_a_port_out_of_range_given_to_serve_itself_is_a_message(
    site_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with pytest.raises(SiteError, match=r"--port: cannot listen on 127\.0\.0\.1:99999: a port is a number"):
        serve(site_copy, 99999)
    assert not any(temporary.iterdir())


def test_a_port_in_use_is_reported_and_leaves_nothing(site_copy: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = start(site_copy, env={**os.environ, "TMPDIR": str(temporary)}, port=str(taken.getsockname()[1]))
        assert process.wait(timeout=10) == 1
        stderr = process.stderr.read()
        assert "--port: cannot listen on 127.0.0.1:" in stderr
        assert "Traceback" not in stderr
    assert not any(temporary.iterdir())


def test_requests_during_rebuilds_never_miss_a_page_or_its_reload_script(preview) -> None:
    """Every full rebuild swaps a new site in; pages asked for meanwhile come whole from one site or the other."""
    site, url = preview
    stylesheet = re.search(r'<link rel="stylesheet" href="/([^"]+)"', fetch(url + "en/about/")).group(1)
    wanted = {"en/about/": 200, "id/": 200, "en/faq/": 200, stylesheet: 200, "sitemap.xml": 200, "en/nope/": 404}
    failures: list[str] = []
    served = [0]
    done = threading.Event()

    def hammer() -> None:
        while not done.is_set():
            for path, status in wanted.items():
                try:
                    with urllib.request.urlopen(url + path, timeout=10) as response:  # noqa: S310 - loopback only
                        got, body = response.status, response.read()
                except urllib.error.HTTPError as error:
                    got, body = error.code, error.read()
                served[0] += 1
                if got != status:
                    failures.append(f"{path}: {got}")
                elif path.endswith("/") and b'<script src="/__reload.js"' not in body:
                    failures.append(f"{path}: no reload script")

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        template = site / "templates/base.html"
        original = template.read_text()
        for edit in range(5):
            version = json.loads(fetch(url + "__status"))["version"]
            template.write_text(original.replace('<main id="main"', f'<main data-edit="{edit}" id="main"', 1))
            wait_for(lambda v=version: json.loads(fetch(url + "__status"))["version"] > v)
            assert f'data-edit="{edit}"' in fetch(url + "en/about/")
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert served[0] > 100
    assert failures == []


def test_the_reload_script_never_reaches_the_built_output(built_site: Path) -> None:
    assert not any(b"__reload" in p.read_bytes() for p in built_site.rglob("*.html"))


def status_of(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_200_concurrent_requests_are_all_answered_within_5_seconds(preview) -> None:
    _, url = preview
    paths = ["", "en/about/", "id/", "en/faq/", "sitemap.xml"]
    started: list[float] = []
    ready = threading.Barrier(200, action=lambda: started.append(time.monotonic()), timeout=10)

    def ask(number: int) -> tuple[int, float]:
        ready.wait()  # all 200 connect at once
        with urllib.request.urlopen(url + paths[number % len(paths)], timeout=5) as response:  # noqa: S310
            response.read()
            return response.status, time.monotonic()

    with ThreadPoolExecutor(max_workers=200) as pool:
        answers = list(pool.map(ask, range(200), timeout=15))
    statuses = [status for status, _ in answers]
    elapsed = max(answered for _, answered in answers) - started[0]
    assert statuses == [200] * 200
    assert elapsed < 5, f"200 requests took {elapsed:.1f} s"


def test_a_site_that_never_built_shows_its_problems_at_every_address_until_mended(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site")
    page = site / "content/en/about.md"
    original = page.read_text()
    page.write_text(original.replace("title:", "titel:", 1))
    process = start(site)
    try:
        url = url_of(process)
        for path in ("", "en/about/", "id/", "en/no-such-page/", "assets/site.css"):
            status, body = status_of(url + path)
            assert status == 503, path
            assert f"{page}:2: unknown field &#x27;titel&#x27; (did you mean &#x27;title&#x27;?)" in body, path
            assert '<pre id="site-builder-error" data-kind="error">' in body
            assert '<script src="/__reload.js"' in body, "the page reloads into the site once it builds"
        page.write_text(original)
        wait_for(lambda: status_of(url + "en/about/")[0] == 200)
        assert "site-builder-error" not in status_of(url + "en/about/")[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
    stderr = process.stderr.read()
    assert "nothing is built yet, so every page shows these problems until mended" in stderr
    assert "still serving the last good version" not in stderr, "there was none"


def test_a_site_yaml_with_a_mistake_at_start_is_shown_at_every_address_and_the_site_once_mended(
    tmp_path: Path,
) -> None:
    site = copy_sources(tmp_path / "site")
    config = site / "site.yaml"
    original = config.read_text()
    config.write_text(original.replace("default_language: en", "default_langauge: en", 1))
    process = start(site)
    try:
        url = url_of(process)
        status, body = status_of(url + "en/about/")
        assert status == 503 and f"{config}:3: " in body and "default_langauge" in body
        config.write_text(original)
        wait_for(lambda: status_of(url + "en/about/")[0] == 200)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_render_that_never_ends_stops_at_the_render_limit_and_later_saves_are_built(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    with (site / "site.yaml").open("a") as stream:
        stream.write("render_seconds: 1\n")
    template = site / "templates/base.html"
    original = template.read_text()
    page = site / "content/en/about.md"
    process = start(site)
    try:
        url = url_of(process)
        template.write_text(original.replace("</body>", "{% for i in range(10**15) %}{% endfor %}</body>", 1))
        time.sleep(0.2)  # the watcher has heard it: the rebuild is under way, and stuck
        with page.open("a") as stream:
            stream.write("\nSaved while a render was stuck.\n")
        started = time.monotonic()
        wait_for(lambda: "took over 1 s" in json.loads(fetch(url + "__status"))["error"], seconds=15)
        assert time.monotonic() - started < 8
        assert f"{template}:" in json.loads(fetch(url + "__status"))["error"], "names the template"
        template.write_text(original)
        wait_for(lambda: "Saved while a render was stuck." in fetch(url + "en/about/"), seconds=15)
        assert json.loads(fetch(url + "__status"))["error"] == ""
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_on_an_address_others_can_reach_warns_that_they_can_see_the_preview(site_copy: Path) -> None:
    # 192.0.2.1 is kept for documentation: no computer has it, so nothing listens and nothing is exposed.
    process = start(site_copy, None, "0", "--host", "192.0.2.1")
    assert process.wait(timeout=20) == 1
    stderr = process.stderr.read()
    assert "Warning: the preview listens on 192.0.2.1, so anyone on that network can open it" in stderr
    assert "drafts included" in stderr
    assert "--host: cannot listen on 192.0.2.1:0: " in stderr and "Traceback" not in stderr


def test_a_folder_that_is_no_site_is_reported_before_anything_starts(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = start(tmp_path, env={**os.environ, "TMPDIR": str(temporary)})
    assert process.wait(timeout=20) == 1
    stderr = process.stderr.read()
    assert "site.yaml" in stderr and "Traceback" not in stderr
    assert not any(temporary.iterdir())

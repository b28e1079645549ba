"""The render time limit holds on any thread (the preview renders on one of its own), and never outlives its page."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from site_builder.engine.config.config import load_config
from site_builder.engine.render import templates, timeout
from tests.helpers import PROJECT

ENDLESS = jinja2.Environment(autoescape=True).from_string("{% for i in range(10**15) %}{% endfor %}")


def on_a_thread(job: object) -> BaseException | None:
    """What `job` raised on a thread other than the main one; None if nothing."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            job()  # type: ignore[operator]
        except BaseException as error:  # handed back to the test
            raised.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the render was never stopped"
    return raised[0] if raised else None


@pytest.fixture(autouse=True)
def fresh_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeout, "_timed_out", False)  # as each build starts


def test_a_render_that_never_ends_is_stopped_at_the_limit_on_a_thread_of_its_own() -> None:
    page = SimpleNamespace(path=Path("content/en/about.md"))

    def job() -> None:
        with timeout.time_limit(page, 0.5):  # type: ignore[arg-type]
            ENDLESS.render()

    started = time.monotonic()
    error = on_a_thread(job)
    assert isinstance(error, timeout.RenderTimeoutError)
    assert str(error) == "rendering about.md took over 0.5 s; a loop that never ends?"
    assert time.monotonic() - started < 5


def test_a_render_caught_out_by_its_own_except_is_told_again() -> None:
    page = SimpleNamespace(path=Path("about.md"))

    def job() -> None:
        with timeout.time_limit(page, 0.3):  # type: ignore[arg-type]
            try:
                ENDLESS.render()
            except Exception:  # noqa: S110 - code in the way that swallows everything
                pass
            ENDLESS.render()

    assert isinstance(on_a_thread(job), timeout.RenderTimeoutError)


def test_a_render_done_in_time_leaves_nothing_behind_on_its_thread() -> None:
    page = SimpleNamespace(path=Path("about.md"))

    def job() -> None:
        for _ in range(200):
            with timeout.time_limit(page, 0.05):  # type: ignore[arg-type]
                pass
        time.sleep(0.3)  # a late time-out would land here
        sum(range(10**6))

    assert on_a_thread(job) is None


def test_templates_compiled_before_the_fork_are_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(PROJECT)
    env = templates.make_environment(config.template_dirs, {})
    templates.compile_templates(env, config, {"page"})
    read: list[str] = []
    original = env.loader.get_source  # type: ignore[union-attr]
    monkeypatch.setattr(env.loader, "get_source", lambda e, name: read.append(name) or original(e, name))
    for name in ("page.html", "base.html", "partials/head.html", "sitemap.xml", "redirect.html"):
        env.get_template(name)
    assert read == []


def test_a_template_that_does_not_compile_is_left_for_the_page_that_uses_it(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("{% if %}")
    (tmp_path / "templates" / "other.html").write_text("fine")
    config = SimpleNamespace(template_dirs=(tmp_path / "templates", tmp_path / "no-theme"))
    env = templates.make_environment([tmp_path / "templates"], {})
    templates.compile_templates(env, config, {"page"})  # type: ignore[arg-type]
    assert [name for _, name in env.cache] == ["other.html"]  # type: ignore[union-attr]
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.get_template("page.html")

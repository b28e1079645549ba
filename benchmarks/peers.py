"""site_builder against the tools a user would pick instead, on the same generated pages, in one run.

    .venv/bin/python benchmarks/peers.py [--pages 4000] [--small 24] [--rounds 3] [--copies 153]

The peers live in a bench-only environment, made once (it is git-ignored; PyPI only):

    python3 -m venv benchmarks/.peers-venv
    benchmarks/.peers-venv/bin/pip install mkdocs mkdocs-static-i18n 'pelican[markdown]' pelican-i18n-subsites

and Hugo from Debian where it has it (`apt-get install hugo`). A peer that is not installed is left out
and named as such. The script itself runs in the project's environment (site_builder importable).

What is built, each by every tool:
- a generated corpus of `--pages` pages (half in English, half in Indonesian, each page in both), about
  1,000 words each: headings with ids, paragraphs, lists, a table, two links to other pages, written in
  each tool's own link syntax; front matter each tool reads; a minimal theme or config per tool;
- the same corpus at `--small` pages.
site_builder builds it as a plain site (`extensions: []`) drawn by its default theme: no templates or
static files of its own, only the theme's Indonesian catalog, and no home page (no tool gets one).
And, by importing benchmarks/build_speed.py: the real content multiplied (`--copies` copies of each
prose page) and the real site itself, with site_builder alone.

Every figure is a whole command (interpreter start to exit), its wall time taken with
time.perf_counter, its CPU time and peak RSS from os.wait4 (the process and the workers it waited for).
The rounds are interleaved: each round runs every tool once on every case, then the floors of that
round; each time is a ratio to a floor from the same round, and the table shows the medians.
- import floor: `python -c "import jinja2, markdown, yaml"`;
- Markdown floor: the same pages through Python-Markdown and a one-line Jinja2 template, in one process.
One page edited: the same page gets one more sentence, then each tool's quickest rebuild: site_builder's
own build, MkDocs' `build --dirty`, Pelican with its content cache, Hugo run again (it has no other).
Nothing changed: site_builder run again right after the edit (the first and second build, then a third),
and on the real site.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_speed

PROJECT = build_speed.PROJECT
PEERS_VENV = Path(__file__).resolve().parent / ".peers-venv"
IMPORT_FLOOR = "import jinja2, markdown, yaml"
TOOLS = ("hugo", "mkdocs", "pelican", "site_builder")
TITLES = {"hugo": "Hugo", "mkdocs": "MkDocs + i18n", "pelican": "Pelican + i18n", "site_builder": "site_builder"}
LANGUAGES = ("en", "id")
EDIT_KEY = "p1"


class Run:
    """One whole command: wall seconds, CPU seconds (user + system, children included) and peak RSS in MB."""

    def __init__(self, wall: float, cpu: float, rss: int) -> None:
        self.wall, self.cpu, self.rss = wall, cpu, rss


def run(command: list[str], cwd: Path | None = None) -> Run:
    """The command as a whole, reaped here so that its resource usage is its own (and its workers')."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=sink)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait for it again
        wall = time.perf_counter() - started
        if process.returncode != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{log.read().decode()[-4000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024)


def wall(result: Run) -> float:
    return result.wall


# The corpus ---------------------------------------------------------------------------------------------

LINKS: dict[str, Callable[[str, str], str]] = {
    "site_builder": lambda key, anchor: f'{{{{ url("{key}") }}}}#{anchor}',
    "mkdocs": lambda key, anchor: f"{key}.md#{anchor}",
    "pelican": lambda key, anchor: f"{{filename}}{key}.md#{anchor}",
    "hugo": lambda key, anchor: f'{{{{< relref "{key}.md#{anchor}" >}}}}',
    "floor": lambda key, anchor: f"../{key}/#{anchor}",
}


def keys(per_language: int) -> list[str]:
    """Every page's key, in both languages: p0, p1, ..."""
    return [f"p{n}" for n in range(per_language)]


def body(n: int, total: int, link: Callable[[str, str], str], lang: str) -> str:
    """About 1,000 words: four sections with ids, paragraphs, lists, a table and two links to other pages."""
    paragraph = build_speed.paragraph
    parts = []
    for section in range(4):
        parts.append(f"## Section {section} {{#section-{section}}}\n")
        parts += [paragraph(n + section + k) + "\n" for k in range(3)]
        parts += [f"- {paragraph(n + k, 8)}" for k in range(4)]
        parts.append("")
    parts.append("| Option | Lasts | Note |\n|---|---|---|")
    parts += [f"| Row {k} | years | {paragraph(k, 6)} |" for k in range(4)]
    parts.append("")
    parts += [f"See [page {(n + k) % total}]({link(f'p{(n + k) % total}', 'section-1')})." for k in (1, 7)]
    if lang == "id":
        parts.append("Halaman ini dalam bahasa Indonesia.")
    return "\n".join(parts) + "\n"


def front_matter(tool: str, key: str, lang: str) -> str:
    title = f"Page {key}" if lang == "en" else f"Halaman {key}"
    if tool == "site_builder":
        return f"---\ntitle: {title}\ndescription: Generated page {key}.\nkey: {key}\nslug: {lang}-{key}\n---\n"
    if tool == "pelican":
        return f"Title: {title}\nSlug: {key}\nLang: {lang}\nSummary: Generated page {key}.\n\n"
    return f"---\ntitle: {title}\ndescription: Generated page {key}.\n---\n"  # MkDocs, Hugo, the floor


SITE_YAML = """\
# Generated by benchmarks/peers.py: a plain site, drawn by the default theme.
base_url: https://example.org/
default_language: en
output: public
publisher:
  name: Example
  url: https://example.org
languages:
  en:
    name: English
    locale: en_SG
    site_name: Generated site
  id:
    name: Bahasa Indonesia
    locale: id_ID
    site_name: Situs buatan
nav: []
extensions: []
"""

MKDOCS_YML = """\
site_name: Generated site
site_url: https://example.org/
docs_dir: docs
theme:
  name: null
  custom_dir: theme
markdown_extensions: [attr_list, tables, toc]
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true, build: true}
        - {locale: id, name: Bahasa Indonesia, build: true}
"""

MKDOCS_MAIN = """<!doctype html><html lang="{{ config.theme.locale or 'en' }}"><head><meta charset="utf-8">
<title>{{ page.title }} | {{ config.site_name }}</title></head>
<body><main>{{ page.content }}</main></body></html>
"""

PELICAN_CONF = """\
SITENAME = "Generated site"
SITEURL = ""
PATH = "content"
DEFAULT_LANG = "en"
TIMEZONE = "UTC"
THEME = "theme"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/"
PAGE_LANG_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_SAVE_AS = TAGS_SAVE_AS = CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CACHE_PATH = "cache"
PLUGINS = ["pelican.plugins.i18n_subsites"]
I18N_SUBSITES = {"id": {"SITENAME": "Situs buatan"}}
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
            "output_format": "html5"}
"""

PELICAN_PAGE = """<!doctype html><html lang="{{ page.lang }}"><head><meta charset="utf-8">
<title>{{ page.title }} | {{ SITENAME }}</title></head>
<body><main>{{ page.content }}</main></body></html>
"""

HUGO_TOML = """\
baseURL = "https://example.org/"
title = "Generated site"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
[languages.en]
  languageName = "English"
  contentDir = "content/en"
  weight = 1
[languages.id]
  languageName = "Bahasa Indonesia"
  contentDir = "content/id"
  weight = 2
"""

HUGO_SINGLE = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""

HUGO_LIST = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Site.Title }}</title></head><body><main>{{ .Content }}</main></body></html>
"""


def page_file(tool: str, root: Path, lang: str, key: str) -> Path:
    """Where `tool` reads the page `key` of language `lang`."""
    folder = {
        "site_builder": root / "content" / lang,
        "mkdocs": root / "docs" / lang,
        "pelican": root / "content" / "pages" / lang,
        "hugo": root / "content" / lang,
        "floor": root / "content" / lang,
    }[tool]
    return folder / f"{key}.md"


def make_site(tool: str, root: Path, pages: int) -> Path:
    """The generated corpus of `pages` pages (half per language) laid out for `tool`, with its config."""
    per_language = pages // 2
    names = keys(per_language)
    root.mkdir(parents=True)
    for lang in LANGUAGES:
        for n, key in enumerate(names):
            path = page_file(tool, root, lang, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front_matter(tool, key, lang) + body(n, per_language, LINKS[tool], lang))
    if tool == "site_builder":
        catalog = root / "locales" / "id" / "LC_MESSAGES"
        catalog.mkdir(parents=True)
        shutil.copy(PROJECT / "site_builder" / "theme" / "locales" / "id" / "messages.po", catalog)
        (root / "site.yaml").write_text(SITE_YAML)
    elif tool == "mkdocs":
        (root / "mkdocs.yml").write_text(MKDOCS_YML)
        (root / "theme").mkdir()
        (root / "theme" / "main.html").write_text(MKDOCS_MAIN)
    elif tool == "pelican":
        (root / "pelicanconf.py").write_text(PELICAN_CONF)
        (root / "theme" / "templates").mkdir(parents=True)
        (root / "theme" / "templates" / "page.html").write_text(PELICAN_PAGE)
    elif tool == "hugo":
        (root / "config.toml").write_text(HUGO_TOML)
        (root / "layouts" / "_default").mkdir(parents=True)
        (root / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
        (root / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    build_speed._age(root)
    return root


# The commands -------------------------------------------------------------------------------------------


def available() -> dict[str, bool]:
    return {
        "hugo": shutil.which("hugo") is not None,
        "mkdocs": (PEERS_VENV / "bin" / "mkdocs").exists(),
        "pelican": (PEERS_VENV / "bin" / "pelican").exists()
        and any(PEERS_VENV.glob("lib/python*/site-packages/pelican/plugins/i18n_subsites")),
        "site_builder": importlib.util.find_spec("site_builder") is not None,
    }


def build(tool: str, root: Path, out: Path, edit: bool = False) -> list[str]:
    """The command that builds `root` into `out`; with `edit`, the tool's quickest rebuild after an edit."""
    if tool == "site_builder":
        return build_speed.build_command(root, out)
    if tool == "mkdocs":
        return [str(PEERS_VENV / "bin" / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)] + (
            ["--dirty"] if edit else []
        )
    if tool == "pelican":
        return [str(PEERS_VENV / "bin" / "pelican"), "-q", "-s", str(root / "pelicanconf.py"), "-o", str(out)]
    return ["hugo", "--quiet", "-s", str(root), "-d", str(out)]


def clean(tool: str, root: Path, out: Path) -> None:
    """What a cold build must not find: the output, site_builder's state beside it, Pelican's cache."""
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    shutil.rmtree(root / "cache", ignore_errors=True)
    shutil.rmtree(root / "resources", ignore_errors=True)


def floor_command(root: Path, out: Path) -> list[str]:
    return [sys.executable, __file__, "--markdown-floor", str(root), str(out)]


def markdown_floor(root: Path, out: Path) -> None:
    """Every page of `root` through Python-Markdown and a one-line Jinja2 template, in this one process."""
    out.mkdir(parents=True, exist_ok=True)
    template = "<!doctype html><html><head><title>{{ title }}</title></head><body>{{ body }}</body></html>"
    paths = sorted(str(p) for p in (root / "content").rglob("*.md"))
    build_speed._floor_chunk((paths, template, str(out)))


# The rounds ---------------------------------------------------------------------------------------------


def edit_page(path: Path, take: int) -> None:
    path.write_text(path.read_text() + f"\nOne more sentence, take {'I' * take}.\n")  # no digits: parity holds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4000, help="pages of the large generated corpus (both languages)")
    parser.add_argument("--small", type=int, default=24, help="pages of the small generated corpus")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=153, help="copies of each real prose page per language (0: none)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="which of " + ", ".join(TOOLS))
    parser.add_argument("--replay", type=Path, help="print the table again from the log of a run with these options")
    parser.add_argument("--markdown-floor", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.markdown_floor:
        markdown_floor(*args.markdown_floor)
        return
    have = available()
    tools = [t for t in args.tools.split(",") if have.get(t)]
    missing = [t for t in args.tools.split(",") if not have.get(t)]
    if args.replay:
        runs, command_line = replay(args.replay, args.rounds)
        report(runs, tools, missing, args, command_line or "(unknown)", *page_counts(args.copies))
        return
    command_line = " ".join([Path(sys.executable).name, *sys.argv])
    print(f"$ {command_line}", flush=True)
    package = importlib.util.find_spec("site_builder")
    assert package is not None and package.origin is not None
    compileall.compile_dir(Path(package.origin).parent, quiet=1)  # run as an installed package is
    runs: dict[tuple[str, str], list[Run]] = {}

    def note(tool: str, case: str, result: Run) -> None:
        runs.setdefault((tool, case), []).append(result)
        print(f"  {tool:13} {case:22} {result.wall:8.3f} s {result.cpu:8.2f} CPU-s {result.rss:5} MB", flush=True)

    with tempfile.TemporaryDirectory(prefix="peers-") as folder:
        tmp = Path(folder)
        sites = {
            (tool, size): make_site(tool, tmp / f"{tool}-{size}", size)
            for size in (args.pages, args.small)
            for tool in (*tools, "floor")
        }
        real = tmp / "real"
        shutil.copytree(PROJECT, real, ignore=shutil.ignore_patterns(".*", "public", "node_modules", "tests"))
        copies = build_speed.make_real_corpus(tmp / "copies", args.copies) if args.copies else None
        for round_ in range(1, args.rounds + 1):
            print(f"round {round_}", flush=True)
            order = tools[round_ % len(tools) :] + tools[: round_ % len(tools)]  # each tool starts a round in turn
            note("floor", "import", min((run([sys.executable, "-c", IMPORT_FLOOR]) for _ in range(3)), key=wall))
            for size, label in ((args.small, "small"), (args.pages, "large")):
                for tool in order:
                    root, out = sites[tool, size], tmp / f"out-{tool}-{size}" / "site"
                    clean(tool, root, out)
                    note(tool, f"{label} cold", run(build(tool, root, out), cwd=root))
                note("floor", f"{label} md", run(floor_command(sites["floor", size], tmp / f"floor-{size}")))
            for tool in order:  # one page edited at the large size, after the cold build above
                root, out = sites[tool, args.pages], tmp / f"out-{tool}-{args.pages}" / "site"
                for lang in LANGUAGES:
                    edit_page(page_file(tool, root, lang, EDIT_KEY), round_)
                note(tool, "large edit", run(build(tool, root, out, edit=True), cwd=root))
                if tool == "site_builder":
                    for n in (1, 2, 3):
                        note(tool, f"large unchanged {n}", run(build(tool, root, out, edit=True), cwd=root))
            out = tmp / "out-real" / "site"
            clean("site_builder", real, out)
            note("site_builder", "real cold", run(build_speed.build_command(real, out)))
            note("site_builder", "real unchanged", run(build_speed.build_command(real, out)))
            if copies is not None:
                out = tmp / "out-copies" / "site"
                clean("site_builder", copies, out)
                note("site_builder", "copies cold", run(build_speed.build_command(copies, out)))
                note("floor", "copies md", run(floor_command(copies, tmp / "floor-copies")))
    report(runs, tools, missing, args, command_line, *page_counts(args.copies))


def page_counts(copies: int) -> tuple[int, int]:
    """Pages of the real site, and of the real content multiplied (every page but the home pages copied)."""
    pages = sorted((PROJECT / "content").glob("*/*.md"))
    homes = sum(1 for page in pages if "\ntype: home\n" in page.read_text())
    return len(pages), (len(pages) + (len(pages) - homes) * copies) if copies else 0


LINE = re.compile(r"^  (\S+) +(.+?) +(\d+\.\d+) s +(\S+) CPU-s +(\d+) MB$")


def replay(log: Path, rounds: int) -> tuple[dict[tuple[str, str], list[Run]], str | None]:
    """The runs of the first `rounds` rounds a log of this script holds (the lines it prints as it goes),
    and the command it gave: a run stopped part-way can still be read for the rounds it finished."""
    runs: dict[tuple[str, str], list[Run]] = {}
    command = None
    for line in log.read_text().splitlines():
        if line == f"round {rounds + 1}":
            break
        if line.startswith("$ ") and command is None:
            command = line[2:]
        elif found := LINE.match(line):
            tool, case, wall, cpu, rss = found.groups()
            runs.setdefault((tool, case), []).append(Run(float(wall), float(cpu), int(rss)))
    return runs, command


def report(
    runs: dict[tuple[str, str], list[Run]],
    tools: list[str],
    missing: list[str],
    args: argparse.Namespace,
    command_line: str,
    real_pages: int,
    copies_pages: int,
) -> None:
    def median(tool: str, case: str, what: str = "wall") -> float:
        return statistics.median(getattr(r, what) for r in runs[tool, case])

    def ratio(tool: str, case: str, floor_case: str, what: str = "wall") -> float:
        """The median over rounds of each round's ratio to the floor taken in the same round."""
        floors = runs["floor", floor_case]  # one a round
        pairs = zip(runs[tool, case], floors, strict=True)
        return statistics.median(getattr(r, what) / getattr(floor, what) for r, floor in pairs)

    print()
    print(f"$ {command_line}")
    print(
        f"{os.cpu_count()} cores; medians of {args.rounds} interleaved rounds; every time a whole command; "
        f"peers installed: {', '.join(TITLES[t] for t in tools if t != 'site_builder')}"
        + (f"; not installed: {', '.join(missing)}" if missing else "")
    )
    print(
        f"floors (median): import `{IMPORT_FLOOR}` {median('floor', 'import'):.3f} s; Python-Markdown + Jinja2, one "
        f"process: {median('floor', 'large md'):.2f} s at {args.pages} pages, {median('floor', 'small md'):.3f} s at "
        f"{args.small}"
    )
    print("site_builder builds the generated pages as a plain site (extensions: []) drawn by its default theme.")
    header = "| | " + " | ".join(TITLES[t] for t in tools) + " |"
    print()
    print(header)
    print("|---" * (len(tools) + 1) + "|")
    edits = {"site_builder": "own", "mkdocs": "--dirty", "pelican": "cache", "hugo": "re-run"}
    rows = [
        (f"{args.pages:,} pages cold, × the Markdown floor", lambda t: f"{ratio(t, 'large cold', 'large md'):.2f}"),
        (
            f"{args.pages:,} pages cold, wall",
            lambda t: (
                f"{median(t, 'large cold'):.1f} s ({median(t, 'large cold', 'cpu'):.0f} CPU-s, "
                f"{median(t, 'large cold', 'rss'):.0f} MB)"
            ),
        ),
        (
            f"small site cold ({args.small} pages), × the import floor",
            lambda t: f"{ratio(t, 'small cold', 'import'):.2f} ({median(t, 'small cold'):.2f} s)",
        ),
        (
            f"one page edited at {args.pages:,} pages, × the import floor",
            lambda t: f"{ratio(t, 'large edit', 'import'):.2f} ({edits[t]}, {median(t, 'large edit'):.2f} s)",
        ),
        # The same by CPU time (the command's and its workers'), which others' load on the machine changes less.
        (
            f"{args.pages:,} pages cold, CPU × the Markdown floor's CPU",
            lambda t: f"{ratio(t, 'large cold', 'large md', 'cpu'):.2f}",
        ),
        (
            "small site cold, CPU × the import floor's CPU",
            lambda t: f"{ratio(t, 'small cold', 'import', 'cpu'):.2f} ({median(t, 'small cold', 'cpu'):.2f} CPU-s)",
        ),
        (
            f"one page edited at {args.pages:,} pages, CPU × the import floor's CPU",
            lambda t: f"{ratio(t, 'large edit', 'import', 'cpu'):.2f} ({median(t, 'large edit', 'cpu'):.2f} CPU-s)",
        ),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(t) for t in tools) + " |")
    if "site_builder" in tools:
        sb = "site_builder"
        after = ", ".join(
            f"{ratio(sb, f'large unchanged {n}', 'import'):.2f}× ({median(sb, f'large unchanged {n}'):.2f} s)"
            for n in (1, 2, 3)
        )
        real = ratio(sb, "real unchanged", "import")
        said = f"{real:.2f}× on the real site; the 1st, 2nd, 3rd build after an edit at {args.pages:,} pages: {after}"
        cells = [said if tool == sb else "–" for tool in tools]  # in site_builder's column, wherever it is
        print("| nothing changed, × the import floor | " + " | ".join(cells) + " |")
        print()
        real_cold = median(sb, "real cold")
        line = f"real site ({real_pages} pages) cold: {real_cold:.2f} s, "
        line += f"{ratio(sb, 'real cold', 'import'):.2f}× the import floor"
        if "mkdocs" in tools:
            line += f", {real_cold / median('mkdocs', 'small cold'):.2f}× MkDocs on the {args.small} generated pages"
        line += f"; by CPU: {ratio(sb, 'real cold', 'import', 'cpu'):.2f}× the import floor"
        if "mkdocs" in tools:
            line += f", {median(sb, 'real cold', 'cpu') / median('mkdocs', 'small cold', 'cpu'):.2f}× MkDocs"
        print(line)
        if copies_pages:
            cold = [median(sb, "copies cold", what) for what in ("wall", "cpu", "rss")]
            print(
                f"real content × {args.copies} ({copies_pages} pages) cold: {cold[0]:.1f} s ({cold[1]:.0f} CPU-s, "
                f"{cold[2]:.0f} MB), {ratio(sb, 'copies cold', 'copies md'):.2f}× the Markdown floor over the "
                f"same pages ({median('floor', 'copies md'):.1f} s); by CPU, "
                f"{ratio(sb, 'copies cold', 'copies md', 'cpu'):.2f}×"
            )
        if "mkdocs" in tools:
            print(
                f"site_builder ÷ MkDocs, {args.pages:,} pages cold: "
                f"{median(sb, 'large cold') / median('mkdocs', 'large cold'):.2f} (wall), "
                f"{median(sb, 'large cold', 'cpu') / median('mkdocs', 'large cold', 'cpu'):.2f} (CPU)"
            )


if __name__ == "__main__":
    main()

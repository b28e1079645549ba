"""Where a cold build's time goes: cProfile over `site_builder build`, grouped by the part of the work.

    .venv/bin/python benchmarks/profile_build.py [--pages 4000] [--copies 0] [--top 25] [--no-real]

Profiles, each in a fresh interpreter and with no build state: the generated plain site of
benchmarks/peers.py at `--pages` pages, the real content multiplied (`--copies` copies of each prose page;
0: left out) and the real site. The build runs in one process (the pool of workers is set to one core)
so that the profile sees every page's work, timed in CPU time (others' load on the machine does not
count). A real build spreads the page rendering over the cores, so its wall time is less than the
profile's total, which counts CPU work (and cProfile's own overhead, which weighs most on small,
often-called functions).

Each function's own time goes to the part it belongs to, found from its module (and for site_builder's
markup, its name); a function of no part (a built-in such as re.sub or str.join, a library of general
use) has its time shared among its callers' parts in proportion to what each caller spent in it. Parts:
start-up and imports, template compilation, template rendering (Jinja2 running the templates, and the
page context render.py builds for them), Markdown, macros and tree rewriting (site_builder's Markdown
extensions and the guide's macros), sanitizer (the allowlist and refusals.py's checks of a page's HTML), search,
cards (and pictures), checks, state (the build state and the plan), writing, loading (config, content,
YAML, catalogs), other.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_speed
import peers

Func = tuple[str, int, str]

PARTS = (
    "start-up and imports",
    "template compilation",
    "template rendering",
    "Markdown",
    "macros and tree rewriting",
    "sanitizer",
    "search",
    "cards (and pictures)",
    "checks",
    "state",
    "writing",
    "loading",
    "other",
)

# (a piece of the file name, the part), first match wins; site_builder's markup.py is split by name below.
BY_FILE = (
    ("<frozen importlib", "start-up and imports"),
    ("site-packages/jinja2/lexer.py", "template compilation"),
    ("site-packages/jinja2/parser.py", "template compilation"),
    ("site-packages/jinja2/compiler.py", "template compilation"),
    ("site-packages/jinja2/optimizer.py", "template compilation"),
    ("site-packages/jinja2/idtracking.py", "template compilation"),
    ("site-packages/jinja2/nodes.py", "template compilation"),
    ("site-packages/jinja2/visitor.py", "template compilation"),
    ("site-packages/jinja2/loaders.py", "template compilation"),
    ("site-packages/jinja2/bccache.py", "template compilation"),
    ("site-packages/jinja2/", "template rendering"),
    ("site-packages/markupsafe/", "template rendering"),
    ("site-packages/markdown/", "Markdown"),
    ("site_builder/guide/", "macros and tree rewriting"),
    ("site_builder/assessment/", "macros and tree rewriting"),
    ("site_builder/engine/render/search.py", "search"),
    ("site-packages/snowballstemmer/", "search"),
    ("site_builder/engine/render/cards.py", "cards (and pictures)"),
    ("site_builder/engine/load/card_style.py", "cards (and pictures)"),
    ("site_builder/engine/load/pictures.py", "cards (and pictures)"),
    ("site-packages/PIL/", "cards (and pictures)"),
    ("site_builder/engine/check/checks.py", "checks"),
    ("site_builder/engine/check/translations.py", "checks"),
    ("site_builder/engine/incremental/state.py", "state"),
    ("site_builder/engine/incremental/store.py", "state"),
    ("site_builder/engine/incremental/plan.py", "state"),
    ("site_builder/engine/write/output.py", "writing"),
    ("site_builder/engine/render/spool.py", "writing"),
    ("site_builder/engine/load/assets.py", "writing"),
    ("site_builder/engine/render/render.py", "template rendering"),
    ("site_builder/engine/", "loading"),
    ("site-packages/yaml/", "loading"),
    ("site-packages/babel/", "loading"),
    ("site_builder/", "other"),
)
TEMPLATE_FILES = (".html", ".xml", ".txt", "_headers", "_redirects", "<template>")
TEMPLATE_SETUP = {"make_environment", "load_bytecode", "dump_bytecode"}
COMPILING = {"compile", "_compile", "_parse", "_generate", "from_string", "get_template", "_load_template", "from_code"}


def part_of(func: Func) -> str | None:
    """The part a function's own time belongs to, or None: shared among its callers' parts."""
    filename, _, name = func
    if name == "<module>":
        return "start-up and imports"
    if filename.endswith(TEMPLATE_FILES):
        return "template rendering"
    if filename.endswith("jinja2/environment.py"):
        return "template compilation" if name in COMPILING else "template rendering"
    if filename.endswith("site_builder/engine/render/templates.py") and name in (
        "make_environment",
        "load_bytecode",
        "dump_bytecode",
    ):
        return "template compilation"
    if filename.endswith(("site_builder/engine/render/refusals.py", "site_builder/engine/base/sanitize.py")):
        return "sanitizer"
    if filename.endswith(("site_builder/engine/render/markup.py", "site_builder/engine/render/macros.py")):
        return "macros and tree rewriting"
    for piece, part in BY_FILE:
        if piece in filename:
            return part
    return None


def grouped(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of own time per part, the time of functions of no part shared among their callers'."""
    table = stats.stats  # type: ignore[attr-defined]
    shares: dict[Func, dict[str, float]] = {}
    busy: set[Func] = set()

    def share(func: Func) -> dict[str, float]:
        if func in shares:
            return shares[func]
        part = part_of(func)
        if part is not None:
            result = {part: 1.0}
        elif func in busy or func not in table or not table[func][4]:
            result = {"other": 1.0}  # a cycle, or the profile's root
        else:
            busy.add(func)
            callers = table[func][4]
            weights = {caller: entry[2] or entry[3] for caller, entry in callers.items()}
            total = sum(weights.values()) or 1.0
            result = defaultdict(float)
            for caller, weight in weights.items():
                for name, fraction in share(caller).items():
                    result[name] += fraction * (weight or 1.0 / len(weights)) / total
            busy.discard(func)
        shares[func] = dict(result)
        return shares[func]

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    seconds: dict[str, float] = defaultdict(float)
    for func, (_, _, own, _, _) in table.items():
        for name, fraction in share(func).items():
            seconds[name] += own * fraction
    return seconds


def profile(root: Path, output: Path, dump: Path) -> None:
    """In this process: one cold build of `root` under cProfile, its imports included, in one process."""
    from site_builder.engine.base import workers

    workers.cores = lambda: 1  # every page's work in this process, where the profiler sees it
    profiler = cProfile.Profile(time.process_time)  # CPU time: others' load on the machine does not count
    profiler.enable()
    from site_builder import cli

    code = cli.main(["--root", str(root), "build", "--output", str(output)])
    profiler.disable()
    if code:
        raise SystemExit(code)
    profiler.dump_stats(dump)


def report(name: str, dump: Path, top: int) -> None:
    stats = pstats.Stats(str(dump))
    total = stats.total_tt  # type: ignore[attr-defined]
    seconds = grouped(stats)
    print(f"\n== {name}: {total:.1f} CPU-s profiled (one process)")
    for part in PARTS:
        if seconds.get(part):
            print(f"  {part:28} {seconds[part]:7.2f} s  {100 * seconds[part] / total:5.1f} %")
    text = io.StringIO()
    pstats.Stats(str(dump), stream=text).sort_stats("cumulative").print_stats(top)
    lines = text.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print(f"  top {top} by cumulative time:")
    for line in lines[start:]:
        if line.strip():
            print("   " + line.replace(str(Path.cwd()) + "/", "").replace(sys.prefix, "<venv>"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4000, help="pages of the generated plain site (0: left out)")
    parser.add_argument("--copies", type=int, default=0, help="copies of each real prose page per language (0: none)")
    parser.add_argument("--no-real", action="store_true", help="leave the real site out")
    parser.add_argument("--top", type=int, default=25, help="functions listed by cumulative time")
    parser.add_argument("--profile", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile:
        profile(*args.profile)
        return
    print("$ " + " ".join([Path(sys.executable).name, *sys.argv]))
    with tempfile.TemporaryDirectory(prefix="profile-") as folder:
        tmp = Path(folder)
        sites: list[tuple[str, Path]] = []
        if args.pages:
            sites.append(
                (f"generated plain site, {args.pages} pages", peers.make_site("site_builder", tmp / "gen", args.pages))
            )
        if args.copies:
            root = build_speed.make_real_corpus(tmp / "copies", args.copies)
            count = sum(1 for _ in (root / "content").rglob("*.md"))
            sites.append((f"real content × {args.copies}, {count} pages", root))
        if not args.no_real:
            real = tmp / "real"
            shutil.copytree(
                build_speed.PROJECT, real, ignore=shutil.ignore_patterns(".*", "public", "node_modules", "tests")
            )
            count = sum(1 for _ in (real / "content").rglob("*.md"))
            sites.append((f"real site, {count} pages", real))
        for n, (name, root) in enumerate(sites):
            output, dump = tmp / f"out-{n}" / "site", tmp / f"profile-{n}.prof"
            output.parent.mkdir()
            command = [sys.executable, __file__, "--profile", str(root), str(output), str(dump)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            report(name, dump, args.top)


if __name__ == "__main__":
    main()

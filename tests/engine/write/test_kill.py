"""kill -9 at every step of a write: the output folder holds the old site or the new one, never a mix, and the
next build recovers (nothing left beside the output but its staging folder) and equals a clean build."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.write import output
from site_builder.engine.write.output import recover
from tests.helpers import append, clean_build, edit, tree

# A page's text, or a template every page shows: an incremental build writes one page, a full one every page.
CHANGES = {
    "one page": lambda root: append(root / "content/en/about.md", "\nWe answer every letter.\n"),
    "every page": lambda root: edit(root / "templates/base.html", '<main id="main">', '<main id="main" class="x">'),
}
# Each step, the times it is reached before the kill, and whether the new site is in place by then.
EXCHANGE_STEPS = [("written", 1, False), ("assembled", 1, False), ("exchanged", 1, True)]
TWO_RENAME_STEPS = [("assembled", 1, False), ("retired", 1, False), ("swapped", 1, True)]
LAST_STEPS = [("in place", 1, True)]  # before the state is saved
# A page edit links again the page the build before wrote; a template edit writes every page.
MORE_STEPS = {"one page": [("linked", 1, False)], "every page": [("written", 4, False)]}


def cases() -> list[tuple[str, bool, str, int, bool]]:
    found = []
    for change in CHANGES:
        for one_step in (True, False):
            steps = (EXCHANGE_STEPS if one_step else TWO_RENAME_STEPS) + LAST_STEPS
            steps += MORE_STEPS[change]
            found += [(change, one_step, *step) for step in steps]
    return found


def killed_build(root: Path, target: Path, step: str, times: int, one_step: bool) -> bool:
    """Build in a child process that kills itself with SIGKILL the `times`-th time the write reaches `step`;
    True if it was killed there."""
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest
        code = 1
        try:
            reached = [0]

            def stop_here(point: str) -> None:
                if point == step:
                    reached[0] += 1
                    if reached[0] == times:
                        os.kill(os.getpid(), signal.SIGKILL)

            output._step = stop_here
            if not one_step:
                output._renameat2 = lambda: None
            build(load_config(root), target)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize(
    ("change", "one_step", "step", "times", "new_in_place"),
    cases(),
    ids=[f"{c}-{'exchange' if o else 'two renames'}-{s}-{t}" for c, o, s, t, _ in cases()],
)
def test_a_kill_at_any_step_leaves_one_whole_site_and_the_next_build_recovers(
    change: str, one_step: bool, step: str, times: int, new_in_place: bool, fixture_copy: Path, tmp_path: Path
) -> None:
    target = tmp_path / "public"
    build(load_config(fixture_copy), target)
    append(fixture_copy / "content/id/tentang.md", "\nKami menjawab setiap surat.\n")
    build(load_config(fixture_copy), target)  # the staging folder now differs from the live one: it needs links
    old = tree(target)
    CHANGES[change](fixture_copy)
    new = clean_build(fixture_copy, tmp_path / "clean")

    assert killed_build(fixture_copy, target, step, times, one_step), f"the build never reached {step!r}"

    if not one_step:
        recover(target)  # between two renames there is no output folder: the next build first puts one back
    assert tree(target) == (new if new_in_place else old)
    build(load_config(fixture_copy), target)
    assert tree(target) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".clean.build-cache", ".clean.staging", "clean", ".public.build-cache", ".public.staging", "public", "site"]
    ), "nothing left beside the output but its staging folder"

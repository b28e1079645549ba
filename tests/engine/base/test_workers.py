"""Pages rendered across processes: same order, same bytes, mistakes returned rather than raised."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from site_builder.engine.base import workers
from site_builder.engine.base.errors import SiteError
from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.helpers import PROJECT, tree


def _square_or_complain(n: int) -> tuple[int, int]:
    if n % 7 == 3:
        raise SiteError.at(f"page{n}.md", "a mistake", n)
    return n * n, os.getpid()


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "MIN_PARALLEL", 0)
    monkeypatch.setattr(workers, "cores", lambda: 2)


def test_results_keep_their_order_and_mistakes_come_back_as_problems(always_parallel: None) -> None:
    seen_meanwhile = []
    outcomes = workers.map_items(_square_or_complain, range(50), lambda: seen_meanwhile.append(os.getpid()))
    assert [o.value[0] if o.value else None for o in outcomes] == [None if n % 7 == 3 else n * n for n in range(50)]
    assert [p.line for o in outcomes for p in o.problems] == [n for n in range(50) if n % 7 == 3]
    assert {o.value[1] for o in outcomes if o.value} - {os.getpid()}, "the work ran in other processes"
    assert seen_meanwhile == [os.getpid()]


def test_few_items_are_done_here_without_forking() -> None:
    outcomes = workers.map_items(_square_or_complain, range(3))
    assert {o.value[1] for o in outcomes if o.value} == {os.getpid()}


def test_a_parallel_build_is_byte_identical_to_a_serial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "MIN_PARALLEL", 10**9)
    build(load_config(PROJECT), tmp_path / "serial")
    monkeypatch.setattr(workers, "MIN_PARALLEL", 0)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    build(load_config(PROJECT), tmp_path / "parallel")
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")


def test_a_drawing_module_moved_or_commented_draws_under_the_same_name_but_not_once_its_code_changes(
    tmp_path: Path,
) -> None:
    code = 'from . import workers\n\n\ndef draw(x):\n    """Doc."""\n    return x + 1\n'
    moved = '"""Moved."""\nfrom ..base import workers  # note\n\n\ndef draw(x):\n    """Other."""\n    return x + 1\n'
    changed = code.replace("x + 1", "x + 2")
    names = []
    for index, text in enumerate((code, moved, changed)):
        module = tmp_path / f"module{index}.py"
        module.write_text(text)
        names.append(workers.drawn_by(str(module))[0])
    assert names[0] == names[1]
    assert names[2] != names[0]


_prepared: list[int] = []


def _prepared_by() -> tuple[int, ...]:
    return tuple(_prepared)


def test_work_before_the_fork_is_done_once_here_and_every_worker_inherits_it(always_parallel: None) -> None:
    _prepared.clear()
    outcomes = workers.map_items(lambda n: (_prepared_by(), os.getpid()), range(20), None)
    assert {o.value[0] for o in outcomes if o.value} == {()}
    outcomes = list(
        workers.each_item(
            lambda n: (_prepared_by(), os.getpid()), range(20), None, lambda: _prepared.append(os.getpid())
        )
    )
    assert _prepared == [os.getpid()], "prepared once, in this process"
    assert {o.value[0] for o in outcomes if o.value} == {(os.getpid(),)}, "every worker saw it done"
    assert {o.value[1] for o in outcomes if o.value} - {os.getpid()}, "the work ran in other processes"


def test_no_work_is_prepared_for_workers_when_none_is_forked() -> None:
    prepared: list[int] = []
    outcomes = list(workers.each_item(_square_or_complain, range(3), None, lambda: prepared.append(1)))
    assert prepared == []
    assert len(outcomes) == 3


def test_what_a_build_froze_for_rendering_is_let_go_after_it_even_when_a_page_fails(always_parallel: None) -> None:
    assert gc.get_freeze_count() == 0
    with pytest.raises(SiteError), workers.frozen():
        held = gc.get_freeze_count()
        list(workers.each_item(lambda n: (_ for _ in ()).throw(SiteError.at(Path("p.md"), "no")), list(range(10))))
        raise SiteError.at(Path("p.md"), "the build stops here")
    assert held > 0 and gc.get_freeze_count() == 0

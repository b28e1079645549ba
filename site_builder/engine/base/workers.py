"""Per-page work spread over the machine's cores.

Workers are forked once the model is built, so they inherit the site, its templates and its data
instead of receiving them through a pipe. A worker returns an editor's mistake as problems, never as
an exception, so every mistake in every page is still reported at once.
"""

from __future__ import annotations

import ast
import contextlib
import ctypes
import functools
import gc
import hashlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from .errors import Problem, SiteError

T = TypeVar("T")
R = TypeVar("R")

# Below this many pages a process pool costs more than it saves (starting one takes some 10–20 ms).
MIN_PARALLEL = 8
CHUNKS_PER_CORE = 4  # small chunks even out pages of different lengths
MAX_CHUNK = 100  # items: what is in flight at once stays small on a large site

_job: tuple[Callable, Sequence] | None = None  # the work of the current map, inherited by forked workers
_in_worker = False  # a worker does its own share of a map itself (a page's card, drawn by the page's worker)


class TaskResult(Generic[R]):
    __slots__ = ("problems", "value")

    def __init__(self, value: R | None, problems: list[Problem]):
        self.value = value
        self.problems = problems


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _quiet() -> None:
    """A worker leaves interruption to the process that started it, which stops the pool, and dies with it:
    a build killed from outside leaves no worker rendering on."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@functools.cache
def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc's; not in every C library (musl)
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Hand the memory freed so far back to the system. The C library keeps what a process frees for its
    next allocations, in pieces among what is still in use: after the pages' text is read, or their results
    come in, that is many megabytes the process no longer uses, which would count in its size, and in each
    worker's it forks."""
    trim = _trim()
    if trim is not None:
        trim(0)


def _run(job: Callable[[T], R], item: T) -> TaskResult[R]:
    try:
        return TaskResult(job(item), [])
    except SiteError as error:
        return TaskResult(None, error.problems)


def _run_chunk(span: tuple[int, int]) -> list[TaskResult]:
    assert _job is not None
    job, items = _job
    return [_run(job, items[i]) for i in range(*span)]


def map_items(
    job: Callable[[T], R], items: Sequence[T], while_waiting: Callable[[], None] | None = None
) -> list[TaskResult[R]]:
    """`job` applied to every item, in order, across all cores when there are enough items to pay for it.

    `while_waiting` runs in this process meanwhile: work of its own that needs no worker.
    """
    return list(each_item(job, items, while_waiting))


def map_values(job: Callable[[T], R], items: Mapping[str, T]) -> dict[str, R]:
    """`job` applied to each value, by its name, across all cores; every mistake raised together."""
    names = sorted(items)
    results = map_items(lambda name: job(items[name]), names)
    problems = [problem for result in results for problem in result.problems]
    if problems:
        raise SiteError(problems)
    return {name: result.value for name, result in zip(names, results, strict=True)}  # type: ignore[misc]  # no problem: every job gave its value


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """What exists when the block starts, left out of the collector of cycles' passes until it ends (gc.freeze):
    a build's model, data and templates live that long anyway, and forked workers inherit the freeze.
    Let go afterwards, so that a process that builds again and again (the preview) can free what it no longer uses."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@functools.cache
def _behaviour(tree: ast.AST) -> str:
    """A module's code less its imports and docstrings: what it does, not where it finds its names."""
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            statements = getattr(node, name, None)
            if not isinstance(statements, list):
                continue
            if statements and isinstance(statements[0], ast.Expr) and isinstance(statements[0].value, ast.Constant):
                del statements[0]  # a docstring
            statements[:] = [s for s in statements if not isinstance(s, (ast.Import, ast.ImportFrom))]
    return ast.dump(tree)


@functools.cache
def drawn_by(module: str) -> tuple[str, str]:
    """What draws a picture: the drawing module's code and the Pillow version (read from its package alone),
    so that a picture named from them is drawn again when either changes.

    The code is read as Python reads it, less its imports, docstrings and comments: the module moved to
    another folder, or a comment mended, draws the same pictures, and they keep their names."""
    import PIL  # the package alone, which holds its version: Pillow's drawing code loads only when a picture is drawn

    code = hashlib.blake2b(_behaviour(ast.parse(Path(module).read_bytes())).encode(), digest_size=16).hexdigest()
    return code, PIL.__version__


def each_item(
    job: Callable[[T], R],
    items: Sequence[T],
    while_waiting: Callable[[], None] | None = None,
    before_fork: Callable[[], None] | None = None,
) -> Iterator[TaskResult[R]]:
    """As map_items, each result as soon as its share of the items is done: a caller can put it away
    before the rest arrive, instead of holding every result at once.

    `before_fork` runs in this process just before the workers are forked, and only then: work every worker
    would otherwise do for itself (compiling templates), done once and inherited."""
    global _job
    workers = cores()
    # Forking is Linux's; a worker does its share itself.
    if workers < 2 or _in_worker or len(items) < max(MIN_PARALLEL, 1) or not sys.platform.startswith("linux"):
        if while_waiting:
            while_waiting()
        yield from (_run(job, item) for item in items)
        return
    size = min(-(-len(items) // (workers * CHUNKS_PER_CORE)), MAX_CHUNK)
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    if before_fork:
        before_fork()
    give_back()
    _job = (job, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet) as pool:
            pending = pool.imap(_run_chunk, spans, chunksize=1)
            if while_waiting:
                while_waiting()
            for chunk in pending:
                yield from chunk
    finally:
        _job = None
        give_back()  # what the results' passage through the pipes left behind

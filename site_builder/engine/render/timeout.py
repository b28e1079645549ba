"""A time limit on rendering one page or file, on the main thread or any other (the preview renders on its own)."""


from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from collections.abc import Iterator

from ..base.errors import SiteError
from ..model.model import Page


class RenderTimeoutError(Exception):
    """One page took longer than the site's render_seconds: a template loop that never ends, most likely."""


_timed_out = False  # in this process, some page has run out of time


_RETRY_SECONDS = 0.25  # how often a thread that swallowed its time-out is told again


@contextlib.contextmanager
def time_limit(what: Page | str, seconds: float) -> Iterator[None]:
    """Stop the rendering of `what` (a page, or the name of a site-wide file or picture) after `seconds`: by a
    timer signal on the main thread, and on any other (the preview renders on a thread of its own) by an
    exception the timer raises in the rendering thread."""
    global _timed_out
    if _timed_out:  # the same loop would stop every later page too, each after the full wait
        raise SiteError([])
    name = what if isinstance(what, str) else what.path.name
    message = f"rendering {name} took over {seconds:g} s; a loop that never ends?"
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _raise_after(seconds, message):
            yield
        return

    def stop(_signum: int, _frame: object) -> None:
        global _timed_out
        _timed_out = True
        raise RenderTimeoutError(message)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _raise_after(seconds: float, message: str) -> Iterator[None]:
    """RenderTimeoutError(message) in this thread once `seconds` have passed, between two bytecodes as a
    signal handler's would be; never once the block is left."""
    target = ctypes.c_ulong(threading.get_ident())
    done, lock = threading.Event(), threading.Lock()

    class OutOfTimeError(RenderTimeoutError):  # raised by type, without arguments: it carries its message itself
        def __init__(self, *_args: object) -> None:
            super().__init__(message)

    def watch() -> None:
        global _timed_out
        if done.wait(seconds):
            return
        while True:
            with lock:
                if done.is_set():
                    return
                _timed_out = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(OutOfTimeError))
            if done.wait(_RETRY_SECONDS):  # told again, should the render have caught it and gone on
                return

    threading.Thread(target=watch, name="render time limit", daemon=True).start()
    try:
        yield
    finally:
        with lock:
            done.set()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # one not raised yet never leaves the block


def start_over() -> None:
    """A new build in this process (the preview builds again and again): no page has run out of time yet."""
    global _timed_out
    _timed_out = False

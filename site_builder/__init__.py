"""site_builder: a static-site generator for bilingual, fact-driven patient guides."""

import os
import sys

__version__ = "0.1.0"


def interrupted_early(_signum: int, _frame: object) -> None:
    """Ctrl+C while the command is still loading: nothing has started, so there is nothing to undo or report."""
    raise SystemExit(130)


# Started as the command (`site-builder`, `python -m site_builder`), not imported: a Ctrl+C while the command
# line loads its tens of milliseconds of modules ends it quietly. _signal is loaded with the interpreter, so
# this costs no import; cli.main() hands Ctrl+C back to Python (KeyboardInterrupt) once it can report it.
_started_as = os.path.basename(sys.argv[0]) if sys.argv else ""
if _started_as in ("-m", "site-builder", "site-builder.exe"):
    import _signal

    if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
        _signal.signal(_signal.SIGINT, interrupted_early)

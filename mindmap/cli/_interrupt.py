"""Take a Ctrl-C quietly while the command line is being imported; importing this module starts that."""

from __future__ import annotations

import os
import signal
from typing import Any


def _interrupted_at_start(signum: int, frame: Any) -> None:
    """Leave with the shell's status for Ctrl-C: nothing has been read or written yet."""
    os._exit(128 + signum)


# A Ctrl-C in the fifth of a second that importing takes would print a traceback from deep inside some
# library; restore() brings the default handler back once the command line is imported.
_previous: Any = None
# Only Python's own handler is replaced: a shell that starts a job in the background sets Ctrl-C to be
# ignored, and a program that imports the command line may have a handler of its own.
if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    try:
        _previous = signal.signal(signal.SIGINT, _interrupted_at_start)
    except ValueError:  # not the main thread (the command line imported by a program's worker)
        _previous = None


def restore() -> None:
    """Give Ctrl-C back to the handler it had before this module was imported."""
    if _previous is not None and signal.getsignal(signal.SIGINT) is _interrupted_at_start:
        signal.signal(signal.SIGINT, _previous)

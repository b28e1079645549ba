"""What the preview watches: site.yaml and the source folders, through watchfiles (inotify on Linux).

Watching the project folder as a whole would also watch .git, .venv and node_modules; so its top level
is watched alone, for site.yaml and for a source folder that comes or goes, and the source folders in depth.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import watchfiles

from ..engine.config.config import CONFIG_FILE, SOURCE_FOLDERS

STEP_MS = 10  # how long a save must be quiet before it is reported: a save's events come microseconds apart


class _Either:
    """Stops a watch when any of its events is set."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class SourceWatcher:
    """Puts each batch of changed source paths on `changes` until `stop` is set."""

    def __init__(self, root: Path, stop: threading.Event):
        self.root = root
        self.stop = stop
        self.changes: queue.SimpleQueue[set[str]] = queue.SimpleQueue()
        self._folders_moved = threading.Event()

    def start(self) -> None:
        for target in (self._watch_top, self._watch_folders):
            threading.Thread(target=target, daemon=True).start()

    def _watch_top(self) -> None:
        names = {CONFIG_FILE, *SOURCE_FOLDERS}
        for batch in watchfiles.watch(
            self.root,
            watch_filter=lambda _change, path: Path(path).name in names,
            recursive=False,
            step=STEP_MS,
            stop_event=self.stop,
        ):
            if any(Path(path).name in SOURCE_FOLDERS for _, path in batch):
                self._folders_moved.set()
            self.changes.put({path for _, path in batch})

    def _watch_folders(self) -> None:
        while not self.stop.is_set():
            self._folders_moved.clear()
            folders = [self.root / name for name in SOURCE_FOLDERS if (self.root / name).is_dir()]
            if not folders:
                self._folders_moved.wait(0.5)
                continue
            for batch in watchfiles.watch(*folders, step=STEP_MS, stop_event=_Either(self.stop, self._folders_moved)):
                self.changes.put({path for _, path in batch})

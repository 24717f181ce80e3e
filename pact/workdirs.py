"""Working folders for uploads, bounded in number, in total size and in idle time.

Each upload is validated and loaded from its own folder, which must outlive the script run that
made it (the zip download reads the package's files) but not the session: a session that ends
without pressing "Return to the bundled data" leaves its folder behind. Every new folder therefore
first sweeps the pool: folders idle for longer than ``idle_seconds`` (the session is gone, or has
not drawn a page for that long), or whose owner is known to have ended, are removed, then the least
recently used go until the count and the total size are within their caps.
Pure file-system code: the Streamlit side only calls :meth:`Pool.create`, :meth:`Pool.touch` and
:meth:`Pool.release`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "upload-"
MAX_FOLDERS = 32
MAX_TOTAL_BYTES = 256 * 1024 * 1024
IDLE_SECONDS = 2 * 60 * 60


def default_root() -> Path:
    return Path(tempfile.gettempdir()) / "pact-uploads"


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@dataclass
class Pool:
    root: Path = field(default_factory=default_root)
    max_folders: int = MAX_FOLDERS
    max_total_bytes: int = MAX_TOTAL_BYTES
    idle_seconds: float = IDLE_SECONDS
    clock: Callable[[], float] = time.time

    def folders(self) -> list[Path]:
        """Working folders, least recently used first."""
        if not self.root.is_dir():
            return []
        found = [p for p in self.root.iterdir() if p.is_dir() and p.name.startswith(PREFIX)]
        return sorted(found, key=lambda p: p.stat().st_mtime)

    def create(self, owner: str, is_live: Callable[[str], bool] | None = None) -> Path:
        """A new empty folder for ``owner`` (a session id), after making room for it."""
        self.sweep(is_live, room_for=1)
        self.root.mkdir(parents=True, exist_ok=True)
        safe = "".join(c for c in owner if c.isalnum() or c == "-")[:40] or "anon"
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{safe}_", dir=self.root))
        self.touch(folder)
        return folder

    def touch(self, folder: Path) -> None:
        """Mark ``folder`` as in use now (the session drew a page with it)."""
        now = self.clock()
        if folder.is_dir():
            os.utime(folder, (now, now))

    def release(self, folder: Path) -> None:
        """Remove a folder the session no longer needs (only folders of this pool)."""
        if folder.parent.resolve() == self.root.resolve() and folder.name.startswith(PREFIX):
            shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def owner_of(folder: Path) -> str:
        # The owner part holds only letters, digits and "-"; mkdtemp's random suffix may hold "_" too.
        return folder.name[len(PREFIX):].split("_", 1)[0]

    def sweep(self, is_live: Callable[[str], bool] | None = None, room_for: int = 0) -> list[Path]:
        """Remove idle, orphaned (``is_live(owner)`` is False) and excess folders; returns the ones removed."""
        removed = []
        now = self.clock()
        kept = []
        for folder in self.folders():
            idle = now - folder.stat().st_mtime > self.idle_seconds
            orphan = is_live is not None and not is_live(self.owner_of(folder))
            if idle or orphan:
                self.release(folder)
                removed.append(folder)
            else:
                kept.append(folder)
        sizes = {folder: _size(folder) for folder in kept}
        while kept and (len(kept) + room_for > self.max_folders or sum(sizes[f] for f in kept) > self.max_total_bytes):
            oldest = kept.pop(0)
            self.release(oldest)
            removed.append(oldest)
        return removed

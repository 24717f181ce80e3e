"""Where a data package is: the bundled one, ``DASHBOARD_DATA``, or a path given."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "datapackage.json"


def resolve(path: str | os.PathLike | None = None) -> Path:
    """The descriptor to load: the argument, else ``DASHBOARD_DATA``, else the bundled package."""
    chosen = path or os.environ.get("DASHBOARD_DATA") or BUNDLED
    chosen = Path(chosen)
    return chosen / "datapackage.json" if chosen.is_dir() else chosen

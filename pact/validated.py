"""Remember which exact packages have passed validation, so an unchanged package is not re-validated.

Frictionless validation reads every row, which takes seconds at 100× the bundled size. A package
whose bytes (descriptor, tables, the source texts its quotes are checked against) and validating
code are unchanged would give the same verdict, so a passed package leaves a marker named by the
hash of all of those; any edit gives another hash, and the package is validated afresh. Only
passes are remembered: a package with problems reports them every time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import frictionless

CODE = tuple(Path(__file__).resolve().parent / name for name in ("load.py", "curation.py", "problems.py"))


def cache_dir() -> Path:
    chosen = os.environ.get("PACT_CACHE_DIR")
    return Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pact"


def fingerprint(files: Iterable[Path]) -> str:
    """SHA-256 over the validating code, the Frictionless version and each file's name and bytes."""
    digest = hashlib.sha256(frictionless.__version__.encode())
    for path in (*CODE, *files):
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def passed(key: str) -> bool:
    return (cache_dir() / key).is_file()


def remember_pass(key: str) -> None:
    """Best effort: a read-only or full disk only costs the next start a fresh validation."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
    except OSError:
        pass

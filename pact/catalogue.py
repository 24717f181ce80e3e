"""Which partnerships the dashboard bundles: read from the data folder, not listed in code.

The flagship package (Japan–EU) is ``data/datapackage.json``; every other partnership is a folder
of its own under ``data/`` holding a ``datapackage.json`` (``data/releases/`` holds frozen
snapshots and is not a partnership). A descriptor's ``partnership`` block names it for analysts:
label, partner, region and the date it was signed (with ``signed_inferred`` when no source states
the date). Only descriptors are read here, as JSON; loading and validating a package is
:func:`pact.load.load_package`'s job, done when a package is first shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pact.paths import BUNDLED

DATA = BUNDLED.parent
NOT_PARTNERSHIPS = {"releases", "sources"}


@dataclass(frozen=True)
class Entry:
    """One bundled partnership as the Dataset selector, the URL and the atlas name it."""

    name: str  # the package's name, used in ?partnership=
    label: str  # "EU–India"
    partner: str
    region: str
    signed: date | None
    signed_inferred: bool
    note: str
    path: Path  # its datapackage.json
    flagship: bool

    @property
    def dataset_label(self) -> str:
        return f"{self.label} partnership"

    @property
    def signed_text(self) -> str:
        """The signature date as an analyst reads it, saying when it is inferred."""
        if self.signed is None:
            return "date signed not recorded"
        text = f"{self.signed.day} {self.signed:%B %Y}"
        return f"{text} (inferred)" if self.signed_inferred else text


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def read_entry(descriptor_path: Path, flagship: bool = False) -> Entry:
    """The catalogue entry of one descriptor; an unreadable one still gets an entry named after its folder,
    so the dashboard can show its validation problems instead of silently leaving it out."""
    folder = descriptor_path.parent.name
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        descriptor = {}
    if not isinstance(descriptor, dict):
        descriptor = {}
    block = descriptor.get("partnership")
    block = block if isinstance(block, dict) else {}
    name = str(descriptor.get("name") or folder)
    return Entry(
        name=name,
        label=str(block.get("label") or descriptor.get("title") or name),
        partner=str(block.get("partner") or ""),
        region=str(block.get("region") or ""),
        signed=_date(block.get("signed")),
        signed_inferred=bool(block.get("signed_inferred")),
        note=str(block.get("note") or ""),
        path=descriptor_path,
        flagship=flagship,
    )


def catalogue(folder: Path = DATA) -> list[Entry]:
    """Every bundled partnership: the flagship first, then the others by the date they were signed."""
    entries = []
    flagship = folder / "datapackage.json"
    if flagship.is_file():
        entries.append(read_entry(flagship, flagship=True))
    others = [
        read_entry(child / "datapackage.json")
        for child in sorted(folder.iterdir()) if child.is_dir() and child.name not in NOT_PARTNERSHIPS
        and (child / "datapackage.json").is_file()
    ]
    others.sort(key=lambda e: (e.signed is None, e.signed or date.max, e.label))
    entries += others
    seen: set[str] = set()
    for entry in entries:
        if entry.name in seen:
            raise ValueError(f"Two bundled packages are both named “{entry.name}”; a link could not tell them apart.")
        seen.add(entry.name)
    return entries


def by_signature(entries: list[Entry]) -> list[Entry]:
    """The partnerships in the order they were signed (the atlas's order), flagship included."""
    return sorted(entries, key=lambda e: (e.signed is None, e.signed or date.max, e.label))

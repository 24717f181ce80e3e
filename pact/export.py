"""CSV export of the filtered view: safe to open in a spreadsheet, and lossless to read back."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pandas as pd

from pact.filters import Filters

# OWASP ASVS 1.2.10: a cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text cell that a spreadsheet would treat as a formula with an apostrophe.

    A cell that already starts with an apostrophe before a trigger gets one more, so that
    :func:`unneutralise` (one apostrophe off) gives back exactly what was exported.
    """
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or _guarded(value)):
        return "'" + value
    return value


def _guarded(value: str) -> bool:
    return value.startswith("'") and value[1:2] != "" and (value[1:2] in FORMULA_TRIGGERS or _guarded(value[1:]))


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` when reading an exported table back."""
    return value[1:] if _guarded(value) else value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel detects the encoding), formula cells neutralised."""
    buffer = io.StringIO()
    neutralised(frame).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def neutralised_table(path) -> bytes:
    """A CSV table of a data package, every cell neutralised, as it goes into the zip download.

    Cells are read as text (a "-1" or "=x" in a CSV is the same to a spreadsheet) and the rest of
    the file (UTF-8, quoting) is kept as the package writes it.
    """
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[neutralise(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "x"


def csv_filename(package_name: str, filters: Filters, actor_ids: list[str] | None = None, today: date | None = None) -> str:
    """A file name that says what was filtered, e.g. ``jp-eu-sdp_actor-eunavfor_2024-11-01.csv``."""
    parts = [_slug(package_name)]
    if filters.actors:
        parts.append("actor-" + "+".join(_slug(a) for a in (actor_ids or filters.actors)))
    if filters.domains:
        parts.append("domain-" + "+".join(_slug(d) for d in filters.domains))
    if filters.changes:
        parts.append("change-" + "+".join(_slug(c) for c in filters.changes))
    if filters.text.strip():
        parts.append("search-" + _slug(filters.text.strip()))
    name = "_".join(parts)[:150]
    return f"{name}_{(today or date.today()).isoformat()}.csv"

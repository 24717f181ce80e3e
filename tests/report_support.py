"""Helpers for the brief's tests: a brief of a package for some filters, and a package with hostile text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from conftest import SOURCE_TEXT, write_package
from pact import DataPackage, load_package
from pact.compare import compare
from pact.filters import Filters, analysis_view, apply_filters, filter_comparison
from pact.report import Brief, build_brief

TODAY = date(2026, 11, 24)
LINK = "http://127.0.0.1:8501/?actor=China"
HOSTILE_NAME = '<b>Bold</b> <script>alert(1)</script> dialogue'
HOSTILE_DOMAIN = '<a href="javascript:alert(2)">Dialogue</a>'
HOSTILE_PUBLISHER = '<img src="https://evil.example/x.png">'
HOSTILE_QUOTE = "The parties will <b>establish</b> a dialogue."


def brief_of(package: DataPackage, filters: Filters | None = None, link: str = LINK) -> Brief:
    """The brief the dashboard would build for these filters on the draft -> final comparison."""
    filters = filters or Filters()
    stage_a, stage_b = package.stage_ids()[0], package.stage_ids()[-1]
    view = apply_filters(analysis_view(package, stage_a, stage_b), filters,
                         package.elements.set_index("name")["summary"])
    comparison = filter_comparison(compare(package, stage_a, stage_b), view)
    return build_brief(package, comparison, view, filters, stage_a, stage_b, link, TODAY)


def hostile_package(folder: Path, tables: dict[str, list[dict]]) -> DataPackage:
    """The tiny package with markup where text belongs, and a javascript: source URL.

    Validation refuses such a URL, so it is put in after loading: the brief must not rely on
    validation to keep it from becoming a link.
    """
    tables["elements"][0]["name"] = HOSTILE_NAME
    tables["elements"][0]["domain"] = HOSTILE_DOMAIN
    tables["sources"][0]["publisher"] = HOSTILE_PUBLISHER
    tables["evidence"][0]["quote"] = HOSTILE_QUOTE
    package = load_package(write_package(folder, tables, SOURCE_TEXT + " " + HOSTILE_QUOTE))
    sources = package.sources.assign(url="javascript:alert(3)")
    return DataPackage(package.path, package.descriptor, {**package.tables, "sources": sources})


def with_follow_up(package: DataPackage, rows: list[dict]) -> DataPackage:
    """The package as it will be once it records follow-up (another table in the same schema)."""
    columns = ["element_id", "date", "date_precision", "status", "source_id", "locator", "quote", "translation",
               "verified", "event_id", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    return DataPackage(package.path, package.descriptor, {**package.tables, "follow_up": frame})

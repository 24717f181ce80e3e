"""Cached loading: the validated packages and what is derived from them once per filter state.

Every cache here is keyed on arguments only (paths, frames, filter text), never on session state,
so one server process shares each result between sessions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from pact import DataPackage, PackageError, atlas, atlas_charts, charts, load_package
from pact.codebook import bundle_zip, codebook, quality, sources_table
from pact.compare import compare
from pact.diff import baseline_release, diff_packages
from pact.export import to_csv_bytes
from pact.filters import Filters, analysis_view, apply_filters, filter_comparison, side_by_side
from pact.lifecycle import FollowUpHeadline, FollowUpView, follow_up_headline, follow_up_sentence, follow_up_view
from pact.partnerships import across_partnerships
from pact.report import build_brief
from pact.report_docx import failure_docx, render_docx
from pact.report_html import failure_html, html_bytes
from pact.text import link_target, readable_cells, source_titles
from ui.state import bundled_catalogue

LOG = logging.getLogger(__name__)
BRIEF_NAMES = {"html": "brief", "docx": "Word brief"}


@st.cache_resource(show_spinner="Validating the data package…", max_entries=16)
def load_bundled(path: str) -> DataPackage:
    """Validated once per server process and path; pages only read the frames, never modify them.

    Uploads live in their own temporary folder, so their path is their key and no session sees
    another's upload.
    """
    return load_package(path)


@st.cache_resource(show_spinner=False, max_entries=32)
def comparison_and_view(path: str, stage_a: str, stage_b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Built once per stage pair, not on every filter click.

    A resource, not data: the frames are only read (filters make new frames), so every session can
    share one copy instead of unpickling its own on each rerun.
    """
    package = load_bundled(path)
    return compare(package, stage_a, stage_b), analysis_view(package, stage_a, stage_b)


@st.cache_data(show_spinner=False, max_entries=256)
def csv_bytes(frame: pd.DataFrame) -> bytes:
    return to_csv_bytes(frame)


@st.cache_resource(show_spinner=False, max_entries=256)
def vega_spec(builder: str, *args) -> dict:
    """A chart's Vega-Lite spec, built once per filter state.

    Altair validates a chart against the Vega-Lite schema whenever it is converted, which costs more
    than the rest of a page; caching the converted spec keeps a rerun close to a bare script's. A
    shared resource rather than data, so a rerun does not unpickle a copy of a spec that holds every
    mark: Streamlit copies the spec's top level before it adds its own keys.
    """
    return getattr(charts, builder)(*args).to_dict()


@st.cache_resource(show_spinner=False, max_entries=256)
def plotly_figure(builder: str, *args):
    """A Plotly figure, built once per filter state (Plotly validates every property it is given).

    A shared resource: Streamlit serialises the figure without modifying it.
    """
    return getattr(charts, builder)(*args)


def elements_in_view(packages: dict[str, DataPackage], filters: Filters) -> dict[str, set[str]]:
    """Per partnership, the elements the filters that carry across partnerships select (see pact.partnerships)."""
    shared = across_partnerships(filters)
    selected = {}
    for label, package in packages.items():
        stages = package.stage_ids()
        _, view = comparison_and_view(str(package.path), stages[0], stages[-1])
        selected[label] = set(apply_filters(view, shared, package.summaries_by_name)["element_id"])
    return selected


@st.cache_data(show_spinner="Comparing with the earlier release…", max_entries=16)
def changes_since(release_path: str, path: str):
    """Computed once per pair of paths: a release snapshot never changes, and each upload has its own path."""
    return diff_packages(release_path, path)


@st.cache_data(show_spinner=False, max_entries=64)
def brief_bytes(kind: str, path: str, stage_a: str, stage_b: str, filters: Filters, link: str, today: date,
                view: pd.DataFrame, comparison: pd.DataFrame) -> bytes:
    """The brief of one filter state as HTML or Word; its charts take a second to draw, so once."""
    entries = bundled_catalogue()
    mine = next((e for e in entries if str(e.path) == path), None)
    family = None
    if mine is not None and len(entries) > 1:
        # A bundled partnership's memo says how it compares with the others, as the atlas does.
        family = atlas_frames(tuple(e.dataset_label for e in entries), filters)[0].view.cells
    brief = build_brief(load_bundled(path), comparison, view, filters, stage_a, stage_b, link, today,
                        family=family, partnership=mine.label if mine else "")
    return html_bytes(brief) if kind == "html" else render_docx(brief)


def brief_download(kind: str, failures: dict[str, str], *args) -> bytes:
    """The brief as the download button's deferred data: if it cannot be built, a file that says so.

    Streamlit calls this on click, outside the script run, and an exception here would only make the
    download never arrive. So any failure gives a short file of the same kind saying what went wrong,
    and is left in ``failures`` (this session's) for the sidebar to show on its next run. Failures are
    not cached: a brief that failed once is built afresh on the next click.
    """
    try:
        return brief_bytes(kind, *args)
    except Exception as exc:  # noqa: BLE001 (whatever it is, the analyst must hear of it, and the server must go on)
        LOG.exception("the %s could not be built", BRIEF_NAMES[kind])
        message = f"The {BRIEF_NAMES[kind]} of this view could not be built ({type(exc).__name__}: {str(exc)[:300]})."
        failures[kind] = message
        return failure_html(message) if kind == "html" else failure_docx(message)


@st.cache_data(show_spinner=False, max_entries=64)
def follow_up(path: str, element_ids: tuple[str, ...]) -> FollowUpView:
    """The follow-up of the elements in view, once per package and filter state."""
    return follow_up_view(load_bundled(path), element_ids)


@st.cache_data(show_spinner=False, max_entries=64)
def follow_up_summary(path: str, element_ids: tuple[str, ...]) -> tuple[FollowUpHeadline, str]:
    """The Overview's follow-up metric and sentence, without the charts and tables of the Follow-up page."""
    package = load_bundled(path)
    elements = package.elements[package.elements["element_id"].isin(element_ids)]
    return follow_up_headline(package, element_ids), follow_up_sentence(package, elements)


@st.cache_data(show_spinner=False, max_entries=16)
def reference_tables(path: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Data quality, sources and codebook: fixed for a package, so built once, not on every rerun."""
    package = load_bundled(path)
    return quality(package), sources_table(package), codebook(package.descriptor)


@st.cache_data(show_spinner=False, max_entries=16)
def earlier_release(path: str):
    """The snapshot of this package's latest earlier release, if one is kept (found by reading data/releases/)."""
    return baseline_release(load_bundled(path).descriptor)


@dataclass(frozen=True)
class AtlasDrawn:
    """The atlas of one choice and filter state with what the page sends as is: chart specs and the CSV."""

    view: atlas.AtlasView
    matrix_spec: dict
    csv: bytes
    summary: str


@st.cache_resource(show_spinner=False, max_entries=64)
def _atlas(paths: tuple[tuple[str, str, str], ...], filters: Filters) -> AtlasDrawn:
    """A resource, not data: the frames and specs are only read, so each rerun takes them as they are
    instead of unpickling a copy (the matrix's spec holds every cell), which kept the page over budget."""
    packages = {label: load_bundled(path) for label, path, _ in paths}
    in_view = elements_in_view(packages, filters) if across_partnerships(filters).active else None
    view = atlas.atlas_view(packages, in_view, {label: signed for label, _, signed in paths})
    levels = next(iter(packages.values())).commitment_levels if packages else pd.DataFrame(
        columns=["level", "commitment", "definition"])
    return AtlasDrawn(view, atlas_charts.matrix_chart(view.cells, levels).to_dict(), to_csv_bytes(view.table),
                      atlas.summary(view.cells))


def atlas_frames(labels: tuple[str, ...], filters: Filters) -> tuple[AtlasDrawn, list[str]]:
    """The atlas of the partnerships chosen, for these filters, and the partnerships left out because
    their package does not load: built once per choice and filter state from packages loaded (and
    validated) once each."""
    entries = {entry.dataset_label: entry for entry in bundled_catalogue()}
    paths, broken = [], []
    for label in labels:
        entry = entries.get(label)
        if entry is None:
            continue
        try:
            load_bundled(str(entry.path))
        except PackageError:
            broken.append(entry.label)
            continue
        paths.append((entry.label, str(entry.path), entry.signed_text))
    return _atlas(tuple(paths), filters), broken


@st.cache_resource(show_spinner=False, max_entries=64)
def atlas_spec(builder: str, *args) -> dict:
    """An atlas chart's Vega-Lite spec, once per state (a shared resource, see :func:`vega_spec`)."""
    return getattr(atlas_charts, builder)(*args).to_dict()


@dataclass(frozen=True)
class DraftVsFinal:
    """What Draft vs Final draws for one stage pair and filter state, built once (pandas merges and
    pivots, and two specs that hold every mark, cost more than the floor's whole rerun)."""

    dumbbell_summary: str
    dumbbell_table: pd.DataFrame
    dumbbell_spec: dict | None  # None: no element in view changed (with "hide unchanged" on)
    paths: pd.DataFrame
    paths_summary: str
    paths_spec: dict
    side_by_side: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=64)
def draft_vs_final(path: str, stage_a: str, stage_b: str, filters: Filters, changed: bool) -> DraftVsFinal:
    package = load_bundled(path)
    comparison_all, view_all = comparison_and_view(path, stage_a, stage_b)
    comparison = filter_comparison(comparison_all, apply_filters(view_all, filters, package.summaries_by_name))
    label_a, label_b = package.stage_label(stage_a), package.stage_label(stage_b)
    charted = charts.changed_only(comparison) if changed else comparison
    paths = charts.stage_paths(package.positions, package.stages, comparison.set_index("element_id")["name"])
    return DraftVsFinal(
        dumbbell_summary=charts.dumbbell_summary(charted, label_a, label_b),
        dumbbell_table=charts.dumbbell_data(charted, label_a, label_b),
        dumbbell_spec=None if charted.empty else charts.dumbbell_chart(
            charted, label_a, label_b, package.commitment_levels).to_dict(),
        paths=paths,
        paths_summary=charts.stage_paths_summary(paths),
        paths_spec=charts.stage_paths_chart(paths).to_dict(),
        side_by_side=side_by_side(package, comparison).drop(columns="element_id"),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def data_rows(path: str, stage_a: str, stage_b: str, filters: Filters, limit: int) -> tuple[pd.DataFrame, int]:
    """Data & Sources' table of the filtered rows as it is shown (the first ``limit``), and how many there are:
    built once per state, since preparing and copying every row cost more than the floor's whole rerun."""
    package = load_bundled(path)
    _, view_all = comparison_and_view(path, stage_a, stage_b)
    view = apply_filters(view_all, filters, package.summaries_by_name)
    shown = view.head(limit)
    # Not-reported rows have no commitment: say so rather than show a blank that reads as "none".
    shown = shown.assign(
        commitment=shown["commitment"].fillna("— not reported"),
        source=source_titles(shown.rename(columns={"source": "title", "source_kind": "kind",
                                                   "source_published": "published"})),
        source_url=shown["source_url"].map(link_target),
    )
    return readable_cells(shown), len(view)


@st.cache_resource(show_spinner=False, max_entries=64)
def package_zip(path: str, stage_a: str, stage_b: str, filters: Filters, readme: str) -> bytes:
    """The whole package plus the filtered rows, once per state (keyed without hashing the rows)."""
    package = load_bundled(path)
    _, view_all = comparison_and_view(path, stage_a, stage_b)
    view = apply_filters(view_all, filters, package.summaries_by_name)
    return bundle_zip(package, filters.describe(), to_csv_bytes(view), readme)

"""Properties over generated packages (see tests/strategies.py): what must hold for any data and any filter.

For every generated package: it passes validation; for every pair of its stages and any filters,
comparing, filtering, follow-up, partnerships, every chart builder and the CSV export run without
raising; filtered rows are a subset of the view; the headline counts add up; every exported cell a
spreadsheet could run is neutralised; no data string reaches Plotly as markup. The brief (HTML and
Word) of any view is built, holds the data as text and makes no tag or link of it. The upload
parser, given arbitrary bytes, zips and CSVs, either loads a package or raises PackageError with a
message. Example counts are CI-sized (the "ci" profile in conftest.py; HYPOTHESIS_PROFILE=dev for more).
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pandas as pd
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pact import PackageError, atlas, atlas_charts, charts, load_package
from pact.compare import CHANGE_LABELS, CHANGE_TYPES, change_by_domain, compare, headline
from pact.export import FORMULA_TRIGGERS, to_csv_bytes, unneutralise
from pact.filters import VIEW_COLUMNS, actor_events, analysis_view, apply_filters, filter_comparison
from pact.lifecycle import events_in, focus_window, follow_up_view
from pact.lifecycle_charts import lifecycle_chart
from pact.report import build_brief, safe_url
from pact.report_docx import render_docx
from pact.report_html import render_html
from pact.text import xml_text
from pact.upload import read_upload
from strategies import filters_for, hostile_text, packages

CHANGES = list(CHANGE_LABELS)


def loaded(generated):
    """The generated package, written out and loaded through full validation (which must pass)."""
    folder = Path(tempfile.mkdtemp(prefix="pact-prop-"))
    return load_package(generated.write(folder / "package"))


def stage_pairs(package) -> list[tuple[str, str]]:
    stages = package.stage_ids()
    return list(itertools.combinations(stages, 2)) or [(stages[0], stages[0])]


def plotly_strings(figure) -> list[str]:
    """Every string Plotly would draw as (its own) markup: trace text, names, labels; not our templates."""
    found = []

    def walk(value, key=""):
        if isinstance(value, str):
            if "template" not in key:
                found.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, key)

    walk(figure.to_plotly_json()["data"])
    walk([a.get("text", "") for a in figure.to_plotly_json()["layout"].get("annotations", [])])
    walk(figure.to_plotly_json()["layout"].get("yaxis", {}).get("categoryarray", []))
    return found


@settings(max_examples=20)
@given(packages(), st.data())
def test_any_view_of_any_package_holds_together(generated, data):
    package = loaded(generated)
    levels = package.commitment_levels
    for stage_a, stage_b in stage_pairs(package):
        label_a, label_b = package.stage_label(stage_a), package.stage_label(stage_b)
        comparison_all = compare(package, stage_a, stage_b)
        view_all = analysis_view(package, stage_a, stage_b)
        assert len(comparison_all) == len(package.elements)
        assert set(comparison_all["change_type"]) <= {c.key for c in CHANGE_TYPES}
        filters = data.draw(filters_for(package, CHANGES))
        view = apply_filters(view_all, filters, package.summaries_by_name)
        comparison = filter_comparison(comparison_all, view)
        # Filtered rows are rows of the view, unchanged, and each one meets every filter.
        assert set(view.index) <= set(view_all.index)
        pd.testing.assert_frame_equal(view, view_all.loc[view.index])
        assert not filters.actors or view["actor"].isin(filters.actors).all()
        assert not filters.domains or view["domain"].isin(filters.domains).all()
        assert not filters.changes or view["change"].isin(filters.changes).all()
        assert set(comparison["element_id"]) == set(view["element_id"])
        # The headline counts add up.
        h = headline(comparison)
        assert h.total == len(comparison) == comparison["element_id"].nunique()
        assert h.carried_over + h.newly_appearing + h.not_carried_over <= h.total
        assert h.in_a == h.carried_over + h.not_carried_over
        assert h.in_b == h.carried_over + h.newly_appearing
        assert h.strengthened + h.weakened <= h.carried_over
        counts = change_by_domain(comparison)
        assert counts["elements"].sum() == h.total

        # Every chart builder, on whatever the filters leave (often nothing).
        figures = [
            charts.change_by_domain_figure(counts),
            charts.actor_network(view),
        ]
        charts.dumbbell_chart(comparison, label_a, label_b, levels).to_dict()
        paths = charts.stage_paths(package.positions, package.stages, comparison.set_index("element_id")["name"])
        charts.stage_paths_chart(paths).to_dict()
        assert isinstance(charts.stage_paths_summary(paths), str)
        charts.role_heatmap(view, [label_a, label_b]).to_dict()
        for summary in (charts.change_by_domain_summary(counts), charts.dumbbell_summary(comparison, label_a, label_b),
                        charts.role_heatmap_summary(view, [label_a, label_b]), charts.network_summary(view)):
            assert isinstance(summary, str) and summary
        events = actor_events(package, filters.actors)
        for window in (None, focus_window(package)):
            shown = events_in(events, window)
            figures.append(charts.timeline_figure(shown, package.stages, window))
            charts.timeline_summary(shown, package.stages)
        for figure in figures:
            # "<br>" is ours (long labels wrap); anything else in angle brackets came from the data.
            raw = [s for s in plotly_strings(figure) if "<" in s.replace("<br>", "") or ">" in s.replace("<br>", "")]
            assert not raw, f"data reached Plotly as markup: {raw[:3]}"

        follow = follow_up_view(package, tuple(comparison["element_id"]))
        assert follow.headline.elements == len(comparison)
        assert follow.headline.with_any + follow.headline.without == follow.headline.elements
        assert len(follow.latest) == len(comparison)
        assert follow.latest["records"].sum() == len(follow.history)
        lifecycle_chart(follow.marks, [package.stage_label(s) for s in package.stage_ids()]).to_dict()

        in_view = {"Generated": set(comparison["element_id"]), "Again": set(comparison["element_id"][:1])}
        both = {"Generated": package, "Again": package}
        cells = atlas.matrix(both, in_view)
        # One cell per topic and partnership; a level only where the sources have the topic.
        assert len(cells) == 2 * cells["topic_id"].nunique()
        assert cells.loc[cells["cell"] != atlas.PRESENT, "level"].isna().all()
        latest = package.stage_ids()[-1]
        present = package.positions[(package.positions["stage_id"] == latest)
                                    & (package.positions["status"] == "present")]
        shown = package.elements[package.elements["element_id"].isin(present["element_id"])
                                 & package.elements["element_id"].isin(in_view["Generated"])]
        assert set(cells.loc[(cells["partnership"] == "Generated") & (cells["cell"] == atlas.PRESENT), "topic_id"]) == \
            set(shown["topic"]) - {""}
        atlas_charts.matrix_chart(cells, levels).to_dict()
        for text in (atlas.summary(cells), atlas.family_summary(cells, "Generated"),
                     atlas.draft_changes_summary(atlas.draft_changes(both, in_view))):
            assert isinstance(text, str) and text
        atlas.coverage(cells), atlas.only_here(cells), atlas.follow_up_counts(both, in_view)

        # Every exported cell a spreadsheet would run as a formula is neutralised, and reads back exactly.
        exported = to_csv_bytes(view).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(exported, newline="")))
        assert rows[0] == list(view.columns) == VIEW_COLUMNS
        assert len(rows) == len(view) + 1
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_TRIGGERS), cell[:40]
                assert unneutralise(cell) == cell or cell.startswith("'")


class Tags(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.tags, self.hrefs, self.text = set(), [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.hrefs += [value for name, value in attrs if name in ("href", "src", "xlink:href")]

    def handle_data(self, data):
        self.text.append(data)


# The brief's own markup: the template's tags and Vega's SVG drawing elements.
BRIEF_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "section", "footer", "h1", "h2", "h3",
              "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "em", "strong",
              "a", "span", "div", "dl", "dt", "dd", "blockquote", "small", "sup", "cite", "caption", "br", "abbr", "q",
              "svg", "g", "path", "rect", "text", "tspan", "line", "circle", "ellipse", "polygon", "polyline", "desc",
              "defs", "clippath", "lineargradient", "radialgradient", "stop", "pattern", "mask", "nav", "b", "i"}


@settings(max_examples=6)
@given(packages(), st.data())
def test_the_brief_of_any_view_is_built_and_keeps_data_as_text(generated, data):
    package = loaded(generated)
    stage_a, stage_b = data.draw(st.sampled_from(stage_pairs(package)))
    filters = data.draw(filters_for(package, CHANGES))
    view = apply_filters(analysis_view(package, stage_a, stage_b), filters, package.summaries_by_name)
    comparison = filter_comparison(compare(package, stage_a, stage_b), view)
    brief = build_brief(package, comparison, view, filters, stage_a, stage_b, "http://127.0.0.1:8501/?actor=x")
    page = render_html(brief)
    parsed = Tags(page)
    assert parsed.tags <= BRIEF_TAGS, parsed.tags - BRIEF_TAGS
    allowed = {safe_url(n.url) for n in brief.notes} | {safe_url(brief.link)}
    assert all(href.startswith("#") or href in allowed for href in parsed.hrefs), parsed.hrefs
    shown = html.unescape("".join(parsed.text))
    for element in brief.elements:
        assert element.name in shown and element.name == xml_text(element.name)
    # Every chart is drawn, or the brief says why it is not: the renderer runs in a child process, and
    # these properties found valid data on which it aborts (open, see the issue note), so its failure must
    # cost only the pictures, each with its reason, never the brief or the server.
    left_out = page.count("The chart was left out")
    assert left_out in (0, len(brief.charts)), "a renderer failure leaves every chart out, each with its reason"
    assert left_out == 0 or "the chart renderer stopped" in page or "took longer than" in page
    document = docx.Document(io.BytesIO(render_docx(brief)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    words = "\n".join([p.text for p in document.paragraphs] + cells)
    for element in brief.elements:
        assert element.name in words


def refused_or_loaded(filename: str, payload: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="pact-upload-") as workdir:
        try:
            read_upload(filename, payload, Path(workdir))
            event("loaded")
        except PackageError as exc:
            event("refused")
            assert exc.problems and all(str(p).strip() for p in exc.problems)


@settings(max_examples=50)
@given(st.sampled_from(("upload.csv", "upload.zip", "upload", "data.CSV")), st.binary(max_size=2000))
def test_any_bytes_are_loaded_or_refused_with_a_message(filename, payload):
    refused_or_loaded(filename, payload)


member_names = st.sampled_from(("datapackage.json", "p/datapackage.json", "elements.csv", "p/stages.csv",
                                "../evil.csv", "/abs.csv", "__MACOSX/._x", "sources/T1.txt", "a\\b.csv",
                                "p/q/datapackage.json", "\u202ename.csv", "dir/"))
member_bodies = st.binary(max_size=300) | hostile_text.map(lambda t: t.encode("utf-8")) | st.just(
    json.dumps({"resources": [{"name": "elements", "path": "elements.csv"}]}).encode())


@settings(max_examples=50)
@given(st.lists(st.tuples(member_names, member_bodies), max_size=6))
def test_any_zip_is_loaded_or_refused_with_a_message(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members:
            archive.writestr(name, body)
    refused_or_loaded("upload.zip", buffer.getvalue())


@settings(max_examples=15)
@given(packages(), st.data())
def test_any_edited_csv_download_is_loaded_or_refused_with_a_message(generated, data):
    package = loaded(generated)
    stages = package.stage_ids()
    rows = list(csv.reader(io.StringIO(to_csv_bytes(analysis_view(package, stages[0], stages[-1])).decode("utf-8-sig"))))
    # An analyst's edits: cells replaced by hostile text, rows dropped or duplicated, columns lost.
    for _ in range(data.draw(st.integers(0, 2))):
        if len(rows) > 1:
            r = data.draw(st.integers(1, len(rows) - 1))
            c = data.draw(st.integers(0, len(rows[0]) - 1))
            rows[r][c] = data.draw(hostile_text)
    if len(rows) > 2 and data.draw(st.booleans()):
        rows.append(rows[1])
    if data.draw(st.integers(0, 3)) == 0:
        drop = data.draw(st.integers(0, len(rows[0]) - 1))
        rows = [row[:drop] + row[drop + 1:] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    encoding = data.draw(st.sampled_from(("utf-8-sig", "utf-8", "utf-16")))
    refused_or_loaded("edited.csv", buffer.getvalue().encode(encoding, errors="replace"))


@settings(max_examples=10)
@given(packages(), st.data())
def test_any_zipped_package_with_files_missing_or_added_is_loaded_or_refused(generated, data):
    folder = Path(tempfile.mkdtemp(prefix="pact-prop-")) / "package"
    generated.write(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    kept = [p for p in files if data.draw(st.integers(0, 5)) > 0]
    prefix = data.draw(st.sampled_from(("", "package/", "__MACOSX/")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in kept:
            archive.write(path, prefix + path.relative_to(folder).as_posix())
        for name, body in data.draw(st.lists(st.tuples(member_names, member_bodies), max_size=2)):
            archive.writestr(name, body)
    refused_or_loaded("package.zip", buffer.getvalue())

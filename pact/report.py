"""The brief of the current view: one plain model of its content, rendered to HTML and to Word.

The model holds text and numbers only (plus each chart's Vega-Lite spec); the renderers in
``report_html`` and ``report_docx`` decide how it looks and escape everything taken from the data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import altair as alt
import pandas as pd

from pact.atlas import family_rows, family_summary
from pact.brief import press_silence, what_changed
from pact.charts import (
    CHANGE_COLOURS,
    FONT,
    change_by_domain_summary,
    dumbbell_chart,
    dumbbell_summary,
)
from pact.codebook import citation
from pact.compare import CHANGE_TYPES, STATUS_LABELS, change_by_domain, headline, headline_tiles
from pact.drawing import ChartsFailed, draw
from pact.filters import NAMED_BY_LABELS, Filters
from pact.lifecycle import follow_up_headline, follow_up_label, follow_up_sentence, searched
from pact.load import DataPackage
from pact.text import XML_FORBIDDEN, plural, source_title, title_is_ours, xml_text

# The section headings, in order: both renderings use exactly these.
HEADINGS = {
    "view": "The view",
    "counts": "Headline counts",
    "what_changed": "What changed",
    "charts": "Charts",
    "elements": "Elements in view",
    "evidence": "Evidence",
    "follow_up": "Follow-up",
    "family": "Across the partnerships",
    "sources": "Source notes",
    "cite": "How to cite",
}
# Printed width of a chart: an A4 page less its margins, in CSS pixels.
CHART_WIDTH = 560
FOLLOW_UP_COLUMNS = ("element_id", "date", "date_precision", "status", "source_id", "locator", "quote", "translation",
                     "verified", "event_id", "note")


def safe_url(url) -> str | None:
    """The URL if it is a plain http(s) address, else None: only such URLs become links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ch.isspace() for ch in url) or XML_FORBIDDEN.search(url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def view_link(base_url: str | None, query: dict[str, list[str] | str]) -> str:
    """The address that reopens this view: the app's URL and the filter query parameters."""
    encoded = urlencode(query, doseq=True)
    parts = urlsplit(base_url or "")
    # Streamlit gives the app's root without its slash: "http://host:8501".
    base = urlunsplit((parts.scheme, parts.netloc, parts.path or ("/" if parts.netloc else ""), "", ""))
    return f"{base}?{encoded}" if encoded else base


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    title: str
    summary: str
    spec: dict


@dataclass(frozen=True)
class ElementRow:
    element_id: str
    name: str
    domain: str
    change: str
    positions: tuple[str, ...]  # one per stage compared: "Present · establish / conduct" or "Not reported"


@dataclass(frozen=True)
class Quote:
    element: str
    stage: str
    quote: str
    translation: str
    locator: str
    verified: bool
    note: int


@dataclass(frozen=True)
class FollowUp:
    element: str
    date: str
    status: str
    quote: str
    translation: str
    locator: str
    verified: bool
    note: int
    comment: str


@dataclass(frozen=True)
class FamilyRow:
    topic: str
    here: str  # this partnership's level at its final, or "not reported at the final"
    others: int  # other partnerships whose sources have the topic at their final
    of: int
    present_in: str


@dataclass(frozen=True)
class SourceNote:
    number: int
    publisher: str
    title: str
    published: str
    url: str
    title_is_ours: bool = False  # our description (the headline was not retrieved): not put in quotation marks


@dataclass(frozen=True)
class Brief:
    title: str
    subtitle: str
    dataset: str
    dataset_name: str
    version: str
    filters: str
    filter_line: str  # the line under every page title: "Filtered: actor = China" (empty: unfiltered)
    actor_notes: tuple[str, ...]  # per chosen actor: its role in view and who names it (parties or press)
    stages: str
    link: str
    generated: date
    caveats: tuple[str, ...]
    counts: tuple[Count, ...]
    what_changed: tuple[str, ...]
    charts: tuple[Chart, ...]
    stage_labels: tuple[str, str]
    elements: tuple[ElementRow, ...]
    quotes: tuple[Quote, ...]
    follow_up: tuple[FollowUp, ...] | None  # None: the package does not say it searched for follow-up
    follow_up_summary: str  # the computed sentence: how many elements, which furthest along, as of when
    notes: tuple[SourceNote, ...]
    citation: str
    licence: str
    family: tuple[FamilyRow, ...] | None = None  # None: no other partnership to compare with
    family_summary: str = ""

    def headings(self) -> list[str]:
        """Section headings in order; "Follow-up" only for a package that records follow-up, "Across the
        partnerships" only when the brief compares its partnership with others."""
        return [text for key, text in HEADINGS.items()
                if (key != "follow_up" or self.follow_up is not None) and (key != "family" or self.family is not None)]


def _text(value) -> str:
    """A cell as text: missing is empty; characters XML forbids are replaced (see pact.text.xml_text)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return xml_text(value)


def _date_text(value, precision: str = "day") -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    return stamp.strftime({"month": "%Y-%m", "year": "%Y"}.get(precision, "%Y-%m-%d"))


def _position(status: str, commitment) -> str:
    label = STATUS_LABELS.get(status, status)
    return _text(f"{label} · {commitment}" if status == "present" and _text(commitment) else label)


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG contrast ratio)."""
    lum = relative_luminance(fill)
    return "#111111" if (lum + 0.05) / (relative_luminance("#111111") + 0.05) >= 1.05 / (lum + 0.05) else "#ffffff"


def change_by_domain_chart(counts: pd.DataFrame) -> alt.Chart:
    """Static stacked bars of change type per domain, for print: colour doubled by symbol and count."""
    order = [c.label for c in CHANGE_TYPES]
    symbols = {c.label: c.symbol for c in CHANGE_TYPES}
    data = counts.assign(
        change=counts["change"].astype(str),
        text=[f"{symbols[str(c)]} {n}" for c, n in zip(counts["change"], counts["elements"])],
        rank=counts["change"].astype(str).map(order.index),
        ink=counts["change"].astype(str).map({c.label: ink_on(CHANGE_COLOURS[c.key]) for c in CHANGE_TYPES}),
    )
    used = [label for label in order if label in set(data["change"])]
    colours = [CHANGE_COLOURS[c.key] for c in CHANGE_TYPES if c.label in used]
    y = alt.Y("domain:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=220))
    widest = int(data.groupby("domain")["elements"].sum().max()) if len(data) else 1
    ticks = list(range(0, widest + 1, max(1, widest // 8)))
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=1).encode(
        y=y,
        x=alt.X("sum(elements):Q", stack="zero", title="Elements", axis=alt.Axis(values=ticks, format="d")),
        color=alt.Color("change:N", sort=used, scale=alt.Scale(domain=used, range=colours),
                        legend=alt.Legend(title="Change", orient="top", columns=3)),
        order=alt.Order("rank:Q"),
    )
    labels = alt.Chart(data).mark_text(font=FONT, fontSize=12, dx=-4, align="right").encode(
        y=y, x=alt.X("sum(elements):Q", stack="zero"), detail="change:N", order=alt.Order("rank:Q"), text="text:N",
        color=alt.Color("ink:N", scale=None),
    )
    return (
        alt.layer(bars, labels)
        .properties(width=CHART_WIDTH - 200, height=alt.Step(28))
        .configure_view(strokeWidth=0)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12)
        .configure_legend(labelFont=FONT, titleFont=FONT, symbolType="square", labelFontSize=12, titleFontSize=12)
    )


def actor_notes(view: pd.DataFrame, actors) -> tuple[str, ...]:
    """Each chosen actor's role in the rows in view, and who names it: the parties' texts or the press only.

    The caveat travels with the memo: a brief filtered to a third country says when only press
    reports, not the parties' own texts, name it.
    """
    notes = []
    for actor in actors:
        rows = view[view["actor"] == actor]
        if rows.empty:
            notes.append(f"{actor}: no role in the elements in view.")
            continue
        roles = []
        for role, part in rows.groupby("role", sort=False):
            stages = ", ".join(dict.fromkeys(part.sort_values("stage_date", kind="stable")["stage"]))
            roles.append(f"{str(role).lower()} in {plural(part['element'].nunique(), 'element')} ({stages})")
        named = rows.drop_duplicates(["element_id", "stage_id"])["named_by"]
        press = int((named == NAMED_BY_LABELS["press"]).sum())
        parties = int((named == NAMED_BY_LABELS["parties"]).sum())
        if press and not parties:
            who = f"only the press names {actor} in this role; the parties' own texts do not."
        elif parties and not press:
            who = f"the parties name {actor} in this role."
        elif press:
            who = (f"the parties name {actor} in {plural(parties, 'position')}; only the press "
                   f"does in {plural(press, 'position')}.")
        else:
            who = "who names it is not recorded."
        notes.append(f"{actor}: " + "; ".join(roles) + "; " + who)
    return tuple(_text(note) for note in notes)


def _charts(package: DataPackage, comparison: pd.DataFrame, label_a: str, label_b: str) -> tuple[Chart, ...]:
    if comparison.empty:
        return ()
    counts = change_by_domain(comparison)
    strength = dumbbell_chart(comparison, label_a, label_b, package.commitment_levels).to_dict()
    strength["width"] = CHART_WIDTH - 200
    for layer in strength.get("layer", []):
        axis = layer.get("encoding", {}).get("x", {}).get("axis")
        if axis and "labelExpr" in axis:
            # Narrower than on screen: slant the strength labels so none is dropped for overlapping.
            axis.update(labelAngle=-30, labelAlign="left", labelOverlap=False)
    return (
        Chart("Change type by domain", _text(change_by_domain_summary(counts)), change_by_domain_chart(counts).to_dict()),
        Chart("Commitment strength per element", _text(dumbbell_summary(comparison, label_a, label_b)), strength),
    )


def xml_safe(value):
    """A spec, or the brief's model, with every string made XML-safe by :func:`pact.text.xml_text` (at any depth)."""
    if isinstance(value, str):
        return xml_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, tuple):
        return tuple(xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    return value


def chart_svg(spec: dict) -> str:
    """A chart as an SVG document, drawn without a browser, in a child process (see pact.drawing)."""
    return draw([xml_safe(spec)], "svg")[0]


def chart_png(spec: dict) -> bytes:
    """A chart as a PNG at twice screen resolution, for Word (which python-docx cannot give SVG)."""
    return draw([xml_safe(spec)], "png")[0]


def drawn_charts(charts: tuple[Chart, ...], kind: str) -> tuple[list, str]:
    """Every chart of a brief drawn at once (``kind`` "svg" or "png"), and what to print if they cannot be.

    A renderer that fails leaves every drawing None and the note says why; the brief is still built,
    with each chart's title and summary, so a crash there costs the pictures, never the brief.
    """
    try:
        return draw([xml_safe(chart.spec) for chart in charts], kind), ""
    except ChartsFailed as exc:
        return [None] * len(charts), f"The chart was left out: {exc}. Its summary says what it shows."


class _Notes:
    """Numbers sources in the order the brief first cites them."""

    def __init__(self, sources: pd.DataFrame):
        self.sources = sources.set_index("source_id")
        self.numbers: dict[str, int] = {}

    def cite(self, source_id: str) -> int:
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)

    def notes(self) -> tuple[SourceNote, ...]:
        out = []
        for source_id, number in self.numbers.items():
            row = self.sources.loc[source_id] if source_id in self.sources.index else None
            out.append(
                SourceNote(
                    number=number,
                    publisher=_text(row["publisher"]) if row is not None else source_id,
                    title=_text(source_title(row["title"], row["publisher"], row["kind"], row["published"]))
                    if row is not None else "",
                    published=_date_text(row["published"]) if row is not None else "",
                    url=_text(row["url"]) if row is not None else "",
                    title_is_ours=row is not None and (title_is_ours(row["title"]) or not _text(row["title"])),
                )
            )
        return tuple(out)


def _chosen_evidence(package: DataPackage, comparison: pd.DataFrame, view: pd.DataFrame, stages: list[str]) -> pd.DataFrame:
    """One quote per present position of the elements in view.

    The quote that puts a position in the view (for example the one naming the chosen actor) comes
    first; a position outside the view (the other stage of an element in it) gets its first quote.
    """
    evidence = package.evidence
    evidence = evidence[evidence["element_id"].isin(comparison["element_id"]) & evidence["stage_id"].isin(stages)]
    in_view = set(view["evidence_id"].dropna())
    return (
        evidence.assign(_in_view=~evidence["evidence_id"].isin(in_view))
        .sort_values(["_in_view", "evidence_id"])
        .drop_duplicates(["element_id", "stage_id"])
        .drop(columns="_in_view")
    )


def _follow_up(package: DataPackage, comparison: pd.DataFrame, notes: _Notes) -> tuple[FollowUp, ...] | None:
    frame = package.tables.get("follow_up")
    if frame is None or not searched(package).claimed:
        return None
    names = dict(zip(comparison["element_id"], comparison["name"]))
    rows = frame[frame["element_id"].isin(names)].assign(_date=lambda f: pd.to_datetime(f["date"], errors="coerce"))
    rows = rows.sort_values(["_date", "element_id"], na_position="last")
    return tuple(
        FollowUp(
            element=_text(names[row["element_id"]]),
            date=_date_text(row["_date"], _text(row.get("date_precision")) or "day") or _text(row["date"]),
            status=_text(follow_up_label(_text(row.get("status")), names[row["element_id"]])),
            quote=_text(row.get("quote")),
            translation=_text(row.get("translation")),
            locator=_text(row.get("locator")),
            verified=str(row.get("verified")).strip().lower() in ("true", "1", "yes"),
            note=notes.cite(row["source_id"]),
            comment=_text(row.get("note")),
        )
        for _, row in rows.iterrows()
    )


def build_brief(
    package: DataPackage,
    comparison: pd.DataFrame,
    view: pd.DataFrame,
    filters: Filters,
    stage_a: str,
    stage_b: str,
    link: str,
    today: date | None = None,
    family: pd.DataFrame | None = None,
    partnership: str = "",
) -> Brief:
    """The brief's content for the elements in view (``comparison``) and their rows (``view``).

    ``family`` (the atlas cells of every partnership shown, see :func:`pact.atlas.matrix`) adds how
    ``partnership`` compares with the others.
    """
    today = today or date.today()
    # Characters XML forbids are replaced once, on the whole model (the return below), so the HTML and the
    # Word brief show the same text, and no field can be missed.
    label_a, label_b = _text(package.stage_label(stage_a)), _text(package.stage_label(stage_b))
    stage_labels = {stage_a: label_a, stage_b: label_b}
    stages = package.stages.set_index("stage_id")
    counts = tuple(
        Count(tile.label, tile.value)
        for tile in headline_tiles(headline(comparison), label_a, label_b, str(stages.at[stage_a, "basis"]))
    )
    if searched(package).claimed:
        # As on the Overview: the follow-up count travels with the memo, with the total it is out of.
        acted = follow_up_headline(package, comparison["element_id"])
        counts += (Count(f"Acted on since the final (of {acted.elements} in view)", acted.with_any),)
    elements = tuple(
        ElementRow(
            element_id=_text(row.element_id),
            name=_text(row.name),
            domain=_text(row.domain),
            change=_text(f"{row.change_symbol} {row.change}"),
            positions=(_position(row.status_a, row.commitment_a), _position(row.status_b, row.commitment_b)),
        )
        for row in comparison.itertuples()
    )

    notes = _Notes(package.sources)
    chosen = _chosen_evidence(package, comparison, view, [stage_a, stage_b])
    by_position = {(e.element_id, e.stage_id): e for e in chosen.itertuples()}
    quotes = []
    for row in comparison.itertuples():
        for stage_id in (stage_a, stage_b):
            found = by_position.get((row.element_id, stage_id))
            if found is not None:
                quotes.append(
                    Quote(
                        element=_text(row.name),
                        stage=stage_labels[stage_id],
                        quote=_text(found.quote),
                        translation=_text(found.translation),
                        locator=_text(found.locator),
                        verified=bool(found.verified),
                        note=notes.cite(found.source_id),
                    )
                )
    follow_up = _follow_up(package, comparison, notes)

    caveats = []
    for stage_id in (stage_a, stage_b):
        if stages.at[stage_id, "basis"] == "press_reported":
            caveats.append(
                f"The {stage_labels[stage_id]} is known only from press reports: {press_silence(stage_labels[stage_id])}"
            )
    unverified = sum(not q.verified for q in quotes)
    if unverified:
        caveats.append(f"{unverified} of the quotes below could not be found verbatim in their source text (marked).")

    return xml_safe(Brief(
        title=_text(f"Brief: {package.short_title}"),
        subtitle=f"{label_a} vs {label_b}",
        dataset=_text(package.title),
        dataset_name=_text(package.name),
        version=_text(package.descriptor.get("version", "?")),
        filters=_text(filters.describe()),
        filter_line=_text(filters.statement()),
        actor_notes=actor_notes(view, filters.actors),
        stages=f"{label_a} → {label_b}",
        link=_text(link),
        generated=today,
        caveats=tuple(caveats),
        counts=counts,
        what_changed=tuple(map(_text, what_changed(comparison, label_a, label_b, str(stages.at[stage_a, "basis"])))),
        charts=_charts(package, comparison, label_a, label_b),
        stage_labels=(label_a, label_b),
        elements=elements,
        quotes=tuple(quotes),
        follow_up=follow_up,
        follow_up_summary=follow_up_sentence(
            package, package.elements[package.elements["element_id"].isin(comparison["element_id"])]
        ),
        notes=notes.notes(),
        family=None if family is None else tuple(
            FamilyRow(_text(r["topic"]), _text(r["here"]), int(r["others"]), int(r["of"]), _text(r["present in"]))
            for r in family_rows(family, partnership).to_dict("records")),
        family_summary="" if family is None else _text(family_summary(family, partnership)),
        citation=_text(citation(package, accessed=today)),
        licence=" ".join(
            f"Licence: {_text(item.get('title') or item.get('name'))}."
            for item in package.descriptor.get("licenses", []) if isinstance(item, dict)
        ),
    ))


def file_name(csv_name: str, suffix: str) -> str:
    """The brief's file name from the CSV download's, which already says what was filtered."""
    return f"{csv_name.rsplit('.', 1)[0]}_brief.{suffix}"

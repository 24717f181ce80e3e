"""Charts of the agreement's life: every element along time, its stages and its follow-up.

Pure builders (frame in, chart out) like :mod:`pact.charts`; every encoding by colour is doubled by
a shape and a text symbol, and every text colour meets WCAG 2.1 AA (see :mod:`pact.colours`).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pact.chart_rows import height_of, label_layers, pixel_y, stacked_rows
from pact.colours import FOLLOW_UP_COLOURS, STAGE_COLOURS, TEXT
from pact.lifecycle import FOLLOW_UP_LABELS, FOLLOW_UP_STATUSES

MARK_PICK = "mark_pick"
FONT = "Source Sans Pro, sans-serif"
FOLLOW_UP_SHAPES = {"held": "triangle-up", "launched": "square", "announced": "diamond"}
POINT_PX = 30  # room for the commitment level under a stage mark


def lifecycle_chart(marks: pd.DataFrame, stage_labels: list[str], searched_through: str | None = None) -> alt.LayerChart:
    """One row per element, under its domain's header; stages and follow-up as marks at their dates.

    A stage mark is filled where the element is present (its commitment level written below it) and
    open where the stage's sources do not report it; follow-up marks take a shape per status. Each
    element's label sits above its marks (see :mod:`pact.chart_rows`), so the chart keeps its whole
    width for time on a phone. ``searched_through`` (YYYY-MM-DD) extends the time axis to the end of
    the search and marks it, so the chart says how current it is.
    """
    legend = [*stage_labels, *(FOLLOW_UP_LABELS[s] for s in FOLLOW_UP_STATUSES)]
    colours = [*(STAGE_COLOURS[i % len(STAGE_COLOURS)] for i in range(len(stage_labels))),
               *(FOLLOW_UP_COLOURS[s] for s in FOLLOW_UP_STATUSES)]
    shapes = [*("circle" for _ in stage_labels), *(FOLLOW_UP_SHAPES[s] for s in FOLLOW_UP_STATUSES)]
    elements = marks.drop_duplicates("element_id").sort_values(["domain", "element"])
    layout = stacked_rows(elements.assign(label=elements["element"]), point_px=POINT_PX)
    height = height_of(layout)
    at = layout.loc[layout["kind"] == "element"].set_index("element_id")["point_y"]
    data = marks.assign(
        date=marks["date"].dt.strftime("%Y-%m-%d"),
        filled=marks["state"] != "Not reported",
        y=marks["element_id"].map(at),
    )
    # Padding in pixels: the first and last marks are not cut at the plot's edges.
    # (Marks without a date, such as a stage no source dates, add nothing to the span.)
    dates = data["date"].dropna()
    span = [dates.min(), max(dates.max(), searched_through or "")] if len(dates) else None
    x = alt.X("date:T", title=None, scale=alt.Scale(padding=14, **({"domain": span} if span else {})), axis=alt.Axis(format="%b %Y", labelColor=TEXT, grid=True, orient="top",
                                                  labelOverlap=True, labelFlush=True))
    y = pixel_y("y", height)
    pick = alt.selection_point(name=MARK_PICK, fields=["mark_id"], on="click")
    colour_scale = alt.Scale(domain=legend, range=colours)
    points = (
        alt.Chart(data)
        .mark_point(size=110, strokeWidth=2, cursor="pointer")
        .encode(
            x=x,
            y=y,
            color=alt.Color("mark:N", scale=colour_scale,
                            legend=alt.Legend(title="Stage or follow-up", orient="top", columns=2,
                                              labelColor=TEXT, titleColor=TEXT, labelLimit=300)),
            shape=alt.Shape("mark:N", scale=alt.Scale(domain=legend, range=shapes), legend=None),
            fill=alt.condition("datum.filled", alt.Color("mark:N", scale=colour_scale, legend=None), alt.value("white")),
            # What a screen reader says for a mark: the element, the stage or status and the date.
            description=alt.Description("aria:N"),
            tooltip=[alt.Tooltip("element:N"), alt.Tooltip("mark:N", title="stage or follow-up"),
                     alt.Tooltip("state:N"), alt.Tooltip("when:N", title="date"),
                     alt.Tooltip("evidence:N", title="quote"), alt.Tooltip("source:N")],
        )
        .transform_calculate(aria="'element: ' + datum.element + '; ' + datum.mark + ': ' + datum.state + '; date: ' + datum.when")
        .add_params(pick)
    )
    # Below its mark: the stages are three weeks apart, too close for a label beside each.
    symbols = alt.Chart(data).mark_text(align="center", baseline="top", dy=8, fontSize=10, color=TEXT).encode(
        x=x, y=y, text="symbol:N"
    )
    layers = [points, symbols, *label_layers(layout, height, TEXT)]
    if searched_through:
        end = pd.DataFrame({"date": [searched_through], "label": [f"searched through {searched_through}"]})
        layers.insert(0, alt.Chart(end).mark_rule(color="#5F6670", strokeDash=[2, 3], strokeWidth=1.5).encode(
            x=alt.X("date:T", scale=alt.Scale(padding=14, domain=span)), tooltip=["label:N"]))
    return (
        alt.layer(*layers)
        .properties(width="container", height=height)
        .configure_axis(labelFont=FONT, labelFontSize=12)
        .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=12)
        .configure_view(strokeWidth=0)
        # SVG keeps each mark addressable (and clickable) in the page, which the browser tests rely on.
        .properties(usermeta={"embedOptions": {"renderer": "svg"}})
    )

"""Charts of the agreement's life: every element along time, its stages and its follow-up.

Pure builders (frame in, chart out) like :mod:`pact.charts`; every encoding by colour is doubled by
a shape and a text symbol, and every text colour meets WCAG 2.1 AA (see :mod:`pact.colours`).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pact.colours import FOLLOW_UP_COLOURS, STAGE_COLOURS, TEXT
from pact.lifecycle import FOLLOW_UP_LABELS, FOLLOW_UP_STATUSES

MARK_PICK = "mark_pick"
FONT = "Source Sans Pro, sans-serif"
FOLLOW_UP_SHAPES = {"held": "triangle-up", "launched": "square", "announced": "diamond"}


def lifecycle_chart(marks: pd.DataFrame, stage_labels: list[str]) -> alt.FacetChart:
    """One row per element, grouped by domain; stages and follow-up as marks at their dates.

    A stage mark is filled where the element is present (its commitment level written beside it) and
    open where the stage's sources do not report it; follow-up marks take a shape per status.
    """
    legend = [*stage_labels, *(FOLLOW_UP_LABELS[s] for s in FOLLOW_UP_STATUSES)]
    colours = [*(STAGE_COLOURS[i % len(STAGE_COLOURS)] for i in range(len(stage_labels))),
               *(FOLLOW_UP_COLOURS[s] for s in FOLLOW_UP_STATUSES)]
    shapes = [*("circle" for _ in stage_labels), *(FOLLOW_UP_SHAPES[s] for s in FOLLOW_UP_STATUSES)]
    data = marks.assign(
        date=marks["date"].dt.strftime("%Y-%m-%d"),
        filled=marks["state"] != "Not reported",
    )
    elements_by_domain = data.drop_duplicates("element_id").sort_values(["domain", "element"])
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelColor=TEXT, grid=True, orient="top"))
    y = alt.Y("element:N", title=None, sort=elements_by_domain["element"].tolist(),
              axis=alt.Axis(labelLimit=260, labelColor=TEXT))
    pick = alt.selection_point(name=MARK_PICK, fields=["mark_id"], on="click")
    points = (
        alt.Chart()
        .mark_point(size=110, strokeWidth=2, cursor="pointer")
        .encode(
            x=x,
            y=y,
            color=alt.Color("mark:N", scale=alt.Scale(domain=legend, range=colours),
                            legend=alt.Legend(title="Stage or follow-up", orient="top", columns=3,
                                              labelColor=TEXT, titleColor=TEXT)),
            shape=alt.Shape("mark:N", scale=alt.Scale(domain=legend, range=shapes), legend=None),
            fill=alt.condition("datum.filled", alt.Color("mark:N", scale=alt.Scale(domain=legend, range=colours),
                                                          legend=None), alt.value("white")),
            tooltip=[alt.Tooltip("element:N"), alt.Tooltip("mark:N", title="stage or follow-up"),
                     alt.Tooltip("state:N"), alt.Tooltip("when:N", title="date"),
                     alt.Tooltip("evidence:N", title="quote"), alt.Tooltip("source:N")],
        )
        .add_params(pick)
    )
    # Above its mark: the stages are three weeks apart, too close for a label beside each.
    symbols = alt.Chart().mark_text(align="center", dy=-11, fontSize=10, color=TEXT).encode(x=x, y=y, text="symbol:N")
    return (
        alt.layer(points, symbols, data=data)
        # Narrow enough that labels, domain headers and every month to the last follow-up fit the page.
        .properties(width=440, height=alt.Step(28))
        .facet(row=alt.Row("domain:N", title=None, sort="ascending",
                           header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="end",
                                             labelBaseline="top", labelLimit=150,
                                             labelFontSize=13, labelFontWeight="bold", labelColor=TEXT)))
        .resolve_scale(y="independent")
        .configure_axis(labelFont=FONT, labelFontSize=12)
        .configure_view(strokeWidth=0)
        # SVG keeps each mark addressable (and clickable) in the page, which the browser tests rely on.
        .properties(usermeta={"embedOptions": {"renderer": "svg"}})
    )

"""The atlas's charts: the topic × partnership matrix and the dates the partnerships were signed.

Pure builders (frame in, chart out). A matrix cell's state is printed in it (its level, "n.r.",
"○" or "–"), so the colour only repeats what the text says.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pact.atlas import CELL_LABELS, FILTERED_OUT, NOT_CODED, NOT_REPORTED, PRESENT
from pact.colours import TEXT, text_on

CELL_PICK = "cell_pick"
FONT = "Source Sans Pro, sans-serif"
# A sequential blue for the four commitment levels; silence is grey or white, never a level.
LEVEL_FILLS = {1: "#DCEAF7", 2: "#9CC3E6", 3: "#3D85C6", 4: "#0B4F8A"}
STATE_FILLS = {NOT_REPORTED: "#E6E6E6", FILTERED_OUT: "#FFFFFF", NOT_CODED: "#FFFFFF"}
NARROW = 520  # px of chart width below which the matrix is drawn for a phone
AXIS = {"labelColor": TEXT, "titleColor": TEXT, "labelFont": FONT, "titleFont": FONT}


def _legend_key(cell: str, level, commitments: dict[int, str]) -> str:
    if cell == PRESENT:
        return f"{int(level)} {commitments.get(int(level), '')}".strip()
    return CELL_LABELS[cell]


def matrix_chart(cells: pd.DataFrame, levels: pd.DataFrame) -> alt.Chart:
    """Topics down, partnerships across (in the order given); click a cell for its evidence."""
    commitments = {int(r.level): r.commitment for r in levels.itertuples()}
    keys = [f"{k} {v}" for k, v in sorted(commitments.items())] + [CELL_LABELS[c] for c in STATE_FILLS]
    fills = [LEVEL_FILLS.get(k, "#3D85C6") for k in sorted(commitments)] + list(STATE_FILLS.values())
    data = cells.assign(
        key=[_legend_key(c, lv, commitments) for c, lv in zip(cells["cell"], cells["level"])],
        level=cells["level"].astype("float"),
    )
    data["ink"] = [text_on(fills[keys.index(k)]) if k in keys else TEXT for k in data["key"]]
    data = data.drop(columns=["signed"]).astype({"level": "float"}).fillna({"level": 0})
    partnerships = list(dict.fromkeys(cells["partnership"]))
    topics = list(dict.fromkeys(cells["topic"]))
    # Columns are named by the partner alone ("EU–" is every column's), and every name is printed.
    x = alt.X("partnership:N", sort=partnerships, title=None,
              axis=alt.Axis(orient="top", labelAngle=-45, labelLimit=140, labelFontSize=12, labelOverlap=False,
                            labelExpr="replace(replace(datum.label, 'EU–', ''), '–EU', '')"))
    # On a phone the topic names would leave the eleven columns no room: they are cut shorter there
    # (the chart's width is known only in the browser, hence an expression, not a number).
    y = alt.Y("topic:N", sort=topics, title=None,
              axis=alt.Axis(labelLimit=alt.ExprRef(f"width < {NARROW} ? 120 : 240"), labelFontSize=12))
    pick = alt.selection_point(name=CELL_PICK, fields=["partnership", "topic_id"], on="click", clear="dblclick")
    tiles = (
        alt.Chart(data)
        .mark_rect(stroke="#8A8A8A", strokeWidth=0.5)
        .encode(
            x=x, y=y,
            color=alt.Color("key:N", scale=alt.Scale(domain=keys, range=fills),
                            legend=alt.Legend(title="At the final stage", orient="bottom", columns=1,
                                              symbolStrokeColor="#8A8A8A", symbolStrokeWidth=1)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[alt.Tooltip("partnership:N"), alt.Tooltip("topic:N"), alt.Tooltip("state:N"),
                     alt.Tooltip("commitment:N"), alt.Tooltip("element:N")],
        )
        .add_params(pick)
    )
    marks = alt.Chart(data).mark_text(fontSize=alt.ExprRef(f"width < {NARROW} ? 9 : 11"), font=FONT).encode(
        x=x, y=y, text="mark:N", color=alt.Color("ink:N", scale=None)
    )
    return (
        alt.layer(tiles, marks)
        # SVG keeps each cell addressable (and clickable) in the page, which the browser tests rely on.
        .properties(height=alt.Step(22), width="container", usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_view(strokeWidth=0)
        .configure_axis(**AXIS)
        .configure_legend(labelFont=FONT, titleFont=FONT, labelColor=TEXT, titleColor=TEXT, labelLimit=260)
    )


def signatures_chart(signed: pd.DataFrame) -> alt.Chart:
    """One mark per partnership on a time line; an inferred date is a hollow diamond and says so.

    The date is part of each row's name, not printed beside the mark, so the latest partnership's
    date never runs off a phone's screen.
    """
    data = signed.dropna(subset=["signed"]).assign(
        kind=lambda d: d["inferred"].map({True: "date inferred", False: "date stated"}),
        row=lambda d: d["partnership"] + " · " + d["date"],
    )
    kinds = ["date stated", "date inferred"]
    return (
        alt.Chart(data)
        .mark_point(size=90, color="#0B4F8A", strokeWidth=2)
        .encode(
            # Padding keeps the first and last marks whole inside the plot (a phone has no margin to spare).
            x=alt.X("signed:T", title=None, scale=alt.Scale(padding=14),
                    axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=5)),
            y=alt.Y("row:N", sort=list(data["row"]), title=None, axis=alt.Axis(labelLimit=260)),
            shape=alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=["circle", "diamond"]),
                            legend=alt.Legend(title=None, orient="bottom")),
            fill=alt.Fill("kind:N", scale=alt.Scale(domain=kinds, range=["#0B4F8A", "#FFFFFF"]), legend=None),
            tooltip=[alt.Tooltip("partnership:N"), alt.Tooltip("date:N", title="signed"), alt.Tooltip("region:N")],
        )
        .properties(height=alt.Step(20), width="container")
        .configure_view(strokeWidth=0)
        .configure_axis(**AXIS)
        .configure_legend(labelFont=FONT, labelColor=TEXT)
    )

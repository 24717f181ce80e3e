"""Chart builders: data frame in, figure out, plus a one-sentence summary for each.

Colours and their contrast rules live in :mod:`pact.colours`; every encoding by colour is doubled
by a shape, a pattern or a text label.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import plotly.graph_objects as go

from pact.chart_rows import height_of, label_layers, lines_padding, pixel_y, stacked_rows, wrapped
from pact.colours import CHANGE_COLOURS, ROLE_COLOURS, STAGE_COLOURS, TEXT, text_on
from pact.compare import CHANGE_BY_KEY, CHANGE_TYPES, NOT_IN_EXTRACT, POSITION_LABELS
from pact.lifecycle_charts import lifecycle_chart  # noqa: F401  (a builder ui.vega_chart finds by name)
from pact.selection import ACTOR_PICK
from pact.text import plotly_text, plural

CHANGE_PATTERNS = {
    "strengthened": "",
    "unchanged": "",
    "weakened": "x",
    "newly_reported": "/",
    "added": "+",
    "no_longer_reported": ".",
    "dropped": "-",
    "not_in_either": "",
}
STAGE_SHAPES = ("circle", "diamond", "square", "triangle-up")
# Network edges: a dash per role as well as a hue, so colour is not the only cue.
ROLE_DASHES = {"Party": "solid", "Implementer": "dash", "Partner": "longdashdot", "Named concern": "dot",
               "Mentioned": "longdash"}
ROLE_ABBREVIATIONS = {"Party": "P", "Implementer": "I", "Partner": "Pt", "Named concern": "C", "Mentioned": "M"}
FONT = "Source Sans Pro, sans-serif"
ELEMENT_SELECTION = "element_pick"
# Streamlit's theme draws Vega-Lite axis and legend text in a faded grey; ours is the page's text colour.
AXIS_TEXT = {"labelColor": TEXT, "titleColor": TEXT}
LEGEND_TEXT = {"labelColor": TEXT, "titleColor": TEXT}


MAX_CHART_ELEMENTS = 60
MAX_CHART_ACTORS = 30


def focus(comparison: pd.DataFrame, limit: int = MAX_CHART_ELEMENTS) -> pd.DataFrame:
    """At most ``limit`` elements for an element-per-row chart, the most changed first.

    Tables keep every row; a chart of thousands of rows is neither readable nor fast.
    """
    if len(comparison) <= limit:
        return comparison
    rank = {c.key: i for i, c in enumerate(CHANGE_TYPES)}
    order = comparison.assign(
        _moved=-comparison["delta"].abs().fillna(0), _change=comparison["change_type"].map(rank)
    ).sort_values(["_moved", "_change", "domain", "name"])
    return order.head(limit).drop(columns=["_moved", "_change"])


def focus_actor_rows(actor_rows: pd.DataFrame) -> pd.DataFrame:
    """Actor rows limited to the most connected actors and elements, for the grid and network."""
    data = actor_rows.dropna(subset=["actor"])
    actors = data.groupby("actor")["element"].nunique().sort_values(ascending=False).index[:MAX_CHART_ACTORS]
    data = data[data["actor"].isin(actors)]
    elements = data.groupby("element")["actor"].nunique().sort_values(ascending=False).index[:MAX_CHART_ELEMENTS]
    return data[data["element"].isin(elements)]


def shown_note(total: int, shown: int, what: str) -> str:
    return "" if shown >= total else f" The chart shows the {shown} most relevant of {total} {what}; narrow the filters to see others."


def _plural(count: int, word: str) -> str:
    return plural(count, word)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _escaped(values) -> list[str]:
    """Data strings as Plotly must get them: it reads <b>, <a href>, <br> … in every text it draws."""
    return [plotly_text(v) for v in values]


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        # Explicit, or Streamlit's theme draws chart text in a faded grey below 4.5:1.
        font=dict(family=FONT, size=13, color=TEXT),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, font=dict(color=TEXT)),
        plot_bgcolor="white",
    )
    # Streamlit's Plotly theme colours tick labels and titles per axis, over the layout's font.
    fig.update_xaxes(tickfont=dict(color=TEXT), title_font=dict(color=TEXT))
    fig.update_yaxes(tickfont=dict(color=TEXT), title_font=dict(color=TEXT))
    return fig


# --- Change type by domain ---------------------------------------------------------------------


def change_by_domain_figure(counts: pd.DataFrame) -> go.Figure:
    """Horizontal stacked bars: elements per domain, split by change type (colour + pattern)."""
    fig = go.Figure()
    domains = _escaped(sorted(counts["domain"].unique(), reverse=True))
    for change in CHANGE_TYPES:
        part = counts[counts["change"] == change.label]
        if part.empty:
            continue
        fig.add_bar(
            y=_escaped(part["domain"]),
            x=part["elements"],
            orientation="h",
            name=f"{change.symbol} {change.label}",
            marker=dict(
                color=CHANGE_COLOURS[change.key],
                pattern=dict(shape=CHANGE_PATTERNS[change.key], fillmode="overlay", fgcolor="#1F2933", fgopacity=0.45, solidity=0.3),
                # A dark outline gives the light fills (sky blue, orange, grey) 3:1 against the white plot.
                line=dict(color=TEXT, width=1),
            ),
            text=[f"{change.symbol} {n}" for n in part["elements"]],
            textposition="inside",
            insidetextfont=dict(color=text_on(CHANGE_COLOURS[change.key])),
            insidetextanchor="middle",
            hovertemplate="%{y}<br>" + change.label + ": %{x}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=domains, title=None)
    fig.update_xaxes(title="Elements", dtick=1, gridcolor="#eee")
    return _layout(fig, 90 + 38 * len(domains))


def change_by_domain_summary(counts: pd.DataFrame) -> str:
    if counts.empty:
        return "No elements match the filters."
    per_domain = counts.groupby("domain")["elements"].sum().sort_values(ascending=False)
    top_change = counts.groupby("change", observed=True)["elements"].sum().sort_values(ascending=False)
    return (
        f"{_plural(int(per_domain.sum()), 'element')} across {_plural(len(per_domain), 'domain')}; "
        f"{per_domain.index[0]} has the most ({per_domain.iloc[0]}), and the most common change is "
        f"“{top_change.index[0]}” ({top_change.iloc[0]})."
    )


# --- Dumbbell: commitment strength per element at both stages -------------------------------------


def dumbbell_data(comparison: pd.DataFrame, label_a: str, label_b: str) -> pd.DataFrame:
    """Long form: one row per element and stage where the element is present."""
    rows = []
    for row in comparison.itertuples():
        for label, status, level, commitment in (
            (label_a, row.status_a, row.commitment_level_a, row.commitment_a),
            (label_b, row.status_b, row.commitment_level_b, row.commitment_b),
        ):
            if status == "present":
                rows.append(
                    {
                        "element_id": row.element_id,
                        "element": row.name,
                        "domain": row.domain,
                        "stage": label,
                        "level": int(level),
                        "commitment": commitment,
                        "change": f"{row.change_symbol} {row.change}",
                    }
                )
    return pd.DataFrame(
        rows, columns=["element_id", "element", "domain", "stage", "level", "commitment", "change"]
    )


# Rows read most-changed first: a move in strength, then an element seen at one stage only, then
# the rows where nothing moved.
CHANGE_ROW_ORDER = ("strengthened", "weakened", "added", "newly_reported", "dropped", "no_longer_reported",
                    "unchanged", "not_in_either")
POINT_PX = 20


def changed_only(comparison: pd.DataFrame) -> pd.DataFrame:
    """The elements that moved or were seen at one stage only (for "Hide unchanged rows")."""
    return comparison[~comparison["change_type"].isin(["unchanged", "not_in_either"])]


def dumbbell_layout(comparison: pd.DataFrame) -> pd.DataFrame:
    """Where each row of the dumbbell sits, top to bottom, in pixels: domain headers, then each
    domain's elements ordered by change (see ``CHANGE_ROW_ORDER``), then by level, strongest first.

    One row per domain header (``kind`` "domain") and per element (``kind`` "element"), with the
    label's lines, the label's top (``label_y``) and the points' centre (``point_y``).
    """
    rank = {key: i for i, key in enumerate(CHANGE_ROW_ORDER)}
    ordered = comparison.assign(
        _rank=comparison["change_type"].map(rank),
        _level=-comparison[["commitment_level_a", "commitment_level_b"]].max(axis=1).astype("Float64").fillna(0),
    ).sort_values(["domain", "_rank", "_level", "name"])
    label = ordered["name"] + " · " + ordered["change_symbol"] + " " + ordered["change"]
    return stacked_rows(ordered.assign(element=ordered["name"], label=label), POINT_PX)


def _level_label_expr(labels: dict[int, str]) -> str:
    """Vega's axis draws a label given as a list on several lines: the level names wrap, not collide."""
    def lines(text: str) -> str:
        return "[" + ", ".join(json.dumps(part) for part in wrapped(text, 12)) + "]"

    return " : ".join(f"datum.value == {k} ? {lines(v)}" for k, v in labels.items()) + " : ''"


def dumbbell_chart(comparison: pd.DataFrame, label_a: str, label_b: str, levels: pd.DataFrame) -> alt.LayerChart:
    """Commitment strength per element at both stages, joined by a line; not-reported is no point.

    Each element's label sits above its points, so the plot keeps the chart's whole width on a phone;
    the earlier stage is an open ring and the later a filled diamond, so both show where they coincide.
    Clicking a point selects the element (selection parameter ``element_pick``).
    """
    comparison = focus(comparison)
    layout = dumbbell_layout(comparison)
    at = layout.loc[layout["kind"] == "element"].set_index("element_id")["point_y"]
    points = dumbbell_data(comparison, label_a, label_b)
    points = points.assign(y=points["element_id"].map(at))
    labels = {int(r.level): r.commitment for r in levels.itertuples()}
    top = max(labels) if labels else 4
    height = height_of(layout)

    def y(field: str) -> alt.Y:
        return pixel_y(field, height)

    # Half a level of room each side, so the outer level names are not cut at a phone's edges.
    x_scale = alt.Scale(domain=[0.5, top + 0.5], nice=False)
    stages = [label_a, label_b]
    pick = alt.selection_point(name=ELEMENT_SELECTION, fields=["element_id"], on="click", clear="dblclick")

    spans = (
        points.groupby(["element_id", "element", "y"])["level"].agg(["min", "max"]).reset_index()
        if not points.empty
        else pd.DataFrame(columns=["element_id", "element", "y", "min", "max"])
    )
    rule = alt.Chart(spans).mark_rule(color="#888", strokeWidth=2).encode(
        y=y("y"), x=alt.X("min:Q", scale=x_scale), x2="max:Q"
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=False, strokeWidth=2.5, cursor="pointer")
        .encode(
            y=y("y"),
            x=alt.X(
                "level:Q",
                scale=x_scale,
                title="Commitment strength",
                axis=alt.Axis(values=list(labels), labelExpr=_level_label_expr(labels), grid=True, labelAngle=0,
                              orient="top", labelLineHeight=13, labelPadding=lines_padding(2), titlePadding=8,
                              labelOverlap=False, labelBound=False),
            ),
            color=alt.Color(
                "stage:N",
                scale=alt.Scale(domain=stages, range=list(STAGE_COLOURS[:2])),
                legend=alt.Legend(title=None, orient="top", symbolStrokeWidth=2.5),
            ),
            shape=alt.Shape("stage:N", scale=alt.Scale(domain=stages, range=list(STAGE_SHAPES[:2]))),
            # A ring around a filled diamond: where both stages sit at one level, both stay visible.
            fill=alt.Fill("stage:N", scale=alt.Scale(domain=stages, range=["#FFFFFF", STAGE_COLOURS[1]]),
                          legend=None),
            fillOpacity=alt.FillOpacity("stage:N", scale=alt.Scale(domain=stages, range=[0.0, 1.0]), legend=None),
            size=alt.Size("stage:N", scale=alt.Scale(domain=stages, range=[300, 90]), legend=None),
            order=alt.Order("stage_order:Q"),
            # What a screen reader says for a mark: the element and its level, not pixel positions.
            description=alt.Description("aria:N"),
            tooltip=["element", "domain", "stage", "commitment", "change"],
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.3)),
        )
        .transform_calculate(
            stage_order=f"datum.stage == {json.dumps(label_a)} ? 0 : 1",
            aria="'element: ' + datum.element + '; stage: ' + datum.stage + '; commitment: ' + datum.commitment"
                 " + '; change: ' + datum.change",
        )
        .add_params(pick)
    )
    return (
        alt.layer(rule, dots, *label_layers(layout, height, TEXT))
        # SVG keeps each point addressable (and clickable) in the page, which the browser tests rely on.
        .properties(height=height, width="container", usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_view(strokeWidth=0)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, **AXIS_TEXT)
        .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=13, **LEGEND_TEXT)
    )


def dumbbell_summary(comparison: pd.DataFrame, label_a: str, label_b: str) -> str:
    both = comparison[(comparison["status_a"] == "present") & (comparison["status_b"] == "present")]
    if comparison.empty:
        return "No elements match the filters."
    moved = both[both["delta"] != 0]
    only_b = int((comparison["change_type"].isin(["newly_reported", "added"])).sum())
    return (
        f"{_plural(len(both), 'element')} can be compared on strength at both stages and "
        + (("it moved" if len(moved) else "it did not move") if len(both) == 1 else f"{len(moved)} of them moved")
        + f"; {only_b} {plural(only_b, 'is', 'are', counted=False)} "
        f"{CHANGE_BY_KEY['newly_reported'].label.lower()}"
        + (f" or {CHANGE_BY_KEY['added'].label.lower()}" if (comparison["change_type"] == "added").any() else "")
        + f" in the {label_b}, "
        f"so {plural(only_b, 'has', 'have', counted=False)} no {label_a} point."
        + shown_note(len(comparison), len(focus(comparison)), "elements")
    )


# --- Status paths across every stage --------------------------------------------------------------


def stage_paths(positions: pd.DataFrame, stages: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Each element's status at every stage of the package, grouped into paths with their elements.

    One row per path and stage: ``path`` (the statuses in words, earliest first), ``stage``,
    ``stage_order``, ``status`` (as :data:`pact.compare.POSITION_LABELS` says it), ``elements`` (how
    many follow the path) and ``names`` (which). ``names`` maps element ids to names and says which
    elements are in view.
    """
    columns = ["path", "stage", "stage_order", "status", "elements", "names"]
    ordered = stages.sort_values("stage_order")
    wide = (
        positions[positions["element_id"].isin(names.index)]
        .pivot(index="element_id", columns="stage_id", values="status")
        .reindex(columns=ordered["stage_id"])
        .fillna(NOT_IN_EXTRACT)
    )
    if wide.empty:
        return pd.DataFrame(columns=columns)
    wide["path"] = [" → ".join(POSITION_LABELS[s].lower() for s in row) for row in wide.to_numpy()]
    rows = []
    for path, group in wide.groupby("path", sort=False):
        members = sorted(names[group.index])
        for stage in ordered.itertuples():
            rows.append({"path": path, "stage": stage.label, "stage_order": int(stage.stage_order),
                         "status": POSITION_LABELS[group[stage.stage_id].iloc[0]], "elements": len(members),
                         "names": "; ".join(members)})
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["elements", "path", "stage_order"], ascending=[False, True, True]).reset_index(drop=True)


PATH_SHAPES = {"Present": "circle", "Not reported": "circle", "Absent": "cross", "Not in this extract": "square"}


def stage_paths_chart(paths: pd.DataFrame) -> alt.LayerChart:
    """One row per path: the element's status at each stage (filled: present; open: not reported),
    labelled with how many elements follow it. Unlike a two-stage flow, it shows where along the
    way an element stops or starts being reported (the Council text, for Japan–EU)."""
    stages = list(dict.fromkeys(paths.sort_values("stage_order")["stage"]))
    data = paths.assign(row=paths["elements"].map(lambda n: _plural(int(n), "element")) + " · " + paths["path"])
    statuses = [s for s in PATH_SHAPES if s in set(paths["status"])] or ["Present"]
    label_expr = " : ".join(
        f"datum.value == {json.dumps(s)} ? [{', '.join(json.dumps(p) for p in wrapped(s, 14))}]" for s in stages
    ) + " : datum.value"
    lines = max((len(wrapped(s, 14)) for s in stages), default=1)
    x = alt.X("stage:N", sort=stages, title=None,
              axis=alt.Axis(orient="top", labelAngle=0, labelExpr=label_expr, labelLineHeight=13, domain=False,
                            ticks=False, labelPadding=lines_padding(lines)))
    y = alt.Y("row:N", sort=list(dict.fromkeys(data["row"])), title=None, axis=None)
    base = alt.Chart(data).encode(x=x, y=y)
    line = base.mark_line(color="#888", strokeWidth=2).encode(detail="path:N")
    points = base.mark_point(size=220, strokeWidth=2.5, color=TEXT, opacity=1).encode(
        shape=alt.Shape("status:N", scale=alt.Scale(domain=statuses, range=[PATH_SHAPES[s] for s in statuses]),
                        legend=alt.Legend(title=None, orient="top")),
        fill=alt.Fill("status:N", scale=alt.Scale(domain=statuses,
                                                   range=[TEXT if s in ("Present", "Absent") else "#FFFFFF" for s in statuses]),
                      legend=alt.Legend(title=None, orient="top")),
        tooltip=[alt.Tooltip("stage:N"), alt.Tooltip("status:N"), alt.Tooltip("elements:Q"),
                 alt.Tooltip("names:N", title="elements on this path")],
    )
    count = (
        alt.Chart(data[data["stage_order"] == data["stage_order"].min()])
        .mark_text(align="left", baseline="bottom", dy=-14, fontSize=12, color=TEXT)
        .encode(y=y, x=alt.value(0), text="row:N")
    )
    return (
        alt.layer(line, points, count)
        .properties(height=alt.Step(62), width="container", usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_view(strokeWidth=0)
        .configure_axis(labelFont=FONT, labelFontSize=12, **AXIS_TEXT)
        .configure_legend(labelFont=FONT, labelFontSize=13, **LEGEND_TEXT)
    )


def stage_paths_summary(paths: pd.DataFrame) -> str:
    if paths.empty:
        return "No elements match the filters."
    per_path = paths.drop_duplicates("path")
    # Stages are keyed by their order, not their label: two stages may carry the same label.
    order = paths.drop_duplicates("stage_order").sort_values("stage_order")
    stages = list(order["stage_order"])
    label = dict(zip(order["stage_order"], order["stage"]))
    total = int(per_path["elements"].sum())
    top = per_path.iloc[0]
    stopped = []
    by_path = paths.pivot(index="path", columns="stage_order", values="status")[stages]
    counts = per_path.set_index("path")["elements"]
    for earlier, later in zip(stages, stages[1:]):
        n = int(counts[(by_path[earlier] == "Present") & (by_path[later] != "Present")].sum())
        if n:
            stopped.append(f"{n} present in the {label[earlier]} {'is' if n == 1 else 'are'} not reported in the "
                           f"{label[later]}")
    return (
        f"{_plural(total, 'element')} follow {_plural(len(per_path), 'path')} across the {len(stages)} stages; "
        f"the most common ({top['elements']}) is {top['path']}."
        + (f" {_sentence('; '.join(stopped))}." if stopped else "")
    )


# --- Actors --------------------------------------------------------------------------------------


def _wrapped_label_expr(values, width: int) -> str:
    """An axis labelExpr that draws each long value on several lines (Vega draws a list as lines)."""
    def lines(text: str) -> str:
        return "[" + ", ".join(json.dumps(part) for part in wrapped(text, width)) + "]"

    long = [v for v in values if len(str(v)) > width]
    return " : ".join(f"datum.value == {json.dumps(str(v))} ? {lines(v)}" for v in long) + (" : " if long else "") + "datum.value"


HEATMAP_WRAP = 32  # characters per element label line: the grid and its labels fit a 390 px phone


def role_heatmap(actor_rows: pd.DataFrame, stage_labels: list[str]) -> alt.VConcatChart:
    """Actor x element grid of roles, one panel per stage, stacked; role shown by colour and letter.

    The panels stack (one above the other) rather than sit side by side: two panels did not fit a
    phone, and Streamlit cannot know the width to choose. Elements are in domain order, as on the
    other pages.
    """
    columns = ["actor", "affiliation", "element", "stage", "role", "named_by", "evidence"]
    focused = focus_actor_rows(actor_rows)
    data = focused[columns + (["domain"] if "domain" in focused else [])]
    actors = data.drop_duplicates("actor").sort_values(["affiliation", "actor"])["actor"].tolist()
    order = ["domain", "element"] if "domain" in data else ["element"]
    elements = data.drop_duplicates("element").sort_values(order)["element"].tolist()
    roles = [r for r in ROLE_COLOURS if r in set(data["role"])] or list(ROLE_COLOURS)
    base = alt.Chart(data).encode(
        y=alt.Y("element:N", sort=elements, title=None,
                axis=alt.Axis(labelExpr=_wrapped_label_expr(elements, HEATMAP_WRAP), labelLimit=200,
                              labelOverlap=False, labelLineHeight=11)),
        # Upright labels: slanted, they reached past the grid's right edge.
        x=alt.X("actor:N", sort=actors, title=None,
                axis=alt.Axis(labelAngle=-90, labelLimit=160, labelOverlap=False, orient="top")),
    )
    pick = alt.selection_point(name=ACTOR_PICK, fields=["actor"], on="click")

    def cells(legend: bool) -> alt.Chart:
        return base.mark_rect(stroke="white", strokeWidth=1, cursor="pointer").add_params(pick).encode(
            color=alt.Color(
                "role:N",
                scale=alt.Scale(domain=roles, range=[ROLE_COLOURS[r] for r in roles]),
                legend=alt.Legend(title="Role (letter in cell)", orient="top", columns=1) if legend else None,
            ),
            tooltip=["actor", "element", "stage", "role", "named_by", "evidence"],
        )

    letters = base.mark_text(fontSize=11, fontWeight="bold").encode(
        text=alt.Text("abbr:N"),
        color=alt.Color(
            "role:N",
            scale=alt.Scale(domain=roles, range=[text_on(ROLE_COLOURS[r]) for r in roles]),
            legend=None,
        ),
    ).transform_calculate(
        abbr=" : ".join(f"datum.role == '{k}' ? '{v}'" for k, v in ROLE_ABBREVIATIONS.items()) + " : ''"
    )
    def panel(stage: str, first: bool) -> alt.LayerChart:
        return (
            alt.layer(cells(legend=first), letters, data=data)
            .transform_filter(alt.datum.stage == stage)
            # The letters' colours are their own scale; shared with the cells', they would vanish into them.
            .resolve_scale(color="independent")
            .properties(width=alt.Step(26), height=alt.Step(36),
                        title=alt.TitleParams(stage, anchor="start", fontSize=14, color=TEXT, offset=8))
        )

    return (
        alt.vconcat(*(panel(stage, i == 0) for i, stage in enumerate(s for s in stage_labels if s in set(data["stage"]))),
                    spacing=28)
        .properties(usermeta={"embedOptions": {"renderer": "svg"}})  # cells addressable and clickable
        .configure_axis(labelFont=FONT, labelFontSize=11, **AXIS_TEXT)
        .configure_legend(**LEGEND_TEXT)
        .configure_view(strokeWidth=0)
    )


def role_heatmap_summary(actor_rows: pd.DataFrame, stage_labels: list[str]) -> str:
    data = actor_rows.dropna(subset=["actor"])
    if data.empty:
        return "No actor roles match the filters."
    per_stage = data.groupby("stage")["actor"].nunique()
    parts = [f"{per_stage.get(label, 0)} in the {label}" for label in stage_labels]
    busiest = data.groupby("actor")["element"].nunique().sort_values(ascending=False)
    shown = focus_actor_rows(data)
    return (
        f"Actors with a coded role: {', '.join(parts)}; {busiest.index[0]} is linked to the most elements "
        f"({busiest.iloc[0]})."
        + shown_note(data["actor"].nunique(), shown["actor"].nunique(), "actors")
        + shown_note(data["element"].nunique(), shown["element"].nunique(), "elements")
    )


ELEMENT_X = 0.42  # where the element column sits, as a share of the width; its labels take the rest
NETWORK_WRAP = 30


def actor_network(actor_rows: pd.DataFrame) -> go.Figure:
    """Bipartite network: actors (left) linked to the elements (right) they have a role in.

    Third parties are drawn as diamonds, separately from the parties and their bodies (squares).
    Actor names sit above their nodes and element names wrap to the right of theirs, inside the
    plot: beside the nodes and outside it, a phone cut both.
    """
    data = focus_actor_rows(actor_rows)
    edges = (
        data.groupby(["actor", "affiliation", "element"])
        .agg(role=("role", lambda s: " / ".join(sorted(set(s)))), stages=("stage", lambda s: ", ".join(sorted(set(s)))))
        .reset_index()
    )
    actors = data.drop_duplicates("actor").sort_values(["affiliation", "actor"])
    elements = sorted(data["element"].unique())
    spread = max(len(actors), len(elements), 1)

    def ys(n: int) -> list[float]:
        return [spread * (1 - (i + 0.5) / n) for i in range(n)] if n else []

    actor_y = dict(zip(actors["actor"], ys(len(actors))))
    element_y = dict(zip(elements, ys(len(elements))))
    fig = go.Figure()
    for role, colour in ROLE_COLOURS.items():
        part = edges[edges["role"].str.split(" / ").map(lambda roles, r=role: roles[0] == r)]
        if part.empty:
            continue
        xs, yv = [], []
        for e in part.itertuples():
            xs += [0, ELEMENT_X, None]
            yv += [actor_y[e.actor], element_y[e.element], None]
        fig.add_scatter(
            x=xs, y=yv, mode="lines", line=dict(color=colour, width=1.6, dash=ROLE_DASHES[role]),
            name=f"{role} ({ROLE_ABBREVIATIONS[role]})", hoverinfo="skip", opacity=0.6,
        )
    third = actors["affiliation"] == "third_party"
    for mask, symbol, label in ((~third, "square", "Party or body"), (third, "diamond", "Third party")):
        group = actors[mask]
        if group.empty:
            continue
        fig.add_scatter(
            x=[0] * len(group), y=[actor_y[a] for a in group["actor"]], mode="markers+text", name=label,
            # Nodes in the text colour: the roles' hues are the edges', and shape says party or third party.
            marker=dict(symbol=symbol, size=14, color=TEXT, line=dict(color="#FFFFFF", width=1)),
            text=_escaped(group["actor"]), textposition="top right", hovertemplate="%{text}<extra></extra>",
            customdata=[[name] for name in _escaped(group["actor"])],  # a click names its actor (see pact.selection)
        )
    fig.add_scatter(
        x=[ELEMENT_X] * len(elements), y=[element_y[e] for e in elements], mode="markers+text", name="Element",
        marker=dict(symbol="circle", size=11, color="#555"), textposition="middle right", textfont=dict(size=12),
        text=["<br>".join(plotly_text(line) for line in wrapped(e, NETWORK_WRAP)) for e in elements],
        hovertemplate="%{text}<extra></extra>",
    )
    fig.update_xaxes(visible=False, range=[-0.04, 1.0])
    fig.update_yaxes(visible=False)
    return _layout(fig, max(320, 120 + 46 * spread))


def network_summary(actor_rows: pd.DataFrame) -> str:
    data = actor_rows.dropna(subset=["actor"])
    if data.empty:
        return "No actor roles match the filters."
    third = data[data["affiliation"] == "third_party"]
    return (
        f"{_plural(data['actor'].nunique(), 'actor')} linked to {_plural(data['element'].nunique(), 'element')} "
        f"by {_plural(len(data.drop_duplicates(['actor', 'element'])), 'link')}; "
        f"{plural(third['actor'].nunique(), 'third party is', 'third parties are')} named."
    )


# --- Timeline ------------------------------------------------------------------------------------

PRECISION_SYMBOLS = {"day": "circle", "month": "square-open", "year": "diamond-open"}
# Events in the text colour: the stage lines take the stage hues, and each line its own dash.
EVENT_COLOUR = "#3D4651"
STAGE_DASHES = ("dash", "dot", "dashdot", "longdash")


TIMELINE_ROW_PX = 46
TITLE_WRAP = 50


def negotiation_window(stages: pd.DataFrame, margin_days: int = 7) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the first stage to the last, with a few days either side: the negotiation, readable."""
    margin = pd.Timedelta(days=margin_days)
    return stages["date"].min() - margin, stages["date"].max() + margin


def timeline_figure(events: pd.DataFrame, stages: pd.DataFrame, window: tuple | None = None) -> go.Figure:
    """One row per event, in date order, its title above its mark; month- and year-precise dates are
    open marks with a bar across the period.

    Titles sit above the marks rather than on the axis, so the plot keeps its whole width on a phone.
    ``window`` (start, end) sets the visible span; each point carries its ``event_id`` first in
    ``customdata``, so a click names the event.
    """
    fig = go.Figure()
    data = events.sort_values("date").reset_index(drop=True)
    order = _escaped(data["title"])
    for precision, symbol in PRECISION_SYMBOLS.items():
        part = data[data["date_precision"] == precision]
        if part.empty:
            continue
        span_days = {"day": 0, "month": 30, "year": 365}[precision]
        shown = part["date"].dt.strftime({"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}[precision])
        elements = part["elements"] if "elements" in part else pd.Series("", index=part.index)
        fig.add_scatter(
            x=part["date"] + pd.Timedelta(days=span_days / 2),
            y=_escaped(part["title"]),
            mode="markers",
            name={"day": "Exact day", "month": "Month only", "year": "Year only"}[precision],
            marker=dict(symbol=symbol, size=12, color=EVENT_COLOUR, line=dict(width=2, color=EVENT_COLOUR)),
            customdata=pd.DataFrame({"event_id": _escaped(part["event_id"]), "shown": shown, "precision": part["date_precision"],
                                     "actors": _escaped(part["actors"]), "elements": _escaped(elements.replace("", "—"))}),
            hovertemplate="<b>%{y}</b><br>%{customdata[1]} (%{customdata[2]} precision)<br>Actors: %{customdata[3]}"
                          "<br>Elements: %{customdata[4]}<extra></extra>",
        )
    # Error bars do not draw on a date axis (the month-only marks had no bar): a span is a line.
    inexact = data[data["date_precision"] != "day"]
    if not inexact.empty:
        xs, ys = [], []
        for row in inexact.itertuples():
            period = row.date.to_period("M" if row.date_precision == "month" else "Y")
            xs += [period.start_time, period.end_time, None]
            ys += [plotly_text(row.title), plotly_text(row.title), None]
        fig.add_scatter(x=xs, y=ys, mode="lines", name="Period the date falls in", hoverinfo="skip",
                        line=dict(color=EVENT_COLOUR, width=5), opacity=0.35)
    for title in order:
        fig.add_annotation(
            x=0, xref="paper", y=title, yref="y", xanchor="left", yanchor="bottom", yshift=9, showarrow=False,
            align="left", text="<br>".join(wrapped(title, TITLE_WRAP)), font=dict(size=12, color=TEXT),
        )
    for i, stage in enumerate(stages.sort_values("stage_order").itertuples()):
        colour = STAGE_COLOURS[i % len(STAGE_COLOURS)]
        fig.add_vline(x=stage.date, line=dict(color=colour, dash=STAGE_DASHES[i % len(STAGE_DASHES)], width=2))
        # Named in the legend with their dash, not beside the line: the stages are weeks apart, and
        # their labels collided with each other and ran off a phone's edge.
        fig.add_scatter(x=[None], y=[None], mode="lines", name=plotly_text(stage.label), hoverinfo="skip",
                        line=dict(color=colour, dash=STAGE_DASHES[i % len(STAGE_DASHES)], width=2))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None, showticklabels=False,
                     gridcolor="#f2f2f2", range=[-0.6, len(order) - 0.1])
    fig.update_xaxes(title=None, gridcolor="#eee")
    if window:
        fig.update_xaxes(range=[pd.Timestamp(window[0]), pd.Timestamp(window[1])])
    fig = _layout(fig, 200 + TIMELINE_ROW_PX * len(order))
    fig.update_layout(legend=dict(y=-0.03, yanchor="top"), margin=dict(t=30))
    return fig


def timeline_summary(events: pd.DataFrame, stages: pd.DataFrame) -> str:
    if events.empty:
        return "No events match the filters."
    first, last = events["date"].min(), events["date"].max()
    ordered = stages.sort_values("stage_order")
    between = events[(events["date"] >= ordered["date"].min()) & (events["date"] <= ordered["date"].max())]
    inexact = int((events["date_precision"] != "day").sum())
    return (
        f"{_plural(len(events), 'event')} from {first:%B %Y} to {last:%B %Y}; {len(between)} {plural(len(between), 'falls', 'fall', counted=False)} between the "
        f"{ordered['label'].iloc[0]} and the {ordered['label'].iloc[-1]}, and {inexact} "
        f"{'is' if inexact == 1 else 'are'} dated only to the month or year."
    )


def change_legend() -> pd.DataFrame:
    """The change types with their symbol and meaning, for a legend table."""
    return pd.DataFrame(
        [{"symbol": c.symbol, "change": c.label, "meaning": c.description} for c in CHANGE_TYPES]
    )


# --- Partnerships side by side -------------------------------------------------------------------

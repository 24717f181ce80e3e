"""Chart builders return figures with the expected traces, encodings and data."""

from pact import charts
from pact.chart_rows import LABEL_WRAP
from pact.compare import change_by_domain, compare
from pact.filters import actor_events, analysis_view


def test_change_by_domain_bars_are_patterned_and_labelled(tiny):
    counts = change_by_domain(compare(tiny, "draft", "final"))
    fig = charts.change_by_domain_figure(counts)
    names = [t.name for t in fig.data]
    assert names == ["▲ Strengthened", "● Same strength", "✚ Newly reported"]
    assert sum(sum(t.x) for t in fig.data) == 3
    assert fig.data[2].marker.pattern.shape == "/"
    assert "Dialogue" in charts.change_by_domain_summary(counts)


def test_dumbbell_has_no_point_for_not_reported(tiny):
    comparison = compare(tiny, "draft", "final")
    points = charts.dumbbell_data(comparison, "Draft", "Final")
    assert len(points) == 5
    assert not ((points["element_id"] == "space") & (points["stage"] == "Draft")).any()
    spec = charts.dumbbell_chart(comparison, "Draft", "Final", tiny.commitment_levels).to_dict()
    assert spec["params"][0]["name"] == charts.ELEMENT_SELECTION
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert encodings[1]["shape"]["field"] == "stage" and encodings[1]["color"]["field"] == "stage"
    assert "1 is newly reported in the Final, so has no Draft point" in charts.dumbbell_summary(comparison, "Draft", "Final")


def test_dumbbell_rows_sit_under_domain_headers_the_changed_first(tiny_tables, tmp_path):
    from conftest import write_package
    from pact import load_package

    # A second Dialogue element that did not move, named to sort before the one that did.
    tiny_tables["elements"].append({"element_id": "annual", "name": "Annual summit", "domain": "Dialogue", "summary": "s"})
    tiny_tables["elements"][1]["domain"] = "Dialogue"
    for stage in ("draft", "final"):
        tiny_tables["positions"].append({"element_id": "annual", "stage_id": stage, "status": "present",
                                         "commitment_level": "3", "note": ""})
        tiny_tables["evidence"].append({"evidence_id": f"A{stage}", "element_id": "annual", "stage_id": stage,
                                        "source_id": "T1", "locator": "s1", "quote": "establish a dialogue",
                                        "translation": "", "verified": "true"})
    package = load_package(write_package(tmp_path / "p", tiny_tables))
    layout = charts.dumbbell_layout(compare(package, "draft", "final"))
    assert layout["kind"].tolist() == ["domain", "element", "element", "element", "domain", "element"]
    dialogue = layout[(layout["domain"] == "Dialogue") & (layout["kind"] == "element")]["element"].tolist()
    assert dialogue == ["Information security agreement", "Security dialogue", "Annual summit"], (
        "strengthened first, then unchanged by level, strongest first"
    )
    assert layout["label_y"].is_monotonic_increasing


def test_dumbbell_keeps_both_marks_visible_where_they_coincide(tiny):
    spec = charts.dumbbell_chart(compare(tiny, "draft", "final"), "Draft", "Final", tiny.commitment_levels).to_dict()
    dots = spec["layer"][1]
    assert dots["mark"]["filled"] is False
    assert dots["encoding"]["fillOpacity"]["scale"]["range"] == [0.0, 1.0], "earlier stage a ring, later one filled"
    assert dots["encoding"]["size"]["scale"]["range"][0] > dots["encoding"]["size"]["scale"]["range"][1], (
        "the ring is larger than the diamond it surrounds"
    )


def test_dumbbell_wraps_long_labels_rather_than_cutting_them(tiny_tables, tmp_path):
    from conftest import write_package
    from pact import load_package

    long_name = "Countering foreign information manipulation and interference (FIMI) and disinformation campaigns"
    tiny_tables["elements"][0]["name"] = long_name
    package = load_package(write_package(tmp_path / "p", tiny_tables))
    layout = charts.dumbbell_layout(compare(package, "draft", "final"))
    lines = layout.loc[layout["element"] == long_name, "lines"].iloc[0]
    assert len(lines) > 1 and all(len(line) <= LABEL_WRAP for line in lines)
    assert " ".join(lines).startswith(long_name)


def test_hiding_unchanged_rows_keeps_only_what_moved_or_appeared(tiny):
    comparison = compare(tiny, "draft", "final")
    assert set(charts.changed_only(comparison)["element_id"]) == {"infosec", "space"}


def test_stage_paths_group_elements_by_their_status_at_every_stage(bundled):
    comparison = compare(bundled, "draft", "final")
    paths = charts.stage_paths(bundled.positions, bundled.stages, comparison.set_index("element_id")["name"])
    per_path = paths.drop_duplicates("path").set_index("path")["elements"]
    assert per_path.sum() == len(comparison)
    # Counted from the data, not as numbers of today's release: present in the Council text, silent at the final.
    wide = bundled.positions.pivot(index="element_id", columns="stage_id", values="status")
    dropped = int(((wide["council_text"] == "present") & (wide["final"] != "present")).sum())
    assert dropped and per_path.filter(like="→ present → not reported").sum() == dropped
    assert len(paths) == 3 * len(per_path), "one row per path and stage"
    summary = charts.stage_paths_summary(paths)
    assert f"{dropped} present in the Text put to the Council (Oct 2024) are not reported in the Final" in summary
    spec = charts.stage_paths_chart(paths).to_dict()
    assert spec["width"] == "container"


def test_stage_paths_of_no_elements_is_empty(tiny):
    import pandas as pd

    paths = charts.stage_paths(tiny.positions, tiny.stages, pd.Series(dtype=str))
    assert paths.empty and charts.stage_paths_summary(paths) == "No elements match the filters."


def test_heatmap_and_network_show_every_role(tiny):
    view = analysis_view(tiny, "draft", "final")
    spec = charts.role_heatmap(view, ["Draft", "Final"]).to_dict()
    assert [panel["title"]["text"] for panel in spec["vconcat"]] == ["Draft", "Final"], "stacked, one per stage"
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(tiny.element_actors)
    fig = charts.actor_network(view)
    third = [t for t in fig.data if t.name == "Third party"][0]
    assert list(third.text) == ["China"] and third.marker.symbol == "diamond"
    assert "1 third party is named" in charts.network_summary(view)


def test_heatmap_lists_only_the_roles_it_draws_and_elements_in_domain_order(tiny):
    view = analysis_view(tiny, "draft", "final")
    spec = charts.role_heatmap(view, ["Draft", "Final"]).to_dict()
    first = spec["vconcat"][0]["layer"][0]["encoding"]
    assert first["color"]["scale"]["domain"] == ["Party", "Implementer", "Named concern"], "no unused “Mentioned”"
    assert first["y"]["sort"] == ["Security dialogue", "Information security agreement", "Space"], "Dialogue, Industry, Space"
    assert spec["vconcat"][1]["layer"][0]["encoding"]["color"]["legend"] is None, "one legend for both panels"


def test_timeline_marks_stages_and_precision(tiny):
    events = actor_events(tiny, ())
    fig = charts.timeline_figure(events, tiny.stages)
    assert {t.name for t in fig.data} == {"Exact day", "Month only", "Period the date falls in", "Draft", "Final"}
    assert len(fig.layout.shapes) == 2
    assert "1 is dated only to the month or year" in charts.timeline_summary(events, tiny.stages)


def test_a_month_only_event_spans_its_month(tiny):
    import pandas as pd

    fig = charts.timeline_figure(actor_events(tiny, ()), tiny.stages)
    span = next(t for t in fig.data if t.name == "Period the date falls in")
    assert [pd.Timestamp(x).date().isoformat() for x in span.x[:2]] == ["2024-11-01", "2024-11-30"]


def test_stage_lines_differ_by_dash_as_well_as_colour(bundled):
    fig = charts.timeline_figure(actor_events(bundled, ()), bundled.stages)
    lines = fig.layout.shapes
    assert len({s.line.dash for s in lines}) == len({s.line.color for s in lines}) == len(bundled.stages)
    assert charts.EVENT_COLOUR not in {s.line.color for s in lines}, "no hue means both an event and a stage"
    named = {t.name: t.line.dash for t in fig.data if t.name in set(bundled.stages["label"])}
    assert sorted(named.values()) == sorted(s.line.dash for s in lines), "the legend shows each stage's dash"


def test_event_titles_sit_above_their_marks_not_on_the_axis(bundled):
    events = actor_events(bundled, ())
    fig = charts.timeline_figure(events, bundled.stages)
    assert fig.layout.yaxis.showticklabels is False
    titles = [a for a in fig.layout.annotations if a.xref == "paper"]
    assert len(titles) == len(events) and all(a.yanchor == "bottom" for a in titles)


def test_the_negotiation_window_spans_the_stages(bundled):
    start, end = charts.negotiation_window(bundled.stages)
    assert start < bundled.stages["date"].min() and end > bundled.stages["date"].max()
    assert (end - start).days < 60


def test_summaries_handle_empty_input(tiny):
    empty = compare(tiny, "draft", "final").iloc[:0]
    assert charts.dumbbell_summary(empty, "Draft", "Final") == "No elements match the filters."
    assert charts.change_by_domain_summary(change_by_domain(empty)) == "No elements match the filters."


def test_large_inputs_are_focused_and_the_summary_says_so(tmp_path):
    from pact import load_package
    from pact.synthetic import generate

    package = load_package(generate(tmp_path / "syn", scale=1))
    comparison = compare(package, "s1", "s3")
    assert len(comparison) == 100
    shown = charts.focus(comparison)
    assert len(shown) == charts.MAX_CHART_ELEMENTS
    assert shown["delta"].abs().min() >= comparison.drop(shown.index)["delta"].abs().fillna(0).max()
    assert "shows the 60 most relevant of 100 elements" in charts.dumbbell_summary(comparison, "S1", "S3")
    spec = charts.dumbbell_chart(comparison, "S1", "S3", package.commitment_levels).to_dict()
    labelled = [r for rows in spec["datasets"].values() for r in rows if r.get("kind") == "element"]
    assert len(labelled) == charts.MAX_CHART_ELEMENTS
    view = analysis_view(package, "s1", "s3")
    focused = charts.focus_actor_rows(view)
    assert focused["actor"].nunique() <= charts.MAX_CHART_ACTORS
    assert focused["element"].nunique() <= charts.MAX_CHART_ELEMENTS


HOSTILE = '<b>bold</b> <a href="https://example.com">link</a> <img src=x onerror=alert(1)> https://example.com'


def plotly_strings(fig) -> list[str]:
    """Every string a figure will draw: trace text, labels, categories, hover data, annotations, ticks."""
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)
        elif hasattr(value, "tolist"):
            walk(value.tolist())

    walk(fig.to_plotly_json())
    return found


def hostile_package(tmp_path, tiny_tables):
    from conftest import write_package
    from pact import load_package

    for table, column in (("elements", "name"), ("elements", "domain"), ("elements", "summary"),
                          ("actors", "name"), ("stages", "label"), ("events", "title"), ("events", "summary")):
        for row in tiny_tables[table]:
            row[column] = f"{row[column]} {HOSTILE}"
    return load_package(write_package(tmp_path / "hostile", tiny_tables))


def test_no_data_string_reaches_plotly_as_markup(tmp_path, tiny_tables):
    package = hostile_package(tmp_path, tiny_tables)
    comparison = compare(package, "draft", "final")
    stages = package.stages
    figures = [
        charts.change_by_domain_figure(change_by_domain(comparison)),
        charts.actor_network(analysis_view(package, "draft", "final")),
        charts.timeline_figure(actor_events(package, ()), stages),
    ]
    for fig in figures:
        strings = " ".join(plotly_strings(fig))
        assert "&lt;b&gt;bold&lt;/b&gt;" in strings, "the hostile text is drawn, escaped"
        for tag in ("<b>bold", "<a ", "<img"):
            assert tag not in strings, (tag, strings[:300])


def test_stage_paths_read_even_when_two_stages_share_a_label(tiny):
    """Regression (found by Hypothesis): the summary pivoted on stage labels, which need not be unique."""
    stages = tiny.stages.assign(label="Same label")
    paths = charts.stage_paths(tiny.positions, stages, tiny.elements.set_index("element_id")["name"])
    assert charts.stage_paths_summary(paths).startswith("3 elements follow")

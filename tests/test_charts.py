"""Chart builders return figures with the expected traces, encodings and data."""

from pact import charts
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


def test_sankey_flows_sum_to_the_elements(tiny):
    fig = charts.status_sankey(compare(tiny, "draft", "final"), "Draft", "Final")
    sankey = fig.data[0]
    assert sum(sankey.link.value) == 3
    assert "Draft: Not reported" in sankey.node.label and "Final: ✚ Newly reported" in sankey.node.label


def test_heatmap_and_network_show_every_role(tiny):
    view = analysis_view(tiny, "draft", "final")
    spec = charts.role_heatmap(view, ["Draft", "Final"]).to_dict()
    assert spec["facet"]["column"]["field"] == "stage"
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(tiny.element_actors)
    fig = charts.actor_network(view)
    third = [t for t in fig.data if t.name == "Third party"][0]
    assert list(third.text) == ["China"] and third.marker.symbol == "diamond"
    assert "1 third party is named" in charts.network_summary(view)


def test_timeline_marks_stages_and_precision(tiny):
    events = actor_events(tiny, ())
    fig = charts.timeline_figure(events, tiny.stages)
    assert {t.name for t in fig.data} == {"Exact day", "Month only"}
    assert len(fig.layout.shapes) == 2
    assert "1 is dated only to the month or year" in charts.timeline_summary(events, tiny.stages)


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
    assert len(spec["layer"][2]["encoding"]["y"]["sort"]) == charts.MAX_CHART_ELEMENTS
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
        charts.status_sankey(comparison, stages.at[0, "label"], stages.at[1, "label"]),
        charts.actor_network(analysis_view(package, "draft", "final")),
        charts.timeline_figure(actor_events(package, ()), stages),
    ]
    for fig in figures:
        strings = " ".join(plotly_strings(fig))
        assert "&lt;b&gt;bold&lt;/b&gt;" in strings, "the hostile text is drawn, escaped"
        for tag in ("<b>bold", "<a ", "<img"):
            assert tag not in strings, (tag, strings[:300])

"""Chart text is readable: WCAG 2.1 AA contrast for every colour a chart draws text in or on."""

import pytest

from pact import charts
from pact.colours import AA_GRAPHICS, AA_TEXT, ROLE_COLOURS, STAGE_COLOURS, TEXT, contrast, text_on


def test_contrast_matches_the_wcag_reference_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#E69F00") == pytest.approx(2.25, abs=0.01)  # the old orange stage label


@pytest.mark.parametrize("colour", STAGE_COLOURS)
def test_stage_labels_drawn_in_their_line_colour_read_on_white(colour):
    assert contrast(colour) >= AA_TEXT


@pytest.mark.parametrize("role", list(ROLE_COLOURS))
def test_role_letters_read_on_their_cell(role):
    assert contrast(text_on(ROLE_COLOURS[role]), ROLE_COLOURS[role]) >= AA_TEXT


def test_plotly_charts_draw_text_in_the_theme_text_colour(bundled):
    from pact.compare import change_by_domain, compare

    comparison = compare(bundled, "draft", "final")
    bars = charts.change_by_domain_figure(change_by_domain(comparison))
    assert bars.layout.font.color == TEXT
    assert bars.layout.xaxis.tickfont.color == bars.layout.yaxis.tickfont.color == TEXT
    # Light fills (sky blue, orange, grey) fall below 3:1 on white; their dark outline does not.
    assert all(trace.marker.line.color == TEXT for trace in bars.data) and contrast(TEXT) >= AA_GRAPHICS


def test_vega_charts_draw_axis_and_legend_text_in_the_theme_text_colour(bundled):
    from pact.compare import compare

    comparison = compare(bundled, "draft", "final")
    spec = charts.dumbbell_chart(comparison, "Draft", "Final", bundled.commitment_levels).to_dict()
    assert spec["config"]["axis"]["labelColor"] == TEXT
    assert spec["config"]["legend"]["labelColor"] == TEXT


def test_no_hue_means_two_things_in_the_life_chart():
    from pact.colours import FOLLOW_UP_COLOURS

    stages = set(STAGE_COLOURS[:3])  # a package has up to three stages in the life chart's legend
    assert not stages & set(FOLLOW_UP_COLOURS.values()), "Final green was Held green; Council blue, Launched blue"
    assert all(contrast(colour) >= AA_TEXT for colour in FOLLOW_UP_COLOURS.values())


def test_network_nodes_do_not_borrow_a_roles_hue(bundled):
    from pact.filters import analysis_view

    fig = charts.actor_network(analysis_view(bundled, "draft", "final"))
    nodes = {t.marker.color for t in fig.data if t.mode == "markers+text" and t.name != "Element"}
    edges = {t.line.color: t.line.dash for t in fig.data if t.mode == "lines"}
    assert not nodes & set(ROLE_COLOURS.values())
    assert len(set(edges.values())) == len(edges), "each role's edges have their own dash, not only a hue"


def test_the_focus_ring_is_the_theme_colour_and_differs_from_the_current_page():
    from ui.sidebar import FOCUS_RING

    assert "focus-visible" in FOCUS_RING and "outline: 3px solid #0072B2" in FOCUS_RING
    assert contrast("#0072B2", "#F3F6FA") >= AA_GRAPHICS, "visible on the sidebar's background"

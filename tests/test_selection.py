"""A chart click becomes a filter value only when the filter accepts it."""

from pact.selection import plotly_values, vega_values


def test_a_clicked_domain_bar_gives_its_domain():
    selection = {"points": [{"x": 3, "y": "Maritime security", "curve_number": 0}]}
    assert plotly_values(selection, "y", ["Maritime security", "Space"]) == ["Maritime security"]


def test_a_clicked_network_node_gives_its_actor_from_customdata_not_its_coordinates():
    selection = {"points": [{"x": 0, "y": 4.5, "customdata": ["China"]}, {"x": 0, "y": 2.5, "customdata": "Japan"}]}
    assert plotly_values(selection, "customdata", ["China", "Japan"]) == ["China", "Japan"]


def test_element_nodes_and_unknown_values_are_not_filter_values():
    selection = {"points": [{"x": 1, "y": 2.0, "customdata": ["<b>Not an actor</b>"]}, {"x": 1, "y": 2.0}]}
    assert plotly_values(selection, "customdata", ["China"]) == []
    assert plotly_values({}, "y", ["Space"]) == [] and plotly_values(None, "y", ["Space"]) == []


def test_a_vega_point_selection_gives_the_picked_actors_once_each():
    selection = {"actor_pick": [{"actor": "China"}, {"actor": "China"}, {"actor": "Russia"}]}
    assert vega_values(selection, "actor_pick", "actor", ["China", "Russia"]) == ["China", "Russia"]
    assert vega_values({"other": [{"actor": "China"}]}, "actor_pick", "actor", ["China"]) == []


def test_a_value_drawn_escaped_in_plotly_maps_back_to_the_value():
    from pact.selection import drawn_as_plotly

    drawn = drawn_as_plotly(["<b>Bold</b> actor", "China"])
    selection = {"points": [{"customdata": ["&lt;b&gt;Bold&lt;/b&gt; actor"]}, {"customdata": ["China"]}]}
    assert plotly_values(selection, "customdata", drawn) == ["<b>Bold</b> actor", "China"]

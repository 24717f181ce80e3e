"""URL query parameters are untrusted input: bad values are dropped with a notice."""

from pact.urlstate import FilterState, Options, parse_query, to_query

OPTIONS = Options(actors=("Japan", "China"), domains=("Space",), changes=("Strengthened",), stages=("draft", "final"))
DEFAULTS = FilterState(stage_a="draft", stage_b="final")


def test_repeatable_actor_parameter_selects_actors():
    state, notices = parse_query({"actor": ["Japan", "China"]}, OPTIONS, DEFAULTS)
    assert state.actors == ["Japan", "China"] and notices == []


def test_unknown_empty_long_and_markup_values_are_ignored_with_notices():
    params = {"actor": ["Atlantis", "", "x" * 10_000, "<script>alert(1)</script>", "Japan"], "bogus": ["1"]}
    state, notices = parse_query(params, OPTIONS, DEFAULTS)
    assert state.actors == ["Japan"]
    assert len(notices) == 5
    assert any("10,000 characters" in n for n in notices)
    assert all(len(n) < 120 for n in notices)


def test_repeated_values_are_deduplicated_and_single_params_take_the_first():
    state, notices = parse_query({"actor": ["Japan", "Japan"], "from": ["final", "draft"], "to": ["draft"]}, OPTIONS, DEFAULTS)
    assert state.actors == ["Japan"]
    assert (state.stage_a, state.stage_b) == ("final", "draft")
    assert any("given 2 times" in n for n in notices)


def test_identical_stages_fall_back_to_the_default_pair():
    state, notices = parse_query({"from": ["final"], "to": ["final"]}, OPTIONS, DEFAULTS)
    assert (state.stage_a, state.stage_b) == ("draft", "final") and notices


def test_round_trip_through_the_query_string():
    state = FilterState(actors=["China"], domains=["Space"], changes=[], search="port", stage_a="draft", stage_b="final")
    query = to_query(state, DEFAULTS)
    assert query == {"actor": ["China"], "domain": ["Space"], "q": "port"}
    params = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    assert parse_query(params, OPTIONS, DEFAULTS) == (state, [])

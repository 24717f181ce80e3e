"""The flat analysis view and its filters."""

import pandas as pd

from pact.compare import compare
from pact.filters import (
    VIEW_COLUMNS,
    Filters,
    actor_events,
    actor_profile,
    analysis_view,
    apply_filters,
    evidence_for,
    filter_comparison,
    side_by_side,
)


def test_view_has_one_row_per_element_stage_actor(tiny):
    view = analysis_view(tiny, "draft", "final")
    assert list(view.columns) == VIEW_COLUMNS
    with_actor = view.dropna(subset=["actor_id"])
    assert len(with_actor) == len(tiny.element_actors)
    assert not with_actor.duplicated(["element_id", "stage_id", "actor_id"]).any()


def test_not_reported_positions_keep_a_row_without_actor(tiny):
    view = analysis_view(tiny, "draft", "final")
    row = view[(view["element_id"] == "space") & (view["stage_id"] == "draft")]
    assert len(row) == 1
    assert row["status"].iat[0] == "Not reported"
    assert pd.isna(row["actor"].iat[0]) and pd.isna(row["strength"].iat[0])


def test_each_actor_row_carries_the_evidence_naming_it(tiny):
    view = analysis_view(tiny, "draft", "final").set_index(["element_id", "stage_id", "actor_id"])
    assert view.loc[("dialogue", "draft", "china"), "evidence"] == "amid China's growing assertiveness"
    assert view.loc[("dialogue", "draft", "china"), "named_by"] == "Press framing only"


def test_actor_filter_returns_exactly_that_actors_rows(tiny):
    view = analysis_view(tiny, "draft", "final")
    chosen = apply_filters(view, Filters(actors=("Japan Self-Defense Forces",)))
    assert len(chosen) == 1 and set(chosen["actor"]) == {"Japan Self-Defense Forces"}
    both = apply_filters(view, Filters(actors=("Japan", "China")))
    assert set(both["actor"]) == {"Japan", "China"}
    assert len(both) == (view["actor"].isin(["Japan", "China"])).sum()


def test_domain_change_and_text_filters_combine(tiny):
    view = analysis_view(tiny, "draft", "final")
    assert set(apply_filters(view, Filters(domains=("Space",)))["element_id"]) == {"space"}
    assert set(apply_filters(view, Filters(changes=("Strengthened",)))["element_id"]) == {"infosec"}
    assert set(apply_filters(view, Filters(text="ASSERTIVENESS"))["actor"]) == {"China"}
    assert apply_filters(view, Filters(domains=("Space",), changes=("Strengthened",))).empty


def test_text_search_matches_summaries_and_is_not_a_regex(tiny):
    view = analysis_view(tiny, "draft", "final")
    summaries = tiny.elements.set_index("name")["summary"]
    assert set(apply_filters(view, Filters(text="classified"), summaries)["element_id"]) == {"infosec"}
    assert apply_filters(view, Filters(text="(.*"), summaries).empty


def test_filter_comparison_keeps_elements_in_the_view(tiny):
    view = analysis_view(tiny, "draft", "final")
    comparison = filter_comparison(compare(tiny, "draft", "final"), apply_filters(view, Filters(actors=("China",))))
    assert comparison["element_id"].tolist() == ["dialogue"]


def test_actor_events_respect_the_actor_filter(tiny):
    assert len(actor_events(tiny, ())) == 2
    assert actor_events(tiny, ("China",))["event_id"].tolist() == ["V2"]
    assert actor_events(tiny, ("China",))["actors"].iat[0] == "China"


def test_evidence_side_by_side_and_profile(tiny):
    evidence = evidence_for(tiny, "dialogue", ["draft", "final"])
    assert evidence["stage"].tolist() == ["Draft", "Draft", "Final"]
    table = side_by_side(tiny, compare(tiny, "draft", "final")).set_index("element_id")
    assert table.at["space", "earlier"] == "Not reported"
    assert table.at["infosec", "later"] == "Present · promote / enhance"
    profile = actor_profile(analysis_view(tiny, "draft", "final"), "Japan")
    assert set(profile["element"]) == {"Security dialogue", "Information security agreement"}


def test_filters_describe_themselves():
    assert Filters().describe() == "no filters" and not Filters().active
    assert Filters(actors=("Japan",), text=" x ").describe() == 'actor: Japan; text: "x"'


def test_the_filter_statement_is_empty_when_nothing_is_filtered():
    assert Filters().statement() == ""
    assert Filters(text="  ").statement() == ""


def test_the_filter_statement_names_each_filter_once():
    assert Filters(actors=("China",)).statement() == "Filtered: actor = China"
    assert Filters(actors=("China", "Russia"), domains=("Space",), changes=("Newly reported",), text=" port ").statement() == (
        "Filtered: actor = China, Russia · domain = Space · change = Newly reported · search = “port”"
    )


def test_evidence_and_events_name_sources_without_the_curators_marker(bundled):
    evidence = pd.concat([evidence_for(bundled, e, bundled.stage_ids()) for e in bundled.elements["element_id"]])
    events = actor_events(bundled, ())
    for shown in (evidence["source"], events["source_title"]):
        assert not shown.str.contains("not retrieved]", regex=False).any()
        assert shown.str.contains("(our description; headline not retrieved)", regex=False).any()

"""Follow-up since the final, read honestly: no row is "no public record found through <date>"."""

import dataclasses
from datetime import date

import pandas as pd
import pytest

from pact.lifecycle import (
    follow_up_headline,
    follow_up_label,
    follow_up_reach,
    follow_up_rows,
    follow_up_sentence,
    latest_by_element,
    lifecycle_marks,
    lifecycle_summary,
    searched,
)
from pact.lifecycle_charts import MARK_PICK, lifecycle_chart

FOLLOW_UP = pd.DataFrame(
    {
        "element_id": ["dialogue", "dialogue", "infosec"],
        "date": pd.to_datetime(["2025-07-23", "2026-01-28", "2025-07-01"]),
        "date_precision": ["day", "day", "month"],
        "status": ["announced", "held", "launched"],
        "source_id": ["T1", "T1", "T1"],
        "locator": ["para 4", "para 1", "remarks"],
        "quote": ["a dialogue will meet", "the dialogue met", "negotiations opened"],
        "translation": ["", "", ""],
        "verified": [True, True, True],
        "event_id": ["", "", ""],
        "note": ["", "", ""],
    }
)


@pytest.fixture
def followed(tiny):
    """The tiny package with follow-up rows, searched through 31 January 2026."""
    tables = {**tiny.tables, "follow_up": FOLLOW_UP,
              "event_elements": pd.DataFrame({"event_id": [], "element_id": []}, dtype=str)}
    descriptor = {**tiny.descriptor, "follow_up_searched_through": "2026-01-31"}
    return dataclasses.replace(tiny, descriptor=descriptor, tables=tables)


def test_an_element_without_follow_up_reads_no_public_record_through_the_searched_date(followed):
    latest = latest_by_element(followed, followed.elements).set_index("element_id")
    assert latest.at["space", "latest status"] == "No public record found through 31 January 2026."
    assert latest.at["space", "records"] == 0
    assert "not implemented" not in " ".join(latest["latest status"]).lower()


def test_a_package_that_did_not_search_claims_nothing(tiny):
    descriptor = {k: v for k, v in tiny.descriptor.items() if k != "follow_up_searched_through"}
    tiny = dataclasses.replace(tiny, descriptor=descriptor)
    assert searched(tiny).through is None
    assert "not searched" in searched(tiny).no_record()
    assert "nothing is claimed" in follow_up_sentence(tiny, tiny.elements)


def test_latest_evidence_and_furthest_status_per_element(followed):
    latest = latest_by_element(followed, followed.elements).set_index("element_id")
    assert latest.at["dialogue", "latest"] == "28 Jan 2026" and latest.at["dialogue", "latest status"] == "Held"
    assert latest.at["dialogue", "records"] == 2
    assert latest.at["infosec", "latest"] == "Jul 2025", "month precision is shown as a month"
    assert latest.at["infosec", "furthest along"] == "Negotiations launched", "an agreement is not launched; its negotiations are"
    assert list(latest.index[:2]) == ["dialogue", "infosec"], "elements with follow-up come first"


def test_headline_counts_elements_not_rows(followed):
    head = follow_up_headline(followed, followed.elements["element_id"])
    assert (head.elements, head.with_any, head.without) == (3, 2, 1)
    assert (head.held, head.launched, head.announced) == (1, 1, 1)


def test_filters_narrow_follow_up_to_the_elements_in_view(followed):
    assert follow_up_rows(followed, ["infosec"])["element"].tolist() == ["Information security agreement"]
    assert follow_up_headline(followed, ["space"]).with_any == 0


def test_the_brief_sentence_says_how_many_which_and_as_of_when(followed):
    sentence = follow_up_sentence(followed, followed.elements)
    assert sentence.startswith("Through 31 January 2026, 2 of 3 elements")
    assert "Security dialogue (held, latest 28 Jan 2026)" in sentence
    assert "no public record found" in sentence
    assert sentence.endswith(follow_up_reach(followed.descriptor)), "the reach is said once, at the end"


def test_lifecycle_marks_cover_every_stage_and_follow_up_with_their_evidence(followed):
    marks = lifecycle_marks(followed, followed.elements)
    stage_marks = marks[marks["kind"] == "stage"]
    assert len(stage_marks) == 6  # 3 elements x 2 stages, not-reported included
    space_draft = stage_marks.set_index("mark_id").loc["stage:space:draft"]
    assert space_draft["state"] == "Not reported" and space_draft["evidence"] == ""
    follow = marks[marks["kind"] == "follow-up"]
    assert set(follow["mark"]) == {"Held", "Launched", "Announced"}
    assert (follow["date"] > pd.Timestamp(date(2024, 11, 1))).all()
    assert marks["mark_id"].is_unique


def test_lifecycle_chart_is_clickable_and_summarised(followed):
    marks = lifecycle_marks(followed, followed.elements)
    spec = lifecycle_chart(marks, ["Draft", "Final"]).to_dict()
    assert [p["name"] for p in spec["params"]] == [MARK_PICK]
    summary = lifecycle_summary(followed, followed.elements)
    assert summary == ("Of 3 elements, present 2 in the Draft, 3 in the Final; since the final, "
                       "2 have public follow-up through 31 January 2026.")


def test_the_life_chart_runs_to_the_end_of_the_search_and_marks_it(followed):
    marks = lifecycle_marks(followed, followed.elements)
    spec = lifecycle_chart(marks, ["Draft", "Final"], "2026-01-31").to_dict()
    rule = spec["layer"][0]
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"]["scale"]["domain"][1] == "2026-01-31"
    assert lifecycle_chart(marks, ["Draft", "Final"]).to_dict()["layer"][0]["mark"]["type"] != "rule"


def test_the_life_chart_labels_each_element_above_its_marks_under_its_domain(followed):
    marks = lifecycle_marks(followed, followed.elements)
    spec = lifecycle_chart(marks, ["Draft", "Final"]).to_dict()
    assert spec["width"] == "container", "as wide as the page, a phone's too"
    labels = [r for rows in spec["datasets"].values() for r in rows if r.get("kind") in ("domain", "element")]
    assert {r["kind"] for r in labels} == {"domain", "element"}
    assert sum(r["kind"] == "element" for r in labels) == marks["element_id"].nunique()


def test_the_reach_names_the_search_date_and_how_far_the_pages_vouch():
    descriptor = {"follow_up_searched_through": "2026-03-31", "follow_up_searched_on": "2026-12-01"}
    assert follow_up_reach(descriptor) == (
        "Searched on 1 December 2026; public pages after March 2026 are sparse, so no record after that date "
        "is not evidence of inaction.")


def test_the_reach_gives_the_day_when_the_search_vouches_to_mid_month():
    descriptor = {"follow_up_searched_through": "2026-03-15", "follow_up_searched_on": "2026-12-01"}
    assert "public pages after 15 March 2026 are sparse" in follow_up_reach(descriptor)


def test_a_package_without_a_search_date_falls_back_to_its_searched_through_date():
    for descriptor in ({"follow_up_searched_through": "2026-01-31"},
                       {"follow_up_searched_through": "2026-01-31", "follow_up_searched_on": "2026-01-31"},
                       {"follow_up_searched_through": "2026-01-31", "follow_up_searched_on": "not a date"}):
        assert follow_up_reach(descriptor) == (
            "Searched through 31 January 2026; no record is not evidence of inaction, and nothing after that "
            "date was searched.")


def test_the_reach_of_a_package_that_did_not_search_claims_nothing():
    assert follow_up_reach({}) == "Follow-up was not searched for this package, so nothing is claimed about it."
    assert follow_up_reach({"follow_up_searched_on": "2026-12-01"}) == follow_up_reach({})


@pytest.mark.parametrize(("element", "label"), [
    ("Security-of-information agreement", "Negotiations launched"),
    ("Director-general-level Security and Defence Dialogue", "Dialogue launched"),
    ("Space", "Launched"),
])
def test_launched_says_what_was_launched(element, label):
    assert follow_up_label("launched", element) == label


def test_held_and_announced_keep_their_plain_labels():
    assert follow_up_label("held", "Security-of-information agreement") == "Held"
    assert follow_up_label("announced", "Space") == "Announced"


def test_the_bundled_marks_say_what_was_launched_and_keep_one_legend(bundled):
    marks = lifecycle_marks(bundled, bundled.elements)
    soia = marks[(marks["element_id"] == "security_of_information_agreement") & (marks["kind"] == "follow-up")]
    launched = soia[soia["mark"] == "Launched"]
    assert launched["state"].tolist() == ["Negotiations launched"], "the click box reads 'Launched · Negotiations launched'"
    assert set(marks.loc[marks["kind"] == "follow-up", "mark"]) <= {"Held", "Launched", "Announced"}
    assert marks["symbol"].notna().all()


def test_a_mark_carries_our_translation_of_its_quote(bundled):
    marks = lifecycle_marks(bundled, bundled.elements).set_index("state")
    soia = marks.loc["Negotiations launched"]
    assert soia["evidence"].startswith("日本EU情報保護協定")
    assert soia["translation"].startswith("...reached agreement to open formal talks")
    assert not marks["translation"].isna().any()


def test_elements_none_of_which_has_follow_up_each_read_no_public_record(followed):
    """Regression (issue 16): a domain without follow-up (Counter-terrorism, Legal form …) crashed the page."""
    space = followed.elements[followed.elements["element_id"] == "space"]
    latest = latest_by_element(followed, space)
    assert latest["element_id"].tolist() == ["space"]
    assert latest.at[0, "latest status"] == "No public record found through 31 January 2026."
    assert latest.at[0, "records"] == 0 and latest.at[0, "latest"] == "—"


def test_no_elements_in_view_give_an_empty_latest_table(followed):
    latest = latest_by_element(followed, followed.elements.iloc[:0])
    assert latest.empty
    assert {"element", "latest", "latest status", "records", "date"} <= set(latest.columns)


def test_the_life_chart_draws_marks_that_have_no_date(bundled):
    """Regression (found by Hypothesis): an all-undated set of marks gave the time axis a domain of None."""
    from pact.lifecycle_charts import lifecycle_chart

    marks = lifecycle_marks(bundled, bundled.elements.iloc[:2]).assign(date=pd.NaT)
    assert lifecycle_chart(marks, bundled.stages["label"].tolist()).to_dict()["layer"]

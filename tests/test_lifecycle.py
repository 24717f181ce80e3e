"""Follow-up since the final, read honestly: no row is "no public record found through <date>"."""

import dataclasses
from datetime import date

import pandas as pd
import pytest

from pact.lifecycle import (
    follow_up_headline,
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
    assert latest.at["infosec", "furthest along"] == "Launched"
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
    assert "no public record found" in sentence and "not evidence that nothing was done" in sentence


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

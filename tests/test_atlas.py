"""The atlas: every partnership topic by topic, with silence, filters and absence kept apart."""

import pandas as pd
import pytest

from conftest import KOREA
from pact import load_package
from pact.atlas import (
    FILTERED_OUT,
    NOT_CODED,
    NOT_REPORTED,
    PRESENT,
    atlas_view,
    coverage,
    download_table,
    draft_changes,
    draft_changes_summary,
    follow_up_counts,
    matrix,
    only_here,
    signatures,
    signatures_summary,
    summary,
)
from pact.atlas_charts import CELL_PICK, matrix_chart, signatures_chart
from pact.catalogue import catalogue
from pact.export import to_csv_bytes


@pytest.fixture
def family(bundled):
    return {"Japan–EU": bundled, "EU–Korea": load_package(KOREA)}


def cell(cells, partnership, topic):
    return cells[(cells["partnership"] == partnership) & (cells["topic_id"] == topic)].iloc[0]


def test_one_cell_per_topic_and_partnership(family):
    cells = matrix(family)
    assert not cells.duplicated(["partnership", "topic_id"]).any()
    assert len(cells) == 2 * cells["topic_id"].nunique()


def test_a_present_cell_names_its_level_and_quotes_its_evidence(family):
    dialogue = cell(matrix(family), "Japan–EU", "dg_dialogue")
    assert dialogue["cell"] == PRESENT and dialogue["level"] == 4 and dialogue["commitment"]
    assert dialogue["mark"] == "4"
    evidence = family["Japan–EU"].evidence
    assert dialogue["quote"] in set(evidence.loc[evidence["stage_id"] == "final", "quote"])


def test_silence_at_the_final_is_not_absence(family):
    # Japan–EU has economic security at the Council text; its sources are silent at the final.
    economic = cell(matrix(family), "Japan–EU", "economic_security")
    assert economic["cell"] == NOT_REPORTED and economic["mark"] == "n.r." and pd.isna(economic["level"])


def test_a_topic_a_partnership_never_codes_is_not_in_its_sources(family):
    cells = matrix(family)
    japan_topics = set(family["Japan–EU"].elements["topic"])
    missing = cells[(cells["partnership"] == "Japan–EU") & ~cells["topic_id"].isin(japan_topics)]
    assert not missing.empty and (missing["cell"] == NOT_CODED).all() and (missing["mark"] == "–").all()


def test_filters_leave_cells_out_rather_than_empty(family):
    in_view = {"Japan–EU": {"maritime_security_cooperation"}, "EU–Korea": set()}
    cells = matrix(family, in_view)
    assert cell(cells, "Japan–EU", "maritime_security")["cell"] == PRESENT
    assert cell(cells, "Japan–EU", "cyber")["cell"] == FILTERED_OUT
    korea_maritime = cell(cells, "EU–Korea", "maritime_security")
    assert korea_maritime["cell"] == FILTERED_OUT and korea_maritime["mark"] == "○"


def test_levels_are_named_never_averaged(family):
    cells = matrix(family)
    present = cells[cells["cell"] == PRESENT]
    assert present["level"].isin([1, 2, 3, 4]).all()
    assert "mean" not in " ".join(cells.columns)


def test_coverage_counts_every_cell_once(family):
    cells = matrix(family)
    table = coverage(cells)
    counted = table[["present", "not reported", "not in sources", "outside the filters"]].sum(axis=1)
    assert (counted == 2).all()
    maritime = table.set_index("topic_id").loc["maritime_security"]
    assert maritime["present"] == 2 and maritime["present in"] == "Japan–EU, EU–Korea"


def test_only_here_names_where_another_partnership_is_merely_silent(family):
    table = only_here(matrix(family)).set_index("partnership")
    korea = table.loc["EU–Korea"]
    assert "Economic security" in korea["topics present only here"]
    assert "Economic security: Japan–EU" in korea["coded elsewhere, not reported at the final"]


def test_summary_reads_in_words_and_plurals(family):
    text = summary(matrix(family))
    assert "across 2 partnerships" in text and "lacks the topic" in text and " 1 topics" not in text
    assert summary(matrix(family, {"Japan–EU": set(), "EU–Korea": set()})).startswith("No topic is present")


def test_draft_changes_only_for_partnerships_with_a_press_reported_draft(family):
    changes = draft_changes(family)
    assert set(changes["partnership"]) == {"Japan–EU"}
    assert changes["elements"].sum() == len(family["Japan–EU"].elements)
    assert "known only from press reports" in draft_changes_summary(changes)
    assert draft_changes_summary(changes.iloc[0:0]).startswith("No partnership shown")


def test_follow_up_counts_say_when_a_partnership_was_not_searched(family, tiny):
    counts = follow_up_counts({**family, "Tiny": tiny}).set_index("partnership")
    japan = counts.loc["Japan–EU"]
    assert japan["records"] == len(family["Japan–EU"].follow_up) and japan["searched through"] != "not searched"
    if not tiny.descriptor.get("follow_up_searched_through"):
        assert counts.loc["Tiny", "searched through"] == "not searched" and pd.isna(counts.loc["Tiny", "records"])


def test_signatures_are_in_date_order_and_say_which_is_inferred():
    signed = signatures(catalogue())
    assert signed["signed"].is_monotonic_increasing
    assert set(signed.loc[signed["inferred"], "date"].map(lambda d: d.endswith("(inferred)"))) <= {True}


def test_the_matrix_chart_is_clickable_and_prints_every_state(family):
    cells = matrix(family, {"Japan–EU": {"cyber_security"}, "EU–Korea": set(family["EU–Korea"].elements["element_id"])})
    spec = matrix_chart(cells, family["Japan–EU"].commitment_levels).to_dict()
    assert spec["params"][0]["name"] == CELL_PICK or any(p.get("name") == CELL_PICK for p in spec.get("params", []))
    marks = {row["mark"] for row in spec["datasets"][next(iter(spec["datasets"]))]}
    assert {"n.r.", "○", "–"} <= marks
    signed = signatures_chart(signatures(catalogue())).to_dict()
    assert signed["encoding"]["y"]["field"] == "row" and signed["mark"]["type"] == "point"


def test_the_matrix_downloads_neutralised(family):
    cells = matrix(family)
    cells.loc[0, "element"] = "=HYPERLINK(\"http://x\")"
    text = to_csv_bytes(download_table(cells)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_an_empty_choice_builds_an_empty_atlas():
    view = atlas_view({})
    assert view.cells.empty and view.coverage.empty and view.draft_changes.empty and view.follow_up.empty
    assert summary(view.cells) == "No partnership is selected."


def test_the_signature_summary_names_the_span_and_any_inferred_date():
    signed = signatures(catalogue())
    text = signatures_summary(signed)
    assert text.startswith(f"{len(signed)} partnerships signed from ") or text.startswith("1 partnership signed")
    if signed["inferred"].any():
        assert "inferred" in text
    assert signatures_summary(signed.iloc[0:0]) == "No partnership is selected."

"""The "what changed" brief is computed from the comparison."""

import re

import pandas as pd

from conftest import write_package
from pact import load_package
from pact.brief import pair_line, what_changed
from pact.compare import compare


def test_brief_states_counts_and_names(tiny):
    brief = what_changed(compare(tiny, "draft", "final"), "draft", "final", "press_reported")
    assert brief[0] == "Of 3 elements coded, 2 are reported in the draft and 3 in the final; 2 are reported in both."
    assert "1 element is newly reported in the final (Space)" in brief[1]
    assert "1 strengthened (Information security agreement)" in brief[2]
    assert "known only from press reports" in brief[-1]


def test_brief_follows_the_data(tmp_path, tiny_tables):
    tiny_tables["positions"][3]["commitment_level"] = "1"
    brief = what_changed(compare(load_package(write_package(tmp_path / "p", tiny_tables)), "draft", "final"),
                         "draft", "final", "official_text")
    assert any("1 weakened (Information security agreement)" in s for s in brief)
    assert not any("press reports" in s for s in brief)


def test_brief_of_nothing_is_empty(tiny):
    assert what_changed(compare(tiny, "draft", "final").iloc[:0], "a", "b", "official_text") == []


def test_elements_present_only_at_another_stage_are_named_not_dropped(bundled):
    sentences = what_changed(compare(bundled, "draft", "final"), "Draft", "Final", "press_reported")
    neither = [s for s in sentences if "reported at neither of these two stages" in s]
    assert len(neither) == 1 and "Upholding the rules-based international order" in neither[0]


def test_one_element_reads_in_the_singular(tiny):
    one = compare(tiny, "draft", "final").query("name == 'Space'")
    brief = what_changed(one, "draft", "final", "press_reported")
    assert brief[0] == "Of 1 element coded, 0 are reported in the draft and 1 in the final; 0 are reported in both."
    assert brief[1].startswith("1 element is newly reported in the final (Space)")
    assert "1 are" not in " ".join(brief) and "1 elements" not in " ".join(brief)


def test_press_silence_is_explained_in_the_products_words(tiny):
    last = what_changed(compare(tiny, "draft", "final"), "Draft", "Final", "press_reported")[-1]
    assert last == ("The Draft is known only from press reports: “Not reported” means the reports of the Draft "
                    "are silent on an element, so “newly reported” does not show that the Draft left it out.")


def test_the_council_text_pair_names_what_the_final_no_longer_reports(bundled):
    line = pair_line(compare(bundled, "council_text", "final"), "Council text", "Final")
    assert line.startswith("Council text → Final: ") and " carried over" in line
    assert re.search(r"; \d+ no longer reported \([^)]*Economic security", line), "present in 9941/24, not reported at the final"
    unnamed = pair_line(compare(bundled, "council_text", "final"), "Council text", "Final", named=False)
    assert unnamed == line.removeprefix("Council text → Final: ")[0].upper() + line.removeprefix("Council text → Final: ")[1:]


def test_a_pair_line_with_nothing_moving_still_says_zero():
    assert pair_line(pd.DataFrame(columns=["change_type", "name"]), "A", "B") == (
        "No element in view is coded at the A or the B."
    )


def test_a_one_stage_package_is_described_by_what_its_stage_covers(one_stage_path):
    from pact import load_package
    from pact.brief import what_one_stage_covers
    from pact.compare import compare

    package = load_package(one_stage_path)
    lines = what_one_stage_covers(compare(package, "final", "final"), "Final")
    assert lines[0] == "3 elements are reported at the Final, in 3 domains:"
    assert "Dialogue: Security dialogue." in lines
    silent = compare(package, "final", "final").assign(status_b="not_reported")
    text = " ".join(what_one_stage_covers(silent, "Final"))
    assert text.startswith("No element is reported") and "does not mean the text lacks it" in text

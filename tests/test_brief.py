"""The "what changed" brief is computed from the comparison."""

from conftest import write_package
from pact import load_package
from pact.brief import what_changed
from pact.compare import compare


def test_brief_states_counts_and_names(tiny):
    brief = what_changed(compare(tiny, "draft", "final"), "draft", "final", "press_reported")
    assert brief[0] == "Of 3 elements coded, 2 are reported in the draft and 3 in the final; 2 appear in both."
    assert "1 element first appears in the final (Space)" in brief[1]
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

"""Change classes between two stages, where "not reported" is never the same as "absent"."""

import pytest

from conftest import write_package
from pact import load_package
from pact.compare import Headline, change_by_domain, classify, compare, headline, headline_tiles, text_pair


@pytest.mark.parametrize(
    ("a", "la", "b", "lb", "expected"),
    [
        ("present", 2, "present", 3, "strengthened"),
        ("present", 3, "present", 3, "unchanged"),
        ("present", 4, "present", 1, "weakened"),
        ("not_reported", None, "present", 3, "newly_reported"),
        ("absent", None, "present", 3, "added"),
        ("present", 3, "not_reported", None, "no_longer_reported"),
        ("present", 3, "absent", None, "dropped"),
        ("not_reported", None, "absent", None, "not_in_either"),
        ("not_reported", None, "not_reported", None, "not_in_either"),
    ],
)
def test_classify(a, la, b, lb, expected):
    assert classify(a, la, b, lb) == expected


def test_silence_in_the_draft_is_newly_reported_not_added(tiny):
    row = compare(tiny, "draft", "final").set_index("element_id").loc["space"]
    assert row["change_type"] == "newly_reported"
    assert row["change"] == "Newly reported"


def test_absent_in_a_full_text_is_added(tmp_path, tiny_tables):
    tiny_tables["positions"][4]["status"] = "absent"
    package = load_package(write_package(tmp_path / "p", tiny_tables))
    assert compare(package, "draft", "final").set_index("element_id").at["space", "change_type"] == "added"


def test_stage_order_is_chronological_whatever_the_argument_order(tiny):
    forward = compare(tiny, "draft", "final")
    backward = compare(tiny, "final", "draft")
    assert forward[["element_id", "change_type"]].equals(backward[["element_id", "change_type"]])
    assert (backward["stage_a"] == "draft").all()


def test_headline_counts(tiny):
    h = headline(compare(tiny, "draft", "final"))
    assert (h.in_a, h.in_b, h.carried_over, h.newly_appearing, h.not_carried_over, h.strengthened, h.weakened) == (
        2, 3, 2, 1, 0, 1, 0,
    )


def test_change_by_domain_counts_every_element_once(tiny):
    counts = change_by_domain(compare(tiny, "draft", "final"))
    assert counts["elements"].sum() == 3
    assert set(counts["change"].astype(str)) == {"Same strength", "Strengthened", "Newly reported"}


def test_bundled_port_calls_and_dialogue_are_coded_at_both_stages(bundled):
    comparison = compare(bundled, "draft", "final")
    assert len(comparison) == len(bundled.elements)
    assert comparison["status_a"].isin(["present", "not_reported"]).all()
    assert not (comparison["status_b"] == "absent").any(), "no full final text is available, so nothing is absent"


def test_headline_tiles_use_the_change_class_labels(tiny):
    tiles = headline_tiles(headline(compare(tiny, "draft", "final")), "Draft", "Final", "press_reported")
    labels = [t.label for t in tiles]
    assert labels == ["Reported in Draft", "Reported in Final", "Carried over", "✚ Newly reported",
                      "? No longer reported", "▲ Strengthened", "▼ Weakened", "Elements in view"]
    assert "silence is not absence" in tiles[3].help


def test_a_full_text_absence_is_named_beside_press_silence():
    h = Headline(in_a=1, in_b=2, carried_over=1, newly_appearing=1, not_carried_over=1, strengthened=0,
                 weakened=0, total=3, added=1, dropped=1)
    labels = [t.label for t in headline_tiles(h, "Council text", "Final", "official_text")]
    assert "✚ Newly reported or added" in labels and "? No longer reported or dropped" in labels


def test_the_text_pair_is_the_last_official_text_before_the_final(bundled, tiny):
    assert text_pair(bundled) == ("council_text", "final")
    assert text_pair(tiny) is None, "a package whose only earlier stage is press-reported has no text pair"

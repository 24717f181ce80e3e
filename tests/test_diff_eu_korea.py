"""The EU–Korea package's v1.1.0 → v1.2.0 changes, pinned: the v1.1 data review settled and the follow-up coded.

Any edit to the live package's compared facts (evidence, roles, events, actors, sources' ratings, follow-up)
changes these, so the pin fails until the release is cut again or the test says why the data moved.
"""

import json

from conftest import KOREA
from pact.diff import baseline_release, diff_packages

RELEASES = KOREA.parent.parent / "releases"
KOREA_1_1_0 = RELEASES / "eu-korea-1.1.0" / "datapackage.json"


def keys(diff, change: str) -> list[str]:
    return sorted(diff.changes.loc[diff.changes["change"] == change, "key"])


def test_the_1_1_0_snapshot_is_the_release_korea_1_2_0_is_compared_with():
    descriptor = json.loads(KOREA.read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.2.0"
    assert baseline_release(descriptor).path == KOREA_1_1_0
    assert json.loads(KOREA_1_1_0.read_text(encoding="utf-8"))["version"] == "1.1.0"


def test_the_summary_counts_every_change_from_1_1_0_to_1_2_0():
    assert diff_packages(KOREA_1_1_0, KOREA).summary == (
        "From v1.1.0 to v1.2.0: 2 evidence rows removed, 3 added and 9 changed; 4 roles changed; "
        "1 event removed, 7 added and 1 changed; 2 event actors removed and 26 added; 1 actor removed and 12 added; "
        "1 source removed, 12 added and 1 changed; 18 follow_up rows added; 12 event_elements rows added. "
        "Notes, names, summaries and descriptions (our own words) are not compared.")


def test_no_position_or_element_changes_only_which_evidence_shows_it():
    diff = diff_packages(KOREA_1_1_0, KOREA)
    assert not diff.changes["change"].str.startswith(("position", "element", "stage")).any(), (
        "the review confirmed every status and level; v1.2 re-codes none")
    # The quote shown first and the roles' evidence are now the rows the levels rest on; the sentences that
    # were first keep their text under new ids, after them.
    assert keys(diff, "evidence removed") == ["K018", "K044"]
    assert keys(diff, "evidence added") == ["K054", "K055", "K056"]
    roles = diff.changes[diff.changes["change"] == "role changed"]
    assert sorted(zip(roles["key"], roles["before"], roles["after"])) == [
        ("defence_initiatives_industry / final / eu / party", "K044", "K045"),
        ("defence_initiatives_industry / final / south_korea / party", "K044", "K045"),
        ("thematic_dialogues / final / eu / party", "K018", "K019"),
        ("thematic_dialogues / final / south_korea / party", "K018", "K019"),
    ]


def test_list_quotes_give_their_item_alone_and_locators_are_checkable():
    changed = diff_packages(KOREA_1_1_0, KOREA).changes.query("change == 'evidence changed'")
    quotes = changed[changed["field"] == "quote"]
    assert dict(zip(quotes["key"], quotes["after"])) == {
        "K023": "cyber issues", "K026": "countering hybrid threats", "K030": "critical infrastructure"}
    located = changed[changed["field"] == "locator"]
    assert set(located["key"]) == {"K016", "K020", "K023", "K025", "K026", "K030", "K036", "K037"}
    assert changed.loc[changed["field"] == "translation", "after"].tolist() == ["women, peace and security"]


def test_the_low_reliability_event_is_gone_and_the_follow_up_steps_are_events():
    diff = diff_packages(KOREA_1_1_0, KOREA)
    # KV07 rested on one low-reliability aggregator (S39b) and was dated before the visit it reports.
    assert keys(diff, "event removed") == ["KV07"] and keys(diff, "actor removed") == ["kim_yong_hyun"]
    assert keys(diff, "event added") == ["KV10", "KV11", "KV12", "KV13", "KV14", "KV15", "KV16"]
    assert keys(diff, "source removed") == ["S37a"]  # replaced by P71, the same briefing, dated and rated high
    assert keys(diff, "source added") == ["P71", "R02", "R04", "R07", "R08", "R09", "R10", "R12", "R13", "R14",
                                          "R17", "R19"]
    rated = diff.changes[diff.changes["change"] == "source changed"]
    assert rated[["key", "field", "before", "after"]].values.tolist() == [["S28A", "reliability", "high", "medium"]]


def test_the_follow_up_added_per_element():
    changes = diff_packages(KOREA_1_1_0, KOREA).changes
    added = changes[(changes["change"] == "row added") & (changes["resource"] == "follow_up")]
    per_element = added["element_id"].value_counts().to_dict()
    assert per_element == {
        "thematic_dialogues": 3, "defence_initiatives_industry": 4, "dg_security_defence_dialogue": 3,
        "cyber_security": 3, "non_proliferation_disarmament": 2, "maritime_security_cooperation": 2,
        "space_security": 1,
    }
    dialogue = sorted(k.split(" / ")[1] + " " + k.split(" / ")[2] for k in
                      added.loc[added["element_id"] == "dg_security_defence_dialogue", "key"])
    # What v1.1 recorded only as events KV08 and KV09: the March 2025 plan and the first session.
    assert dialogue == ["2025-03-19 S29C", "2025-11-12 R17", "2025-11-12 S29A"]

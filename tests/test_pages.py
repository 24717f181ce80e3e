"""Every page, run headless with AppTest: no exception, filters work, URL parameters are honoured."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT, write_package
from pact.topics import TOPIC_LABELS

PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def run(page: str, **query) -> AppTest:
    app = AppTest.from_file(str(ROOT / page), default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def table_with(app: AppTest, *columns: str):
    """The first dataframe on the page that has all these columns (AppTest does not expose table keys)."""
    for frame in app.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_bundled_data(page, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run(page)
    assert not app.exception, [e.value for e in app.exception]
    assert app.multiselect(key="actors").options, "the shared sidebar has the actor filter"
    assert any(el.key == "download_csv" for el in app.get("download_button")) or app.get("download_button")


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_a_small_package_with_an_actor_from_the_url(page, tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run(page, actor=["China"])
    assert not app.exception, [e.value for e in app.exception]
    assert app.multiselect(key="actors").value == ["China"]


def test_selecting_an_actor_changes_the_metrics(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run("dashboard.py")
    before = metrics(app)
    assert before["Reported in Draft"] == "2" and before["Reported in Final"] == "3"
    app.multiselect(key="actors").set_value(["Japan Self-Defense Forces"]).run()
    after = metrics(app)
    assert after["Reported in Draft"] == "1" and after["Reported in Final"] == "1" and after["▲ Strengthened"] == "1"
    assert app.query_params["actor"] == ["Japan Self-Defense Forces"] or app.query_params.get("actor")


def test_selecting_an_actor_filters_the_data_table(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run("pages/4_Data_and_Sources.py")
    assert len(table_with(app, "element", "actor", "evidence_id")) == 10
    app.multiselect(key="actors").set_value(["China"]).run()
    rows = table_with(app, "element", "actor", "evidence_id")
    assert len(rows) == 1 and set(rows["actor"]) == {"China"}


def test_bad_url_parameters_give_a_notice_not_a_traceback(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run("dashboard.py", actor=["Atlantis", "<script>alert(1)</script>", "x" * 10_000], bogus="1")
    assert not app.exception
    notices = " ".join(w.value for w in app.warning)
    assert "Atlantis" in notices and "bogus" in notices and "10,000 characters" in notices
    assert app.multiselect(key="actors").value == []


def test_empty_filter_result_says_what_to_relax(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    for page in PAGES[:3]:
        app = run(page, domain="Space", change="Strengthened")
        assert not app.exception
        assert any("No rows match" in i.value for i in app.info), page


def test_markup_in_data_is_shown_as_text(tmp_path, tiny_tables, monkeypatch):
    tiny_tables["elements"][0]["name"] = "<b>Bold</b> **dialogue**"
    monkeypatch.setenv("DASHBOARD_DATA", str(write_package(tmp_path / "p", tiny_tables)))
    app = run("pages/1_Draft_vs_Final.py")
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert "\\<b\\>Bold\\</b\\> \\*\\*dialogue\\*\\*" in shown


def test_invalid_package_shows_its_problems(tmp_path, tiny_tables, monkeypatch):
    tiny_tables["positions"][0]["status"] = "maybe"
    monkeypatch.setenv("DASHBOARD_DATA", str(write_package(tmp_path / "p", tiny_tables)))
    app = run("dashboard.py")
    assert not app.exception
    assert app.error and "positions.csv, row 2, field 'status'" in app.code[0].value


def test_filters_survive_switching_pages(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run("dashboard.py")
    app.multiselect(key="actors").set_value(["China"]).run()
    app.switch_page("pages/2_Actors.py").run()
    assert not app.exception
    assert app.multiselect(key="actors").value == ["China"]
    assert set(table_with(app, "actor", "named_by", "publisher")["actor"]) == {"China"}


def test_choosing_an_element_shows_its_evidence(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run("pages/1_Draft_vs_Final.py")
    app.selectbox(key="evidence_element").set_value("infosec").run()
    evidence = table_with(app, "quote", "locator", "reliability")
    assert evidence["quote"].tolist() == [
        "pursue the possibility of an information security agreement",
        "strengthen cooperation on an information security agreement",
    ]



def test_hiding_unchanged_rows_keeps_the_changed_and_says_when_none_changed(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    app = run("pages/1_Draft_vs_Final.py")
    app.toggle(key="dumbbell_changed_only").set_value(True).run()
    app.toggle(key="table_dumbbell").set_value(True).run()
    assert not app.exception
    assert set(table_with(app, "element_id", "stage", "level")["element_id"]) == {"infosec", "space"}
    app.multiselect(key="changes").set_value(["Same strength"]).run()
    assert not app.exception
    assert any("No element in view changed" in i.value for i in app.info)
    assert app.selectbox(key="evidence_element").value == "dialogue", "the picker stays when the chart is empty"


@pytest.mark.parametrize("window", ["negotiation", "focus", "whole"])
def test_every_timeline_window_draws(window):
    app = run("pages/3_Timeline.py")
    app.session_state["timeline_window"] = window
    app.run()
    assert not app.exception
    assert app.get("plotly_chart"), f"the {window} window draws the timeline"

def upload_page(monkeypatch) -> AppTest:
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    app.switch_page("pages/6_Your_data.py").run()
    assert not app.exception
    return app


def test_uploading_a_flat_csv_makes_it_the_sessions_dataset(tiny, monkeypatch):
    from pact.export import to_csv_bytes
    from pact.filters import analysis_view

    app = upload_page(monkeypatch)
    bundled_total = metrics(app.switch_page("dashboard.py").run())["Elements in view"]
    app.switch_page("pages/6_Your_data.py").run()
    app.file_uploader(key="upload").set_value(("mine.csv", to_csv_bytes(analysis_view(tiny, "draft", "final")), "text/csv")).run()
    assert not app.exception
    assert any("Loaded mine" in s.value for s in app.success)
    assert app.selectbox(key="dataset").value == "Your upload: mine.csv"
    app.switch_page("dashboard.py").run()
    assert metrics(app)["Elements in view"] == "3" != bundled_total
    app.switch_page("pages/6_Your_data.py").run()
    app.button(key="forget_upload").click().run()
    app.switch_page("dashboard.py").run()
    assert metrics(app)["Elements in view"] == bundled_total


def test_uploading_a_zipped_package_works_on_every_page(tiny_path, monkeypatch):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in tiny_path.parent.rglob("*"):
            if file.is_file():
                archive.write(file, file.relative_to(tiny_path.parent).as_posix())
    app = upload_page(monkeypatch)
    app.file_uploader(key="upload").set_value(("tiny.zip", buffer.getvalue(), "application/zip")).run()
    assert any("Loaded tiny" in s.value for s in app.success)
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (page, [e.value for e in app.exception])
    app.switch_page("pages/4_Data_and_Sources.py").run()
    assert len(table_with(app, "element", "actor", "evidence_id")) == 10


def test_a_bad_upload_is_explained_and_changes_nothing(monkeypatch):
    from pathlib import Path

    app = upload_page(monkeypatch)
    bad = (Path(__file__).parent / "bad_uploads" / "traversal.zip").read_bytes()
    app.file_uploader(key="upload").set_value(("traversal.zip", bad, "application/zip")).run()
    assert not app.exception
    assert any("was not loaded" in e.value for e in app.error)
    # Listed in full, not in a table whose cells cut long messages off.
    listed = " ".join(m.value for m in app.markdown)
    assert "unsafe path in zip" in listed and "absolute or leaving the folder" in listed
    assert app.selectbox(key="dataset").value == "Japan–EU partnership"


def test_the_sibling_partnership_is_explorable(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    app.selectbox(key="dataset").set_value("EU–Korea partnership").run()
    assert not app.exception
    assert "Korea" in app.title[0].value or any("Korea" in m.value for m in app.markdown)
    app.switch_page("pages/5_Partnerships_compared.py").run()
    assert not app.exception
    app.toggle(key="table_atlas").set_value(True).run()
    matrix = table_with(app, "partnership", "topic", "state", "quote")
    dialogue = matrix[matrix["topic"] == TOPIC_LABELS["dg_dialogue"]].set_index("partnership")
    assert dialogue.loc[["Japan–EU", "EU–Korea"], "state"].tolist() == ["Present", "Present"]
    assert dialogue.loc["Japan–EU", "quote"] and dialogue.loc["EU–Korea", "quote"]


def test_the_atlas_never_turns_a_filter_into_lacking(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("pages/5_Partnerships_compared.py", actor=["China"])
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "lacks" not in captions.replace("not that the partnership lacks", "") and "add a second package" not in captions
    app.toggle(key="table_atlas").set_value(True).run()
    matrix = table_with(app, "partnership", "topic", "state")
    assert "Outside the filters" in set(matrix["state"]) and "Present" in set(matrix["state"])
    assert "mean" not in captions.lower().split(), "an ordinal scale is never averaged"


def test_data_page_shows_the_changes_since_the_1_1_0_release(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("pages/4_Data_and_Sources.py")
    assert not app.exception
    assert "Changes since v1\\.1\\.0" in [s.value for s in app.header]
    assert any("to v1\\.2\\.0" in c.value and "8 follow\\_up rows removed, 20 added and 3 changed" in c.value for c in app.caption)
    changes = table_with(app, "change", "key", "before", "after")
    assert ("position re-coded", "comprehensive_security_concept / final") in set(zip(changes["change"], changes["key"]))


def test_data_page_lists_the_changes_since_the_packages_release(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))  # named jp-eu-sdp at 1.2.0, so compared with its 1.1.0 snapshot
    app = run("pages/4_Data_and_Sources.py")
    assert not app.exception
    assert "Changes since v1\\.1\\.0" in [s.value for s in app.header]
    changes = table_with(app, "change", "key", "before", "after")
    rows = set(zip(changes["change"], changes["key"]))
    assert {("element added", "dialogue"), ("element removed", "port_calls")} <= rows
    assert any("27 elements removed and 3 added" in c.value for c in app.caption)


def test_data_page_has_no_changes_section_for_a_package_without_a_release(tmp_path, tiny_tables, monkeypatch):
    import json

    path = write_package(tmp_path / "mine", tiny_tables)
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), "name": "my-own-pact"}), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA", str(path))
    app = run("pages/4_Data_and_Sources.py")
    assert not app.exception
    assert not any(s.value.startswith("Changes since") for s in app.header)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("pair", [("draft", "council_text"), ("council_text", "final")])
def test_every_page_compares_any_pair_of_the_three_japan_stages(page, pair, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run(page, **{"from": pair[0], "to": pair[1]})
    assert not app.exception, [e.value for e in app.exception]
    assert (app.selectbox(key="stage_a").value, app.selectbox(key="stage_b").value) == pair


def test_the_default_pair_stays_draft_to_final(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    assert (app.selectbox(key="stage_a").value, app.selectbox(key="stage_b").value) == ("draft", "final")


def test_follow_up_page_shows_what_was_done_since_the_final(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    app.switch_page("pages/7_Follow_up.py").run()
    assert not app.exception, [e.value for e in app.exception]
    shown = metrics(app)
    with_any, total = (int(n) for n in shown["Elements with any follow-up"].split(" of "))
    assert 0 < with_any < total
    assert int(shown["No public record found"]) == total - with_any
    latest = table_with(app, "element", "latest", "latest status", "records")
    none = latest[latest["records"] == 0]["latest status"]
    assert len(none) and none.str.startswith("No public record found through ").all()
    assert not latest["latest status"].str.contains("not implemented", case=False).any()
    assert any(b.key == "download_follow_up" for b in app.get("download_button"))
    reach = "Searched on 1 December 2026; public pages after March 2026 are sparse"
    assert sum(reach in m.value for m in app.markdown) == 1, "the search's reach is said once"


def test_follow_up_page_follows_the_filters_in_the_link(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    everything = run("pages/7_Follow_up.py")
    app = run("pages/7_Follow_up.py", domain="Cyber, hybrid & FIMI")
    assert not app.exception, [e.value for e in app.exception]
    assert app.multiselect(key="domains").value == ["Cyber, hybrid & FIMI"]
    latest = table_with(app, "element", "latest", "latest status", "records")
    assert set(latest["domain"]) == {"Cyber, hybrid & FIMI"}
    assert len(latest) < len(table_with(everything, "element", "latest", "latest status", "records"))


def test_follow_up_page_shows_koreas_follow_up_through_the_date_the_pack_vouches_for(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    app.selectbox(key="dataset").set_value("EU–Korea partnership").run()
    app.switch_page("pages/7_Follow_up.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not any("does not say that its sources were searched" in i.value for i in app.info)
    shown = metrics(app)
    assert shown["Elements with any follow-up"] == "7 of 23" and int(shown["No public record found"]) == 16
    latest = table_with(app, "element", "latest", "latest status", "records").set_index("element")
    dialogue = latest.loc["Director-general-level Security and Defence Dialogue"]
    # The first Security and Defence Dialogue (12 Nov 2025), which v1.1 recorded only as an event.
    assert (dialogue["latest"], dialogue["latest status"], dialogue["records"]) == ("12 Nov 2025", "Dialogue launched", 3)
    assert latest.loc["Strategic communication and countering FIMI", "latest status"] == "No public record found through 31 March 2026."


def test_follow_up_page_claims_nothing_for_a_package_that_did_not_search(tmp_path, tiny_tables, monkeypatch):
    import json

    path = write_package(tmp_path / "unsearched", {**tiny_tables, "follow_up": []})
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.pop("follow_up_searched_through")
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA", str(path))
    app = run("pages/7_Follow_up.py")
    assert not app.exception, [e.value for e in app.exception]
    assert any("does not say that its sources were searched" in i.value for i in app.info)
    assert not any("No public record found" in m.value for m in app.markdown)


def test_a_link_names_its_partnership_and_keeps_naming_it(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py", partnership="eu-kor-sdp", actor=["Republic of Korea"])
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="dataset").value == "EU–Korea partnership"
    assert app.query_params["partnership"] in ("eu-kor-sdp", ["eu-kor-sdp"])
    assert not app.warning, "a known partnership and one of its actors are not ignored"
    app.switch_page("pages/1_Draft_vs_Final.py").run()
    assert app.selectbox(key="dataset").value == "EU–Korea partnership"


def test_a_link_without_a_partnership_opens_japan_eu_and_an_unknown_one_is_reported(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    assert app.selectbox(key="dataset").value == "Japan–EU partnership"
    assert "partnership" not in app.query_params
    app = run("dashboard.py", partnership="<b>atlantis</b>")
    assert not app.exception
    assert app.selectbox(key="dataset").value == "Japan–EU partnership"
    notice = " ".join(w.value for w in app.warning)
    assert "Parts of this link were ignored" in notice and "unknown partnership" in notice


@pytest.mark.parametrize("page", PAGES)
def test_a_package_with_one_stage_says_so_and_compares_nothing(page, one_stage_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(one_stage_path))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    app.query_params["change"] = "Strengthened"
    app.run()
    if page != "dashboard.py":
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not [w for w in app.warning if "Pick two different stages" in w.value or "must differ" in w.value]
    assert not [m for m in app.multiselect if m.key == "changes"], "no change type without two stages"
    if page in ("dashboard.py", "pages/1_Draft_vs_Final.py"):
        assert any("coded at one stage only" in i.value for i in app.info)
    if page == "dashboard.py":
        assert {m.label for m in app.metric} >= {"Reported at the Final", "Elements in view"}
        assert not [m for m in app.metric if "Strengthened" in m.label or "Carried over" in m.label]
    if page == "pages/1_Draft_vs_Final.py":
        assert len(table_with(app, "element", "at this stage", "evidence")) == 3


def test_switching_pages_keeps_the_stage_pair_without_a_warning(monkeypatch):
    # Regression: with persist_state the "To" selectbox came back at its first option (Draft) on the
    # next page's first run, so every page switch warned that the two stages were equal.
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = run("dashboard.py")
    app.selectbox(key="stage_a").set_value("council_text").run()
    for page in PAGES[1:]:
        app.switch_page(page).run()
        assert not app.exception, (page, [e.value for e in app.exception])
        assert (app.session_state["stage_a"], app.session_state["stage_b"]) == ("council_text", "final"), page
        assert not [w for w in app.warning if "Pick two different stages" in w.value], page

"""The filters in force are stated under every page title, with a Clear button; nothing when unfiltered."""

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT

# Every page shows the line; Partnerships compared also says which filters carry
# across partnerships.
PAGES = ["dashboard.py", "pages/1_Draft_vs_Final.py", "pages/2_Actors.py", "pages/3_Timeline.py",
         "pages/4_Data_and_Sources.py", "pages/5_Partnerships_compared.py", "pages/6_Your_data.py",
         "pages/7_Follow_up.py"]
LINE = "Filtered: actor = China"


pytestmark = pytest.mark.usefixtures("fresh_app_on_bundled_data")


def switched_to(page: str, **query) -> AppTest:
    """A page reached as a user does: a shared link opens the Overview, then the page's link is followed."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page != "dashboard.py":
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def filter_lines(app: AppTest) -> list[str]:
    """The filter lines as a reader sees them (without Markdown's escapes and bold)."""
    shown = (m.value.replace("\\", "").strip("*") for m in app.markdown)
    return [line for line in shown if line.startswith("Filtered:")]


def rows_in_view(app: AppTest) -> tuple[int, int]:
    """The sidebar's "5 of 101 rows": rows the filters keep, and all rows."""
    shown, total = next(c.value for c in app.sidebar.caption if " rows · " in c.value).split(" rows")[0].split(" of ")
    return int(shown), int(total)


@pytest.mark.parametrize("page", PAGES)
def test_a_filtered_link_is_stated_under_every_title_and_clear_undoes_it(page):
    app = switched_to(page, actor=["China"])
    assert filter_lines(app) == [LINE]
    shown, total = rows_in_view(app)
    assert 0 < shown < total, "the page is filtered, as its line says"
    app.button(key="clear_filters_line").click().run()
    assert not app.exception
    assert filter_lines(app) == []
    assert app.multiselect(key="actors").value == []
    assert "actor" not in app.query_params
    assert rows_in_view(app) == (total, total)


def test_an_unfiltered_page_has_no_filter_line():
    app = switched_to("pages/1_Draft_vs_Final.py")
    assert filter_lines(app) == []
    assert not [b for b in app.button if b.key == "clear_filters_line"]


def test_the_line_lists_every_kind_of_filter():
    app = switched_to("pages/2_Actors.py", actor=["China"], domain=["Maritime security"], q=["port"])
    assert filter_lines(app) == ["Filtered: actor = China · domain = Maritime security · search = “port”"]


def test_the_filters_survive_a_second_page_switch_and_a_switch_back():
    app = switched_to("pages/2_Actors.py", actor=["China"])
    filtered = rows_in_view(app)
    for page in ("pages/7_Follow_up.py", "dashboard.py"):
        app.switch_page(page).run()
        assert filter_lines(app) == [LINE] and rows_in_view(app) == filtered
        assert app.query_params["actor"] in ("China", ["China"])

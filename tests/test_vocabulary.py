"""One vocabulary for change classes in everything the product renders: Overview, brief (HTML, Word), CSV.

Press silence is not absence: "newly reported" never reads "appears" or "added", "not reported" never
reads "lacks" or "absent", and small numbers agree with their words. Quotes, translations and source
titles are the publishers' words and are not scanned.
"""

import io
import re

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from pact.compare import CHANGE_LABELS
from pact.export import to_csv_bytes
from pact.filters import Filters, analysis_view, apply_filters
from pact.report_docx import render_docx
from pact.report_html import render_html
from report_support import brief_of

FORBIDDEN = re.compile(r"\b(appear(s|ed|ing)?|added|lack(s|ed|ing)?|absent|absence of)\b", re.IGNORECASE)
BAD_NUMBERS = re.compile(r"\b(The other [01] have|None of the [01] elements|\b1 (elements|are|have|fall)\b)|\bnan\b|\bNone\b")
# Our own prose in the brief; quotes, translations and follow-up notes copied from data are left out.
PUBLISHERS_WORDS = re.compile(r'<span class="(quote|translation)">.*?</span>|<ol class="notes">.*?</ol>', re.S)
FILTERS = [Filters(), Filters(actors=("China",)), Filters(actors=("EU Naval Force",)),
           Filters(domains=("Space",)), Filters(actors=("China",), domains=("Maritime security",))]


def words(text: str) -> list[str]:
    return [m.group(0) for m in FORBIDDEN.finditer(text)] + [m.group(0) for m in BAD_NUMBERS.finditer(text)]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
def test_the_brief_html_speaks_the_change_class_vocabulary(bundled, filters):
    html = PUBLISHERS_WORDS.sub("", render_html(brief_of(bundled, filters)))
    text = re.sub(r"<[^>]+>", " ", html)
    assert words(text) == []


@pytest.mark.parametrize("filters", FILTERS[:2], ids=lambda f: f.describe())
def test_the_word_brief_speaks_the_change_class_vocabulary(bundled, filters):
    brief = brief_of(bundled, filters)
    ours = [brief.subtitle, brief.filter_line, *brief.actor_notes, *brief.caveats, *brief.what_changed,
            brief.follow_up_summary, *(c.label for c in brief.counts), *(c.summary for c in brief.charts),
            *(e.change for e in brief.elements), *(p for e in brief.elements for p in e.positions)]
    assert words(" | ".join(ours)) == []
    document = Document(io.BytesIO(render_docx(brief)))
    headed = " ".join(p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Intense")))
    assert words(headed) == []


def test_the_csv_uses_only_the_change_class_labels(bundled):
    for stages in (("draft", "final"), ("council_text", "final"), ("draft", "council_text")):
        view = analysis_view(bundled, *stages)
        assert set(view["change"]) <= set(CHANGE_LABELS)
        assert "Absent" not in set(view["status"]), "no stage of this package has a complete text"
        csv = to_csv_bytes(apply_filters(view, Filters(actors=("China",)))).decode("utf-8-sig")
        for column in ("change", "status", "commitment", "role", "named_by"):
            assert words(" ".join(view[column].dropna().astype(str))) == [], column
        assert ",None," not in csv and ",nan," not in csv


@pytest.fixture
def fresh(fresh_app_on_bundled_data):
    """See conftest: the bundled packages, fresh caches."""


@pytest.mark.parametrize("query", [{}, {"actor": ["China"]}, {"actor": ["EU Naval Force"]}, {"from": ["council_text"]}])
def test_the_overview_tiles_and_sentences_speak_the_vocabulary(fresh, query):
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    shown = [m.value for m in app.markdown] + [c.value for c in app.caption] + [m.label for m in app.metric]
    shown += [m.help or "" for m in app.metric]
    assert words(" | ".join(shown).replace("\\", "")) == []


PAGES = ["pages/1_Draft_vs_Final.py", "pages/2_Actors.py", "pages/3_Timeline.py", "pages/4_Data_and_Sources.py",
         "pages/7_Follow_up.py"]


@pytest.mark.parametrize("query", [{}, {"actor": ["China"]}], ids=["all", "china"])
def test_no_table_on_any_page_has_a_cell_streamlit_would_print_as_none(fresh, query):
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        for table in app.dataframe:
            frame = table.value
            gaps = [c for c in frame.columns if frame[c].isna().any()]
            assert gaps == [], f"{page}: {gaps}"


def test_the_data_page_shows_our_source_descriptions_as_ours(fresh):
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    app.switch_page("pages/4_Data_and_Sources.py").run()
    for table in app.dataframe:
        for column in {"source", "title"} & set(table.value.columns):
            assert not table.value[column].astype(str).str.contains("not retrieved]", regex=False).any(), column

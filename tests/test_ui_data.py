"""ui.data at the download boundary: a brief that cannot be built says so, in the file and in the sidebar."""

import io

import docx
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui import data


def failing(*_args):
    raise ValueError("the renderer was given \x01 something it refused")


def test_a_brief_that_cannot_be_built_downloads_a_page_saying_so(monkeypatch):
    monkeypatch.setattr(data, "brief_bytes", failing)
    failures = {}
    page = data.brief_download("html", failures).decode("utf-8")
    assert "<h1>The brief could not be built</h1>" in page
    assert "ValueError: the renderer was given \ufffd something it refused" in page
    assert failures == {"html": "The brief of this view could not be built "
                                "(ValueError: the renderer was given \x01 something it refused)."}


def test_a_word_brief_that_cannot_be_built_downloads_a_document_saying_so(monkeypatch):
    monkeypatch.setattr(data, "brief_bytes", failing)
    failures = {}
    document = docx.Document(io.BytesIO(data.brief_download("docx", failures)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The brief could not be built" in text and "Word brief of this view could not be built" in text
    assert set(failures) == {"docx"}


def test_the_sidebar_names_a_failed_brief_once(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    app.session_state["_brief_failures"] = {"docx": "The Word brief of this view could not be built (ValueError: x)."}
    app.run()
    shown = [e.value for e in app.sidebar.error]
    assert len(shown) == 1 and shown[0].startswith("The Word brief of this view could not be built")
    assert "The file downloaded says so too" in shown[0]
    app.run()
    assert not app.sidebar.error, "shown once, then forgotten"

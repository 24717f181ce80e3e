"""CSV export: BOM, neutralised formula cells, and a lossless round trip."""

import csv
import io
from datetime import date

import pandas as pd
import pytest

from pact.export import csv_filename, neutralise, neutralised_table, to_csv_bytes, unneutralise
from pact.filters import Filters, analysis_view, apply_filters


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_formula_triggers_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_ordinary_cells_are_left_alone():
    assert neutralise("Japan") == "Japan" and neutralise(3) == 3


def test_csv_has_bom_and_no_live_formula(tiny):
    data = to_csv_bytes(analysis_view(tiny, "draft", "final"))
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    cells = frame.to_numpy().ravel()
    assert not any(str(c).startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert "'=cmd|' /C calc'!A0 and on space" in set(cells)


def test_round_trip_equals_the_filtered_frame(tiny):
    view = apply_filters(analysis_view(tiny, "draft", "final"), Filters(actors=("Japan",)))
    back = pd.read_csv(io.BytesIO(to_csv_bytes(view)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = view.astype("string").fillna("").astype(str).reset_index(drop=True)
    expected["quote_verified"] = expected["quote_verified"].str.capitalize()
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)


def test_file_name_says_what_was_filtered():
    name = csv_filename("jp-eu-sdp", Filters(actors=("EU Naval Force",)), ["eunavfor"], date(2024, 11, 1))
    assert name == "jp-eu-sdp_actor-eunavfor_2024-11-01.csv"
    assert csv_filename("jp-eu-sdp", Filters(), today=date(2024, 11, 1)) == "jp-eu-sdp_2024-11-01.csv"
    assert "/" not in csv_filename("x", Filters(text="../../etc"), today=date(2024, 1, 1))


@pytest.mark.parametrize("cell", ["=1+1", "'=1+1", "''=x", "'-2", "Japan", "'quoted'", "'", "@"])
def test_unneutralise_gives_back_exactly_what_was_neutralised(cell):
    assert unneutralise(neutralise(cell)) == cell


def test_a_package_table_is_neutralised_cell_by_cell(tmp_path):
    table = tmp_path / "elements.csv"
    table.write_text('element_id,name\nx,"=HYPERLINK(""https://evil"")"\ny,=1+1\nz,Plain\n', encoding="utf-8")
    rows = list(csv.reader(io.StringIO(neutralised_table(table).decode("utf-8"))))
    assert rows == [["element_id", "name"], ["x", "'=HYPERLINK(\"https://evil\")"], ["y", "'=1+1"], ["z", "Plain"]]

"""Download files (ui/exports.py): CSV with BOM that keeps accents, Excel and Parquet that read back."""
from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from ui import exports


@pytest.fixture
def df():
    return pd.DataFrame({
        "ocid": ["ocds-1", "ocds-2", "ocds-3"],
        "title": ["Pavimentación en Peñón de los Baños", "Construcción, \"etapa\" 2\nsegunda línea", None],
        "contract_value": [1234567.89, None, 0.0],
        "number_of_tenderers": pd.array([1, None, 3], dtype="Int64"),
        "date_signed": pd.to_datetime(["2020-01-02 10:00", None, "2021-12-31 00:00"]).tz_localize("America/Monterrey"),
        "flagged_indicators": ["OA-C1|R018", None, ""],
    })


def test_csv_starts_with_a_bom_and_round_trips_accents_quotes_and_rows(df):
    data = exports.to_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(df) and list(back.columns) == list(df.columns)
    assert back.loc[0, "title"] == "Pavimentación en Peñón de los Baños"
    assert back.loc[1, "title"] == "Construcción, \"etapa\" 2\nsegunda línea"
    assert back.loc[0, "contract_value"] == pytest.approx(1234567.89)


def test_excel_holds_a_header_and_every_row_with_dates_as_local_days(df):
    wb = load_workbook(io.BytesIO(exports.to_excel_bytes(df, sheet_name="procesos")))
    ws = wb["procesos"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(df.columns) and len(rows) == len(df) + 1
    assert rows[1][1] == "Pavimentación en Peñón de los Baños"
    assert rows[1][4] == datetime(2020, 1, 2)  # the local day, as a date cell (no time, no zone)
    assert rows[2][2] is None and rows[2][3] is None


def test_excel_refuses_more_rows_than_a_sheet_holds(df, monkeypatch):
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 2)
    with pytest.raises(ValueError, match="Excel"):
        exports.to_excel_bytes(df)


def test_parquet_round_trips_types_and_values(df):
    table = pq.read_table(io.BytesIO(exports.to_parquet_bytes(df)))
    back = table.to_pandas()
    assert table.num_rows == len(df)
    assert back["title"].tolist() == df["title"].tolist()
    assert back["number_of_tenderers"].tolist()[0] == 1 and pd.isna(back["number_of_tenderers"].tolist()[1])
    assert back["date_signed"].iloc[0] == df["date_signed"].iloc[0]

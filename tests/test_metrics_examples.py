"""Each indicator's worked example (IndicatorMeta.example, shown in the methodology) is also its test."""
import pandas as pd
import pytest

from metrics.indicators import INDICATORS
from tests.metrics_helpers import empty_db, insert


def test_every_one_of_our_indicators_has_an_example():
    assert [i.meta.code for i in INDICATORS if i.meta.example is None] == []


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.meta.code)
def test_the_example_s_input_gives_the_example_s_output(indicator):
    example = indicator.meta.example
    con = empty_db()
    for table, rows in example.tables.items():
        for row in rows:
            insert(con, table, **row)
    settings = {indicator.meta.code: example.settings} if example.settings else None
    flags = indicator.compute(con, settings).flags.sort_values("subject_id")
    got = [(r["subject_id"], None if pd.isna(r["value"]) else round(float(r["value"]), 4),
            None if pd.isna(r["flagged"]) else bool(r["flagged"]), bool(r["computable"]))
           for r in flags.to_dict("records")]
    assert got == example.flags

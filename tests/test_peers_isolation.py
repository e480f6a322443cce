"""Loading another publisher does not change a flag of the first (issue 11, section 4).

Real files: Nuevo León's record packages and projects are loaded and refreshed into one database, the OCP
sample of other Mexican publishers (INAI, CDMX, Jalisco, SHCP) into another; then the OCP sample is added
to a copy of the first. Every flag row of either load alone (indicator, subject, flagged, computable,
value, reason) must be in the joint database unchanged, except for the indicators metrics.peers documents
as aggregating across publishers. Both directions matter: Nuevo León's data date is the later one, so
only the OCP sample's stalled tenders would move with a data date pooled over the database.
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from metrics import peers
from obras.update import update
from tests.shared import shared_data

pytestmark = pytest.mark.shared

_ROWS_SQL = """
SELECT indicator, subject_type, subject_id, flagged, computable, round(value, 6) AS value,
    json_extract_string(detail, '$.reason') AS reason
FROM flags
"""


def _rows(db) -> dict[tuple[str, str, str], tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {(i, t, s): rest for i, t, s, *rest in con.execute(_ROWS_SQL).fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_loads(tmp_path_factory):
    """Flag rows of Nuevo León alone, of the OCP sample alone, and of both in one database."""
    data = shared_data()
    nl = data / "mx-nl-infraestructura-abierta"
    folder = tmp_path_factory.mktemp("peers")
    first, second, both = folder / "nl.duckdb", folder / "ocp.duckdb", folder / "both.duckdb"
    update([str(nl / "ocds-record-packages"), str(nl / "oc4ids-projects")], db=first)
    update([str(data / "mx-ocp-sample-data")], db=second)
    shutil.copyfile(first, both)
    update([str(data / "mx-ocp-sample-data")], db=both)
    return {"nl": _rows(first), "ocp": _rows(second)}, _rows(both)


def test_the_joint_load_holds_both_publishers(two_loads):
    alone, both = two_loads
    assert len(both) > max(len(alone["nl"]), len(alone["ocp"])) > 0  # the premise of the tests below


@pytest.mark.parametrize("publisher", ["nl", "ocp"])
def test_loading_another_publisher_keeps_every_flag_of_the_first(two_loads, publisher):
    alone, both = two_loads
    changed = {
        key: (row, both.get(key)) for key, row in alone[publisher].items()
        if both.get(key) != row and key[0] not in peers.ACROSS_PUBLISHERS
    }
    assert not changed, f"{len(changed)} flag rows of {publisher} changed: {sorted(changed.items())[:10]}"


def test_fenced_and_dated_indicators_gave_rows_on_their_own(two_loads):
    """The test above means something only if the fenced and the data-date indicators gave rows alone."""
    alone, _ = two_loads
    codes = {key[0] for rows in alone.values() for key in rows}
    assert {"OA-D2", "OA-D7"} <= codes

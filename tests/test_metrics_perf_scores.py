"""Process and project scores computed in one pass over the flags (a bit per flagging indicator, projects
summed from their processes' counts) are exactly what the SQL they replaced gave (kept here as the
reference), on a database with every case that SQL handled."""
from __future__ import annotations

import random

import pandas as pd

from metrics import score
from metrics.indicators.contract_changes import PP_SUBJECT_SQL
from metrics.indicators.sql_indicator import FLAG_DDL
from tests.metrics_helpers import empty_db, insert

CODES = ["OA-C1", "OA-D1", "OA-P1", "OA-P2", "R003", "R018", "R038", "Z-UNKNOWN"]
SCORED = ["OA-C1", "OA-D1", "OA-P1", "OA-P2"]

# The process and project score SQL before this change.
OLD_PROCESS = """
WITH f AS (
    SELECT f.subject_id, f.indicator, f.computable, f.flagged, sc.code IS NOT NULL AS scored
    FROM flags_under_test f LEFT JOIN old_scored sc ON sc.code = f.indicator
    WHERE f.subject_type = 'ocid' AND f.subject_id IS NOT NULL
),
s AS (
    SELECT subject_id AS ocid,
        count(*) FILTER (WHERE scored) AS n_indicators,
        count(*) FILTER (WHERE scored AND computable) AS n_computable,
        count(*) FILTER (WHERE scored AND flagged) AS n_flagged,
        list_sort(list_distinct(list(indicator) FILTER (WHERE flagged))) AS flagged_indicators
    FROM f GROUP BY subject_id
)
SELECT s.ocid, p.implementer_id, p.buyer_id, p.state_code, s.n_indicators, s.n_computable, s.n_flagged,
    CASE WHEN s.n_computable > 0 THEN 100.0 * s.n_flagged / s.n_computable END AS score,
    coalesce(s.flagged_indicators, []::VARCHAR[]) AS flagged_indicators
FROM s LEFT JOIN processes p ON p.ocid = s.ocid
"""
OLD_PROJECT = f"""
WITH links AS (
    SELECT DISTINCT project_id, {PP_SUBJECT_SQL} AS ocid FROM project_processes WHERE project_id IS NOT NULL
),
results AS (
    SELECT subject_id AS project_id, indicator, computable, flagged
    FROM flags_under_test WHERE subject_type = 'project'
    UNION ALL
    SELECT l.project_id, f.indicator, f.computable, f.flagged
    FROM links l JOIN flags_under_test f ON f.subject_type = 'ocid' AND f.subject_id = l.ocid
),
agg AS (
    SELECT project_id,
        count(*) FILTER (WHERE scored) AS n_indicators,
        count(*) FILTER (WHERE scored AND computable) AS n_computable,
        count(*) FILTER (WHERE scored AND flagged) AS n_flagged,
        list_sort(list_distinct(list(indicator) FILTER (WHERE flagged))) AS flagged_indicators
    FROM (SELECT r.*, sc.code IS NOT NULL AS scored FROM results r LEFT JOIN old_scored sc ON sc.code = r.indicator)
    GROUP BY project_id
),
n AS (SELECT project_id, count(*) AS n_processes FROM links GROUP BY project_id)
SELECT p.project_id, p.implementer_id, p.state_code, coalesce(n.n_processes, 0) AS n_processes,
    coalesce(a.n_indicators, 0) AS n_indicators, coalesce(a.n_computable, 0) AS n_computable,
    coalesce(a.n_flagged, 0) AS n_flagged,
    CASE WHEN a.n_computable > 0 THEN 100.0 * a.n_flagged / a.n_computable END AS score,
    coalesce(a.flagged_indicators, []::VARCHAR[]) AS flagged_indicators
FROM projects p LEFT JOIN agg a ON a.project_id = p.project_id LEFT JOIN n ON n.project_id = p.project_id
WHERE p.project_id IS NOT NULL
"""


def _database(seed: int):
    """Processes, projects linking them (twice, unloaded, by reference only) and random flag rows:
    scored and unscored codes, NULL results, project-level rows, subjects that are not loaded."""
    rng = random.Random(seed)
    con = empty_db()
    for i in range(60):
        insert(con, "processes", ocid=f"p{i}", buyer_id=f"B{i % 4}", implementer_id=f"I{i % 3}",
               state_code=f"{i % 5:02d}")
    for j in range(12):
        insert(con, "projects", project_id=f"proj{j}", implementer_id=f"I{j % 3}", state_code=f"{j % 5:02d}")
        for k in range(rng.randint(0, 6)):
            ocid = rng.choice([f"p{rng.randrange(70)}", None])
            insert(con, "project_processes", project_id=f"proj{j}", process_index=k, ocid=ocid,
                   process_ref=rng.choice([None, f"ref{rng.randrange(5)}"]))
    insert(con, "project_processes", project_id="proj0", process_index=9, ocid="p1")  # p1 linked twice
    insert(con, "projects", project_id=None)
    con.execute(f"CREATE TEMP TABLE flags_under_test ({FLAG_DDL})")
    subjects = [f"p{i}" for i in range(75)] + [f"ref{i}" for i in range(5)] + ["proj3/1", None]
    rows = []
    for subject in subjects:
        for code in rng.sample(CODES, rng.randint(0, len(CODES))):
            computable = rng.choice([True, True, False, None])
            rows.append([code, "ocid", subject, subject, 1.0, rng.choice([True, False, None]) if computable else None,
                         computable, None])
    for j in list(range(14)) + [None]:
        for code in ("OA-P2", "R038"):
            rows.append([code, "project", None if j is None else f"proj{j}", None, 1.0, rng.choice([True, False]),
                         rng.choice([True, False]), None])
    rows.append(["OA-C1", "buyer", "B1", None, 1.0, True, True, None])
    # by name: the table also has the outcome column, which the scores do not read
    con.executemany("INSERT INTO flags_under_test (indicator, subject_type, subject_id, ocid, value, flagged, "
                    "computable, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TEMP TABLE old_scored (code VARCHAR)")
    con.executemany("INSERT INTO old_scored VALUES (?)", [[c] for c in SCORED])
    return con


def _frame(con, sql: str) -> pd.DataFrame:
    frame = con.execute(sql).df()
    frame["flagged_indicators"] = frame["flagged_indicators"].map(list)
    return frame.sort_values(list(frame.columns[:1])).reset_index(drop=True)


def test_process_and_project_scores_equal_the_sql_they_replaced():
    for seed in range(8):
        con = _database(seed)
        names = score.compute_scores(con, "flags_under_test", {"currency": "MXN"}, SCORED)
        new_process = _frame(con, f"SELECT * FROM {names['process_scores']}")
        new_project = _frame(con, f"SELECT * FROM {names['project_scores']}")
        pd.testing.assert_frame_equal(new_process, _frame(con, OLD_PROCESS), check_dtype=False)
        pd.testing.assert_frame_equal(new_project, _frame(con, OLD_PROJECT), check_dtype=False)
        assert new_project["n_indicators"].sum() > 0 and new_process["flagged_indicators"].map(len).sum() > 0


def test_flagged_indicators_are_sorted_distinct_codes_of_flagging_rows():
    con = _database(3)
    names = score.compute_scores(con, "flags_under_test", {"currency": "MXN"}, SCORED)
    got = {ocid: list(codes) for ocid, codes in con.execute(
        f"SELECT ocid, flagged_indicators FROM {names['process_scores']}").fetchall()}
    expected: dict[str, set] = {}
    for code, subject, flagged in con.execute(
            "SELECT indicator, subject_id, flagged FROM flags_under_test WHERE subject_type = 'ocid' "
            "AND subject_id IS NOT NULL").fetchall():
        expected.setdefault(subject, set())
        if flagged:
            expected[subject].add(code)
    assert got == {subject: sorted(codes) for subject, codes in expected.items()}

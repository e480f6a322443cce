"""SQL shared by the indicators of contract changes (OA-P1 price, OA-D4 term): where the original and the
current value and end date of each contract come from.

Sources, per contract:
- `contracts`: original_value / original_end_date (first seen across releases) and value / end_date
  (latest); start_date;
- `amendments`: the earliest amendment's old value / old end date and the latest amendment's new ones;
- OC4IDS `project_processes.modifications` (summary of a contracting process in a project): the first
  modification's oldContractValue / oldContractPeriod and the last one's newContractValue /
  newContractPeriod, in the order published; the summary's contractValue / contractPeriod as the
  current value / end when no modification states a new one.
A project's contracting process that does not resolve to a loaded process is a subject of its own,
named by its ocid or, failing that, by `process_ref`.
"""
from __future__ import annotations

# The OC4IDS modification fields we read (from_json ignores the rest and yields NULL for bad types).
_MOD_SHAPE = (
    '[{"oldContractValue":{"amount":"DOUBLE","currency":"VARCHAR"},'
    '"newContractValue":{"amount":"DOUBLE","currency":"VARCHAR"},'
    '"oldContractPeriod":{"startDate":"VARCHAR","endDate":"VARCHAR"},'
    '"newContractPeriod":{"startDate":"VARCHAR","endDate":"VARCHAR"}}]'
)

# The subject id of a project's contracting process: its resolved ocid, else the id as published, else
# "project/index". metrics.score links projects to their processes' flags with the same expression.
PP_SUBJECT_SQL = "coalesce(ocid, process_ref, project_id || '/' || CAST(process_index AS VARCHAR))"

AMENDMENTS_CTE = """amend AS (
    SELECT ocid, contract_id,
        first(old_value ORDER BY date NULLS LAST, amendment_id) FILTER (WHERE old_value IS NOT NULL) AS first_old_value,
        first(new_value ORDER BY date DESC NULLS LAST, amendment_id DESC) FILTER (WHERE new_value IS NOT NULL) AS last_new_value,
        first(old_end_date ORDER BY date NULLS LAST, amendment_id) FILTER (WHERE old_end_date IS NOT NULL) AS first_old_end,
        first(new_end_date ORDER BY date DESC NULLS LAST, amendment_id DESC) FILTER (WHERE new_end_date IS NOT NULL) AS last_new_end
    FROM amendments
    WHERE ocid IS NOT NULL AND contract_id IS NOT NULL
    GROUP BY ocid, contract_id
)"""

PROJECT_PROCESSES_CTE = """pp AS (
    SELECT project_id, process_index, contract_value, contract_start, contract_end, modifications,
        """ + PP_SUBJECT_SQL + """ AS subject_id
    FROM project_processes
),
pp_eligible AS (
    -- a project's process counts when it is an eligible loaded process or is not loaded at all
    SELECT pp.*, pr.ocid IS NULL AS unresolved
    FROM pp
    LEFT JOIN processes pr ON pr.ocid = pp.subject_id
    LEFT JOIN base b ON b.ocid = pp.subject_id
    WHERE pr.ocid IS NULL OR b.ocid IS NOT NULL
),
subjects AS (
    SELECT ocid AS subject_id FROM base
    UNION ALL
    SELECT DISTINCT subject_id FROM pp_eligible WHERE unresolved
),
mods AS (
    SELECT subject_id, project_id, process_index, contract_value, contract_start, contract_end, list_filter(
        from_json(modifications, '""" + _MOD_SHAPE + """'), lambda m: m IS NOT NULL) AS m
    FROM pp_eligible
    WHERE modifications IS NOT NULL
)"""

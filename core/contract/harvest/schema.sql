-- What `obras harvest` and the record of changes keep across loads (obras/harvest.py, obras/changes.py).
-- Every table here is *kept*: no refresh can recompute it.
CREATE TABLE IF NOT EXISTS harvest_state (
  url VARCHAR, source VARCHAR, etag VARCHAR, last_modified VARCHAR, sha256 VARCHAR, path VARCHAR,
  status VARCHAR, detail VARCHAR, checked_at TIMESTAMP, changed_at TIMESTAMP, failures INTEGER
);
CREATE TABLE IF NOT EXISTS change_runs (
  run_id VARCHAR, recorded_at TIMESTAMP, kind VARCHAR, baseline BOOLEAN, inputs VARCHAR[], changes BIGINT
);
CREATE TABLE IF NOT EXISTS changes (
  run_id VARCHAR, recorded_at TIMESTAMP, origin VARCHAR, source_id VARCHAR, kind VARCHAR, subject_type VARCHAR,
  subject_id VARCHAR, ocid VARCHAR, implementer_id VARCHAR, state_code VARCHAR, suppliers VARCHAR, field VARCHAR,
  before VARCHAR, after VARCHAR
);
CREATE TABLE IF NOT EXISTS change_baseline_processes (
  ocid VARCHAR, implementer_id VARCHAR, state_code VARCHAR, source_id VARCHAR, superseded_by VARCHAR,
  method VARCHAR, tender_status VARCHAR, tender_value DOUBLE, award_value DOUBLE, contract_value DOUBLE,
  tender_end TIMESTAMP, award_date TIMESTAMP, date_signed TIMESTAMP, contract_end TIMESTAMP, suppliers VARCHAR
);
CREATE TABLE IF NOT EXISTS change_baseline_projects (
  project_id VARCHAR, implementer_id VARCHAR, state_code VARCHAR, source_id VARCHAR, status VARCHAR, budget DOUBLE,
  completion_final_value DOUBLE, period_end TIMESTAMP, completion_end_date TIMESTAMP
);

-- Tables written by the indicators' refresh: `flags` and `indicator_stats`, then peer stats and scores.
-- Every column is documented in definitions.csv beside this file; tests/test_metrics_schema.py checks both agree.

CREATE TABLE IF NOT EXISTS flags (
  indicator VARCHAR, subject_type VARCHAR, subject_id VARCHAR, ocid VARCHAR, value DOUBLE, flagged BOOLEAN,
  computable BOOLEAN, detail VARCHAR, outcome VARCHAR
);
CREATE TABLE IF NOT EXISTS indicator_stats (
  indicator VARCHAR, q1 DOUBLE, q3 DOUBLE, fence DOUBLE, n_subjects BIGINT, n_computable BIGINT,
  n_flagged BIGINT, settings JSON, computed_at TIMESTAMP, n_suspect BIGINT
);

CREATE TABLE IF NOT EXISTS indicator_peer_stats (
  indicator VARCHAR, peer_group VARCHAR, q1 DOUBLE, q3 DOUBLE, fence DOUBLE, n_peers BIGINT, skipped BOOLEAN,
  reason VARCHAR
);
CREATE TABLE IF NOT EXISTS process_scores (
  ocid VARCHAR, implementer_id VARCHAR, buyer_id VARCHAR, state_code VARCHAR, n_indicators BIGINT,
  n_computable BIGINT, n_flagged BIGINT, score DOUBLE, flagged_indicators VARCHAR[]
);
CREATE TABLE IF NOT EXISTS project_scores (
  project_id VARCHAR, implementer_id VARCHAR, state_code VARCHAR, n_processes BIGINT, n_indicators BIGINT,
  n_computable BIGINT, n_flagged BIGINT, score DOUBLE, flagged_indicators VARCHAR[]
);
CREATE TABLE IF NOT EXISTS buyer_scores (
  buyer_id VARCHAR, buyer_name VARCHAR, implementer_id VARCHAR, state_code VARCHAR, n_processes BIGINT,
  n_computable_processes BIGINT, n_flagged_processes BIGINT, flag_rate DOUBLE, mean_process_score DOUBLE,
  annual_spending_millions DOUBLE, spending_band VARCHAR, n_buyer_computable BIGINT, n_buyer_flagged BIGINT,
  buyer_flagged_indicators VARCHAR[]
);
CREATE TABLE IF NOT EXISTS implementer_scores (
  implementer_id VARCHAR, name VARCHAR, kind VARCHAR, state_code VARCHAR, n_processes BIGINT,
  n_computable_processes BIGINT, n_flagged_processes BIGINT, flag_rate DOUBLE, mean_process_score DOUBLE,
  n_projects BIGINT, n_computable_projects BIGINT, n_flagged_projects BIGINT, project_flag_rate DOUBLE,
  mean_project_score DOUBLE, annual_spending_millions DOUBLE, spending_band VARCHAR
);
CREATE TABLE IF NOT EXISTS state_scores (
  state_code VARCHAR, name VARCHAR, n_processes BIGINT, n_computable_processes BIGINT, n_flagged_processes BIGINT,
  flag_rate DOUBLE, mean_process_score DOUBLE, n_projects BIGINT, n_computable_projects BIGINT,
  n_flagged_projects BIGINT, project_flag_rate DOUBLE, mean_project_score DOUBLE, annual_spending_millions DOUBLE,
  spending_band VARCHAR
);

-- The quality_* tables: publication quality per implementer. Every column is documented in
-- definitions.csv beside this file; tests/test_quality_tables.py checks both agree.
-- implementer_id is NULL for processes and projects no implementer was resolved for.

CREATE TABLE IF NOT EXISTS quality_runs (
  computed_at TIMESTAMP, load_date DATE, part VARCHAR, status VARCHAR, seconds DOUBLE, detail VARCHAR
);
CREATE TABLE IF NOT EXISTS quality_scores (
  implementer_id VARCHAR, name VARCHAR, state_code VARCHAR, processes BIGINT, projects BIGINT,
  score DOUBLE, validity DOUBLE, completeness DOUBLE, coherence DOUBLE, timeliness DOUBLE, commitment DOUBLE,
  components_used VARCHAR[], rank INTEGER, computed_at TIMESTAMP, load_date DATE, as_of DATE,
  validation VARCHAR
);
CREATE TABLE IF NOT EXISTS quality_history (
  load_date DATE, computed_at TIMESTAMP, implementer_id VARCHAR, score DOUBLE, validity DOUBLE,
  completeness DOUBLE, coherence DOUBLE, timeliness DOUBLE, commitment DOUBLE, processes BIGINT, projects BIGINT,
  as_of DATE, validation VARCHAR
);
CREATE TABLE IF NOT EXISTS quality_stages (
  implementer_id VARCHAR, subject VARCHAR, stage VARCHAR, subjects BIGINT, with_stage BIGINT,
  completeness DOUBLE, fields INTEGER, committed BOOLEAN, scored DOUBLE
);
CREATE TABLE IF NOT EXISTS quality_fields (
  implementer_id VARCHAR, subject VARCHAR, stage VARCHAR, field VARCHAR, path VARCHAR, with_stage BIGINT,
  published BIGINT, share DOUBLE, committed BOOLEAN, discounted BIGINT, examples VARCHAR[]
);
CREATE TABLE IF NOT EXISTS quality_boilerplate (
  implementer_id VARCHAR, field VARCHAR, path VARCHAR, rule VARCHAR, value VARCHAR, subjects BIGINT,
  with_value BIGINT, share DOUBLE
);
CREATE TABLE IF NOT EXISTS quality_checks (
  implementer_id VARCHAR, check_id VARCHAR, subject VARCHAR, applicable BIGINT, failing BIGINT,
  fail_share DOUBLE, examples JSON
);
CREATE TABLE IF NOT EXISTS quality_validation (
  source_id VARCHAR, implementer_id VARCHAR, standard VARCHAR, item_kind VARCHAR, status VARCHAR,
  schema_origin VARCHAR, schema_fingerprint VARCHAR, items BIGINT, items_validated BIGINT, items_valid BIGINT,
  errors BIGINT,
  validated_at TIMESTAMP, values_checked BIGINT, values_invalid BIGINT
);
CREATE TABLE IF NOT EXISTS quality_schema_errors (
  source_id VARCHAR, implementer_id VARCHAR, standard VARCHAR, item_kind VARCHAR, validator VARCHAR,
  path VARCHAR, errors BIGINT, items BIGINT, examples JSON
);
CREATE TABLE IF NOT EXISTS quality_timeliness (
  implementer_id VARCHAR, event VARCHAR, events BIGINT, median_lag_days DOUBLE, p90_lag_days DOUBLE,
  threshold_days INTEGER, timely BIGINT, timely_share DOUBLE, before_event BIGINT, compiled_only BIGINT,
  examples JSON
);
CREATE TABLE IF NOT EXISTS quality_freshness (
  implementer_id VARCHAR, latest_release TIMESTAMP, latest_project_update TIMESTAMP, latest_update TIMESTAMP,
  as_of DATE, age_days INTEGER, frequency_days INTEGER, on_time BOOLEAN, freshness DOUBLE
);
CREATE TABLE IF NOT EXISTS quality_commitments (
  implementer_id VARCHAR, source VARCHAR, stages VARCHAR[], fields_committed INTEGER, frequency_days INTEGER,
  period_start DATE, period_end DATE, stages_published INTEGER, stages_share DOUBLE, fields_published INTEGER,
  fields_share DOUBLE, frequency_met BOOLEAN, period_quarters INTEGER, period_quarters_covered INTEGER,
  period_share DOUBLE, compliance DOUBLE, problems VARCHAR[], note VARCHAR
);
CREATE TABLE IF NOT EXISTS quality_indicators (
  implementer_id VARCHAR, indicator VARCHAR, name_es VARCHAR, name_en VARCHAR, level VARCHAR,
  required_fields VARCHAR[], subjects BIGINT, coverage DOUBLE, min_field_coverage DOUBLE,
  missing_fields VARCHAR[], by_fields VARCHAR, flag_subjects BIGINT, flag_computable BIGINT,
  flag_flagged BIGINT, meta_source VARCHAR
);

-- The DuckDB tables that are the contract between loaders, metrics and pages.
-- No PRIMARY KEY constraints: loads replace rows (delete + insert in one transaction), which DuckDB's
-- unique indexes reject; uniqueness is kept by the loader and checked by tests.
-- JSON documents (releases.json, processes.json, projects.json, parties.address...) are VARCHAR holding JSON text:
-- DuckDB's JSON type re-validates every document on insert, which tripled write time; the json_*
-- functions and ->> work on VARCHAR the same way. The big ones are stored with zstd: 7x smaller than
-- DuckDB's default string compression and about 3x faster to write.
-- Every column is documented in definitions.csv beside this file; tests/test_schema.py checks both agree.

CREATE TABLE IF NOT EXISTS sources (
  source_id VARCHAR, uri VARCHAR, sha256 VARCHAR, format VARCHAR, implementer_id VARCHAR,
  loaded_at TIMESTAMP, items_read BIGINT, items_loaded BIGINT, items_rejected BIGINT, is_demo BOOLEAN,
  encoding VARCHAR, bytes BIGINT, extensions VARCHAR[]
);
CREATE TABLE IF NOT EXISTS rejects (
  source_id VARCHAR, locator VARCHAR, reason VARCHAR, excerpt VARCHAR
);
CREATE TABLE IF NOT EXISTS corrections (
  source_id VARCHAR, ocid VARCHAR, project_id VARCHAR, field VARCHAR, old_value VARCHAR,
  new_value VARCHAR, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS releases (
  ocid VARCHAR, release_id VARCHAR, date TIMESTAMP, tags VARCHAR[], source_id VARCHAR, locator VARCHAR,
  json VARCHAR USING COMPRESSION zstd
);
CREATE TABLE IF NOT EXISTS processes (
  ocid VARCHAR, implementer_id VARCHAR, state_code VARCHAR, buyer_id VARCHAR, buyer_name VARCHAR,
  procuring_entity_id VARCHAR, procuring_entity_name VARCHAR, title VARCHAR, main_category VARCHAR,
  method VARCHAR, method_details VARCHAR, tender_id VARCHAR, tender_status VARCHAR, tender_value DOUBLE,
  currency VARCHAR, tender_start TIMESTAMP, tender_end TIMESTAMP, number_of_tenderers INTEGER,
  award_date TIMESTAMP, award_value DOUBLE, contract_value DOUBLE, date_signed TIMESTAMP,
  contract_start TIMESTAMP, contract_end TIMESTAMP, release_count INTEGER, last_release_date TIMESTAMP,
  source_id VARCHAR, json VARCHAR USING COMPRESSION zstd, superseded_by VARCHAR
  , state_rule VARCHAR,
  method_published VARCHAR, method_mx VARCHAR, method_scope VARCHAR, method_conflict BOOLEAN
);
CREATE TABLE IF NOT EXISTS parties (
  ocid VARCHAR, party_id VARCHAR, name VARCHAR, roles VARCHAR[], identifier VARCHAR, scheme VARCHAR,
  region VARCHAR, locality VARCHAR, address VARCHAR, contact VARCHAR, rfc VARCHAR
);
CREATE TABLE IF NOT EXISTS bids (
  ocid VARCHAR, bid_id VARCHAR, tenderer_ids VARCHAR[], value DOUBLE, currency VARCHAR, status VARCHAR,
  date TIMESTAMP
);
CREATE TABLE IF NOT EXISTS awards (
  ocid VARCHAR, award_id VARCHAR, status VARCHAR, date TIMESTAMP, value DOUBLE, currency VARCHAR,
  supplier_ids VARCHAR[], supplier_names VARCHAR[]
);
CREATE TABLE IF NOT EXISTS contracts (
  ocid VARCHAR, contract_id VARCHAR, award_id VARCHAR, status VARCHAR, date_signed TIMESTAMP,
  start_date TIMESTAMP, end_date TIMESTAMP, value DOUBLE, currency VARCHAR,
  original_value DOUBLE, original_end_date TIMESTAMP
);
CREATE TABLE IF NOT EXISTS amendments (
  ocid VARCHAR, contract_id VARCHAR, amendment_id VARCHAR, date TIMESTAMP, rationale VARCHAR,
  old_value DOUBLE, new_value DOUBLE, old_end_date TIMESTAMP, new_end_date TIMESTAMP, source VARCHAR
);
CREATE TABLE IF NOT EXISTS milestones (
  ocid VARCHAR, contract_id VARCHAR, milestone_id VARCHAR, title VARCHAR, type VARCHAR, status VARCHAR,
  due_date TIMESTAMP, date_met TIMESTAMP
);
CREATE TABLE IF NOT EXISTS transactions (
  ocid VARCHAR, contract_id VARCHAR, transaction_id VARCHAR, date TIMESTAMP, value DOUBLE, currency VARCHAR,
  payer_id VARCHAR, payee_id VARCHAR
);
CREATE TABLE IF NOT EXISTS projects (
  project_id VARCHAR, implementer_id VARCHAR, state_code VARCHAR, title VARCHAR,
  description VARCHAR, status VARCHAR, sector VARCHAR[], type VARCHAR, budget DOUBLE, currency VARCHAR,
  period_start TIMESTAMP, period_end TIMESTAMP, completion_end_date TIMESTAMP, completion_final_value DOUBLE,
  completion_final_scope VARCHAR, public_authority_id VARCHAR, public_authority_name VARCHAR,
  updated TIMESTAMP, source_id VARCHAR, json VARCHAR USING COMPRESSION zstd,
  raw_json VARCHAR USING COMPRESSION zstd
);
CREATE TABLE IF NOT EXISTS project_locations (
  project_id VARCHAR, location_index INTEGER, lon DOUBLE, lat DOUBLE, state_code VARCHAR,
  municipality_code VARCHAR, locality VARCHAR, region VARCHAR, geometry VARCHAR
);
CREATE TABLE IF NOT EXISTS project_processes (
  project_id VARCHAR, process_index INTEGER, process_ref VARCHAR, ocid VARCHAR, nature VARCHAR[],
  status VARCHAR, cost_estimate DOUBLE, number_of_tenderers INTEGER, contract_value DOUBLE,
  final_value DOUBLE, contract_start TIMESTAMP, contract_end TIMESTAMP, modifications VARCHAR
);
CREATE TABLE IF NOT EXISTS implementers (
  implementer_id VARCHAR, name VARCHAR, kind VARCHAR, state_code VARCHAR,
  municipality_code VARCHAR, ocid_prefixes VARCHAR[], project_prefixes VARCHAR[], buyer_patterns VARCHAR[]
  , in_pilot BOOLEAN
);
CREATE TABLE IF NOT EXISTS states (
  state_code VARCHAR, iso_code VARCHAR, name VARCHAR, centroid_lon DOUBLE, centroid_lat DOUBLE
);

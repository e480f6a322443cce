-- The dashboard's one search (obras/search_index.py writes it at every refresh; ui/queries_search.py reads it):
-- one row per searchable subject with its text already lower-cased and stripped of accents, so a search at a
-- million processes is a scan of plain ASCII-like text. Every column is documented in definitions.csv beside this file.

CREATE TABLE IF NOT EXISTS search_index (
  kind VARCHAR, id VARCHAR, label VARCHAR, detail VARCHAR, amount DOUBLE, text VARCHAR, words VARCHAR,
  ids VARCHAR, haystack VARCHAR
);

-- The suppliers' tables (obras/supplier_index.py writes them at every refresh; ui/queries_profiles.py reads
-- them): every award's suppliers under the key they are known by (RFC, else party id), one row per supplier,
-- one per supplier and buyer, and the supplier's indicator results counted per indicator and outcome.

CREATE TABLE IF NOT EXISTS supplier_awards (
  ocid VARCHAR, award_id VARCHAR, status VARCHAR, date TIMESTAMP, value DOUBLE, currency VARCHAR,
  party_id VARCHAR, name VARCHAR, identifier VARCHAR, rfc VARCHAR, supplier_key VARCHAR, buyer VARCHAR,
  buyer_name VARCHAR, has_process BOOLEAN, title VARCHAR, method VARCHAR, method_details VARCHAR,
  number_of_tenderers BIGINT
);

CREATE TABLE IF NOT EXISTS suppliers (
  supplier_key VARCHAR, name VARCHAR, wins BIGINT, amount DOUBLE, search_names VARCHAR[], search_ids VARCHAR[],
  top_name VARCHAR, names VARCHAR[], party_ids VARCHAR[], awards BIGINT, other_awards BIGINT, buyers BIGINT,
  first_award TIMESTAMP, last_award TIMESTAMP
);

CREATE TABLE IF NOT EXISTS supplier_buyers (
  supplier_key VARCHAR, buyer_id VARCHAR, buyer_name VARCHAR, wins BIGINT, buyer_processes BIGINT, amount DOUBLE,
  buyer_amount DOUBLE, share DOUBLE
);

CREATE TABLE IF NOT EXISTS supplier_flag_counts (
  supplier_key VARCHAR, indicator VARCHAR, outcome VARCHAR, results BIGINT
);

-- Where each subject's indicator results are in `flags` (obras/flag_index.py, build_flag_keys; read by
-- ui/queries_profiles.py): a number from the id, and the flags row id; the flags table the row ids belong to.

CREATE TABLE IF NOT EXISTS flag_keys (
  k UBIGINT, r BIGINT
);

CREATE TABLE IF NOT EXISTS flag_keys_state (
  flags_rows BIGINT
);

-- Banderas rojas' list (obras/flag_index.py, build_flag_list; read by ui/queries_explore.py): every flagged
-- result of a current process or of none, with its process's filter columns and amount.

CREATE TABLE IF NOT EXISTS flag_list_rows (
  r BIGINT, indicator VARCHAR, subject_type VARCHAR, subject_id VARCHAR, flag_ocid VARCHAR, value DOUBLE,
  party BOOLEAN, ocid VARCHAR, state_code VARCHAR, implementer_id VARCHAR, yr BIGINT, method VARCHAR,
  main_category VARCHAR, amt DOUBLE, detail VARCHAR, shown_title VARCHAR, shown_party VARCHAR,
  shown_state_code VARCHAR, shown_implementer_id VARCHAR, shown_date TIMESTAMP, party_amt DOUBLE
);

-- A party result's subject with each of its current processes (obras/flag_index.py, build_flag_list).

CREATE TABLE IF NOT EXISTS party_processes (
  subject_type VARCHAR, k VARCHAR, ocid VARCHAR, state_code VARCHAR, implementer_id VARCHAR, yr BIGINT,
  method VARCHAR, main_category VARCHAR, amt DOUBLE
);

-- Comparar's figures per process and per contract (obras/process_facts.py; read by ui/queries_explore.py).

CREATE TABLE IF NOT EXISTS process_facts (
  ocid VARCHAR, state_code VARCHAR, implementer_id VARCHAR, yr BIGINT, method VARCHAR, main_category VARCHAR,
  amt DOUBLE, number_of_tenderers INTEGER, tender_days BIGINT, decision_days BIGINT, scored BOOLEAN,
  flagged BOOLEAN, computable BOOLEAN
);
CREATE TABLE IF NOT EXISTS contract_facts (
  ocid VARCHAR, state_code VARCHAR, implementer_id VARCHAR, yr BIGINT, method VARCHAR, main_category VARCHAR,
  price_change DOUBLE, end_change_days BIGINT
);
CREATE TABLE IF NOT EXISTS process_facts_state (
  processes_rows BIGINT, loaded_at TIMESTAMP, scored BOOLEAN, flags_rows BIGINT
);

-- Where each process's rows are in the tables Proceso reads (obras/process_keys.py; read by ui/queries_profiles.py).

CREATE TABLE IF NOT EXISTS process_keys (
  t VARCHAR, k UBIGINT, r BIGINT
);
CREATE TABLE IF NOT EXISTS process_keys_state (
  t VARCHAR, table_rows BIGINT, loaded_at TIMESTAMP
);

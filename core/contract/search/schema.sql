-- The dashboard's one search (obras/search_index.py writes it at every refresh; ui/queries_search.py reads it):
-- one row per searchable subject with its text already lower-cased and stripped of accents, so a search at a
-- million processes is a scan of plain ASCII-like text. Every column is documented in definitions.csv beside this file.

CREATE TABLE IF NOT EXISTS search_index (
  kind VARCHAR, id VARCHAR, label VARCHAR, detail VARCHAR, amount DOUBLE, text VARCHAR, words VARCHAR,
  ids VARCHAR, haystack VARCHAR
);

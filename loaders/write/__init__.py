"""Writing: rows -> DuckDB in Arrow batches (batches), and from load workers to the loading process
through spool files (spool). Staging and the atomic swap are core.database's."""

"""The bottom layer every other package builds on: settings from the environment and the DuckDB table
contract. It imports nothing of the project."""

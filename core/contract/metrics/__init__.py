"""The metrics's tables: schema.sql and definitions.csv (package data)."""

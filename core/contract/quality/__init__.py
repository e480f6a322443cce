"""The quality's tables: schema.sql and definitions.csv (package data)."""

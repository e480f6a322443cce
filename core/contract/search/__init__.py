"""The search's table: schema.sql and definitions.csv (package data)."""

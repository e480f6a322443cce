"""The loaders's tables: schema.sql and definitions.csv (package data)."""

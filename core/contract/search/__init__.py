"""The search's tables (search_index; supplier_awards and suppliers): schema.sql and definitions.csv (package data)."""

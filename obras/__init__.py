"""Obras Abiertas: command line and settings."""

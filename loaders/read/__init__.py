"""Reading: inputs (files, folders, archives, URLs) -> a stream of items and rejects, streaming.

inputs (what to read) -> scan (size, sha256, encoding, depth) -> encoding -> leaf / archive
-> parse / split (JSON text) -> unpack (releases, records, projects) -> items. detect says what a
JSON value is; fetch downloads safely; limits holds every threshold.
"""

"""Compiling and normalising: items -> one compiled, normalised release per ocid and one project per id
-> rows of the contract tables.

merge (OCDS merge rules) -> normalise (codes, amounts, dates, text, geo; each change a correction)
-> registries (implementer and state) -> link (projects to processes) -> flatten (rows). rows and
source_rows run these for one input, in a worker process or in the loading process.
"""

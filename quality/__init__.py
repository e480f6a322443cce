"""Publication quality per implementer: what each publishes against its Publication Commitment, how
complete, valid, coherent and timely it is, and how that changes from load to load.

    from quality.compute import refresh
    refresh(con)            # recompute the quality_* tables and append to quality_history

The tables are documented in core/contract/quality/definitions.csv; the field lists in quality/fields.csv; the score's
weights in quality/score.py.
"""

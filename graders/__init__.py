"""Grading: the rubric as data, gates, indicators, scores, tiers, awards and the award ledger.

Entry point: `graders.grade.grade_submission`, given the ledger entries (`graders.ledger`
holds their rows and hash chain; the DuckDB table is `pipelines.ledger.Ledger`).
"""

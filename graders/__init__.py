"""Grading: the rubric as data, gates, indicators, scores, tiers, awards and the award ledger.

Entry point: `graders.grade.grade_submission`; the ledger lives in `graders.ledger.Ledger`.
"""

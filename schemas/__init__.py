"""Pydantic models and table contracts shared by every stage: manifest, records, documentation."""

"""Dagster definitions of corpusgrade: assets, checks, sensors and resources, one module each."""

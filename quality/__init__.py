"""Pure quality stages on Polars tables: normalisation, units, language ID, PII, signals, filters.

No file or network I/O, no clock, no Dagster: DataFrame in, DataFrame out (see docs/design.md).
"""

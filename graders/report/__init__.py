"""Grading reports: canonical report.json with a digest, bilingual HTML, Markdown.

Pure rendering: sections in, text out. File I/O (hashing inputs, writing files) lives in
`pipelines/provenance.py` and `pipelines/defs/report.py`.
"""

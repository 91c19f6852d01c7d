"""The human audit: the audit sample, gold items, simulated annotators and sample rates."""

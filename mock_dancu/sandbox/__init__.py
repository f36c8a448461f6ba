"""Sandbox endpoints: browse the synthetic population (no credentials; synthetic data only)."""

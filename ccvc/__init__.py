"""Shared core of the CCVC sync sandbox: settings, clock, database, errors, code lists, CLI."""

__version__ = "0.1.0"

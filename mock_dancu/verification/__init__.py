"""Batch identity verification (service code `XacThucCongDan`): a yes/no answer per field."""

"""Lookup of supplementary citizen fields (service code `TraCuuCongDan`), for the gateway's
reconciliation ("đối khớp, bổ sung")."""

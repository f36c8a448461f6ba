"""Documented test personas: citizens chosen so that a record built from them triggers one
verification outcome each (exact match, Unicode and spelling variants, mismatches, deceased,
not in the population, under 18, CMND only, past retirement age)."""

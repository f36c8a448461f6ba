"""The message log: one row per r1 service exchange, metadata and SHA-512 hashes only."""

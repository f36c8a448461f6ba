"""Limits of the template channel (each refusal names its limit)."""

from __future__ import annotations

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""Largest accepted upload (CSV or XLSX), in bytes."""

DEFAULT_MAX_ROWS = 5000
"""Default largest number of data rows (non-blank rows after the header)."""

MAX_COLUMNS = 100
"""Largest number of columns; a value beyond column 100 refuses the file."""

MAX_SCANNED_ROWS = 100_000
"""Largest row number read, blank rows included (stray formatting far below the data)."""

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""Largest sum of the uncompressed sizes of an XLSX file's zip members."""

MAX_COMPRESSION_RATIO = 100
"""Largest uncompressed:compressed ratio of an XLSX file (and of each large member)."""

RATIO_CHECK_FLOOR = 1024 * 1024
"""Members (and files) smaller than this uncompressed are not held to the ratio: no bomb."""

MAX_ZIP_MEMBERS = 1000
"""Largest number of members in an XLSX file's zip archive."""

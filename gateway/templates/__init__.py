"""Template channel ("Cổng cập nhật hồ sơ", cohort 70 phase I): the downloadable staff-data
template (CSV and XLSX) and the parsing of uploaded files into records and row errors.

Pure functions: no database, no HTTP. The upload endpoint calls `parse_upload` and sends
`ParsedUpload.records` down the same pipeline as API records (partial acceptance).
"""

from gateway.templates.columns import (
    MINIMUM_FIELDS,
    TemplateColumn,
    match_header,
    template_columns,
    template_headers,
)
from gateway.templates.limits import (
    DEFAULT_MAX_ROWS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
)
from gateway.templates.parse import ParsedRow, ParsedUpload, RowError, parse_upload
from gateway.templates.render import (
    CSV_MEDIA_TYPE,
    INSTRUCTIONS_EN,
    INSTRUCTIONS_VI,
    XLSX_MEDIA_TYPE,
    render_csv_template,
    render_row_errors_csv,
    render_xlsx_template,
)

__all__ = [
    "CSV_MEDIA_TYPE",
    "DEFAULT_MAX_ROWS",
    "INSTRUCTIONS_EN",
    "INSTRUCTIONS_VI",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MINIMUM_FIELDS",
    "XLSX_MEDIA_TYPE",
    "ParsedRow",
    "ParsedUpload",
    "RowError",
    "TemplateColumn",
    "match_header",
    "parse_upload",
    "render_csv_template",
    "render_row_errors_csv",
    "render_xlsx_template",
    "template_columns",
    "template_headers",
]

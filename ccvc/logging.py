"""Structured JSON logs (structlog). Nothing personal goes in: log ids, route templates,
statuses and durations, never bodies, query values or names.

`CCVC_LOG_COPY=<path>` also appends every line to that file (any process that inherits the
variable: the test suite collects its servers' and workers' lines in one file and scans it)."""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any, TextIO

import structlog


class _CopyingLogger:
    """Prints a rendered line to `stream` and appends it to `path`."""

    _lock = threading.Lock()

    def __init__(self, stream: TextIO, path: str) -> None:
        self._stream, self._path = stream, path

    def msg(self, message: str) -> None:
        print(message, file=self._stream, flush=True)
        with self._lock, open(self._path, "a", encoding="utf-8") as copy:
            copy.write(message + "\n")

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


def _logger_factory(stream: TextIO) -> Any:
    path = os.environ.get("CCVC_LOG_COPY")
    if not path:
        return structlog.PrintLoggerFactory(file=stream)
    return lambda *_args: _CopyingLogger(stream, path)


def configure_logging(
    level: str = "INFO", *, json: bool = True, stream: TextIO | None = None
) -> None:
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=_logger_factory(stream or sys.stderr),
        cache_logger_on_first_use=True,
    )

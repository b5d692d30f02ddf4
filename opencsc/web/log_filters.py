"""Logging filters: a refusal (403) is an expected event, logged as one line, not as a stack trace."""

import logging


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None  # the audit log already holds who was refused what, and why
            record.exc_text = None
        return True

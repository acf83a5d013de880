"""Structured logs without personal data: ID numbers and phone numbers are redacted."""

import json
import logging
import re

_ID = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def redact(text: str) -> str:
    return _PHONE.sub(r"\1****\2", _ID.sub(r"\1********\2", text))


class RedactFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        payload = {"time": self.formatTime(record), "level": record.levelname,
                   "logger": record.name, "message": redact(record.getMessage())}
        if record.exc_info:
            payload["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)

"""Structured logs without personal data: ID numbers and phone numbers are redacted."""

import json
import logging
import re

from gunicorn.glogging import Logger as GunicornBaseLogger

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


def _without_query(url: str) -> str:
    path, sep, _query = url.partition("?")
    return f"{path}?…" if sep else url


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's logger without citizens' data: an access line keeps the path but not
    the query string (searches carry names, phone and ID numbers, also in the
    Referer), and every access and error line is redacted like the app's."""

    _URL_ATOMS = ("f", "{referer}i", "{raw_uri}e", "{request_uri}e")

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        query = "…" if environ.get("QUERY_STRING") else ""
        atoms["r"] = "{} {} {}".format(environ["REQUEST_METHOD"],
                                       _without_query(environ.get("RAW_URI", "")),
                                       environ["SERVER_PROTOCOL"])
        atoms["q"] = atoms["{query_string}e"] = query
        for key in self._URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = _without_query(atoms[key])
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}

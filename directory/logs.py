"""Structured logs without personal data: one JSON object per line.

`init_app` adds a request log line (method, path, status, duration) for every
request, and -- outside tests -- one JSON-lines handler on the root logger,
which the app's loggers (`directory`, `directory.*`) and the servers' propagate to. Every
line passes privacy.RedactingFilter (e-mail addresses, phone numbers and the
update round's secret links masked), and query strings keep only the values
of parameters that cannot hold personal data; free text (a search, an
address) is replaced by its length.

Settings: DIRECTORY_LOG_LEVEL (INFO), DIRECTORY_LOG_FORMAT ("json", or "text"
for plain lines when reading a terminal).
"""

import json
import logging
import sys
import time
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from flask import g, request
from flask.logging import default_handler

from . import privacy

REQUEST_LOGGER = "directory.requests"
# Query parameters whose values are codes, numbers or slugs, never personal data.
SAFE_PARAMETERS = frozenset({
    "kategori", "maalgruppe", "dag", "alder", "omraade", "side", "efter", "radius", "visning",
    "category", "target", "weekday", "age", "area", "page", "per_page", "format", "variant",
})  # fmt: skip
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "taskName",
}  # fmt: skip


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", ...extra fields, "exception"} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = privacy.redact(record.exc_text)
        return json.dumps(entry, ensure_ascii=False, default=str)


def scrub_query(query_string: str) -> str:
    """'q=Anna+Holm&dag=tirsdag' -> 'q=[9 tegn]&dag=tirsdag': free text leaves only its length."""
    pairs = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        name = name[:40]
        if name in SAFE_PARAMETERS and len(value) <= 40:
            pairs.append(f"{name}={privacy.redact(value)}")
        else:
            pairs.append(f"{name}=[{len(value)} tegn]")
    return "&".join(pairs)


def request_fields(status: int, duration: float) -> dict:
    """What a request line records; the path is masked (secret links) by the filter."""
    fields = {
        "method": request.method,
        "path": privacy.redact(request.path),
        "status": status,
        "duration_ms": round(duration * 1000, 1),
    }
    if request.query_string:
        fields["query"] = scrub_query(request.query_string.decode("latin-1"))
    return fields


def _start_timer():
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.get("request_started")
    if started is not None:
        fields = request_fields(response.status_code, time.perf_counter() - started)
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        logging.getLogger(REQUEST_LOGGER).log(
            level, "%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields
        )
    return response


def make_handler(fmt: str = "json") -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "text":
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        handler.setFormatter(JsonFormatter())
    handler.addFilter(privacy.RedactingFilter())
    handler.set_name("directory.logs")
    return handler


def configure(app):
    """One structured handler on the root logger, so the app's lines and the server's
    (waitress, gunicorn) come out alike; idempotent, since apps share the loggers."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.StreamHandler and handler.get_name() != "directory.logs":
            # a basicConfig() handler: its plain lines would double ours
            root.removeHandler(handler)
    if not any(h.get_name() == "directory.logs" for h in root.handlers):
        root.addHandler(make_handler(app.config.get("LOG_FORMAT", "json")))
    logger = logging.getLogger(app.name)
    logger.removeHandler(default_handler)  # Flask's plain stderr handler: lines would double
    logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())


def init_app(app):
    privacy.install_log_redaction(logging.getLogger(REQUEST_LOGGER))
    app.before_request(_start_timer)
    app.after_request(_log_request)
    if not app.testing:
        configure(app)

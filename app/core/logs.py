"""One JSON object per log line, with the request's path and user when there is one."""
import json
import logging
from datetime import UTC, datetime

from flask import has_request_context, request


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if has_request_context():
            entry |= {"method": request.method, "path": request.path,
                      "remote": request.remote_addr}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)

"""Run Ralph's LRS API (the real `ralph.api` app) on 127.0.0.1:PORT with its filesystem
backend, for the LRS tests: `python ralph_server.py PORT` (settings come from RALPH_* env).

Why not `ralph runserver`: Ralph's filesystem backend (meant for development) writes with
its default CREATE mode, so the second POST to a running server fails with HTTP 500
("Statements bulk indexation failed"; seen with ralph-malph 4.2 – 5.1). Here it appends,
as its other backends (Elasticsearch, MongoDB, ClickHouse) effectively do. Everything
else — authentication, validation, duplicate-id handling, paging — is Ralph's own.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the backend's write mode is set)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")

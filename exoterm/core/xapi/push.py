"""`exoterm lrs push`: send the outbox in batches, oldest first, retrying with backoff.

A batch is marked sent only after the LRS accepted it; statement ids are fixed, so a batch
sent again after a failure (or a crash between sending and marking) makes no duplicates.
Nothing is lost offline: what could not be sent stays in the outbox for the next push.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exoterm.core.srs.clock import to_ms
from exoterm.core.store import Store
from exoterm.core.store.outbox import OutboxRow, mark_sent, pending, status
from exoterm.core.xapi.client import LrsClient, LrsError
from exoterm.core.xapi.setting import LrsSetting
from exoterm.core.xapi.statements import EXT_SEQUENCE, Identity, statement_id, voiding

BATCH = 200
RETRIES = 4  # attempts per batch before giving up for now
BACKOFF_S = 0.5  # first wait; doubled after each failed attempt


@dataclass(frozen=True, slots=True)
class PushReport:
    sent: int
    left: int  # still in the outbox (0 unless `error`)
    error: str | None = None


def statement(row: OutboxRow, setting: LrsSetting) -> dict[str, Any]:
    """The statement an outbox row stands for, with its id."""
    if row.verb == "voided" or row.body is None:
        identity = Identity(row.learner, setting.home_page, setting.activity_base, setting.name)
        return voiding(identity, row.revlog_id, row.created_ms)
    body: dict[str, Any] = json.loads(row.body)
    body.setdefault("context", {}).setdefault("extensions", {})[EXT_SEQUENCE] = row.revlog_id
    return {"id": statement_id(row.learner, row.revlog_id), **body}


def push(store: Store, client: LrsClient, setting: LrsSetting, *, batch: int = BATCH,
         retries: int = RETRIES, sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """Send everything pending; stops at the first batch that fails `retries` times."""
    sent = 0
    while rows := pending(store, batch):
        for attempt in range(retries):
            try:
                client.send([statement(row, setting) for row in rows])
                break
            except LrsError as err:
                if not err.retry or attempt == retries - 1:
                    return PushReport(sent, status(store).pending, str(err))
                sleep(BACKOFF_S * 2 ** attempt)
        mark_sent(store, [row.id for row in rows], to_ms(store.now()))
        sent += len(rows)
    return PushReport(sent, 0)


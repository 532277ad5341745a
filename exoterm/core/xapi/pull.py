"""Answers read back from an LRS for `exoterm analyze --lrs`: the `answered` statements
exoterm made (recognised by their activity IRIs), minus voided ones, as the same
`Response` records results files give, in answer order."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from exoterm.core.analysis import Response
from exoterm.core.results import choice_ids
from exoterm.core.xapi.client import LrsClient
from exoterm.core.xapi.statements import (
    ANSWERED,
    EXT_RATING,
    EXT_RESPONSE,
    EXT_SEQUENCE,
    VOIDED,
    Identity,
    content_id_of,
    split_id,
)


def _choices(result: dict[str, Any]) -> tuple[str, ...]:
    """The options picked, read as from a results file (the stored response is carried)."""
    extensions = result.get("extensions")
    stored = extensions.get(EXT_RESPONSE) if isinstance(extensions, dict) else None
    return choice_ids(stored) if isinstance(stored, str) else ()


def _sequence(statement: dict[str, Any]) -> int:
    extensions = (statement.get("context") or {}).get("extensions") or {}
    number = extensions.get(EXT_SEQUENCE) if isinstance(extensions, dict) else None
    return number if isinstance(number, int) else 0


def _response(statement: dict[str, Any], base: Identity) -> tuple[str, Response] | None:
    """(timestamp, response) of one of exoterm's item statements, else None."""
    try:
        learner = statement["actor"]["account"]["name"]
        found = content_id_of(base, statement["object"]["id"])
        result = statement.get("result") or {}
        timestamp = str(statement.get("timestamp") or "")
    except (KeyError, TypeError):
        return None
    if not isinstance(learner, str) or found is None or found[0] != "item" or not isinstance(result, dict):
        return None
    success = result.get("success")
    if not isinstance(success, bool):
        extensions = (statement.get("context") or {}).get("extensions") or {}
        rating = extensions.get(EXT_RATING) if isinstance(extensions, dict) else None
        if not isinstance(rating, int):
            return None
        success = rating > 1
    return timestamp, Response(learner, found[1], success, _choices(result))


def _instant(timestamp: str) -> datetime:
    try:
        when = datetime.fromisoformat(timestamp)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def answers(client: LrsClient, activity_base: str, *, deck: str | None = None,
            since: datetime | None = None) -> list[Response]:
    """Every learner's answers to exoterm items in the LRS (optionally one deck's, since a time)."""
    base = Identity("", activity_base=activity_base)
    # The verb is filtered here, not by a `verb` parameter: not every LRS applies it
    # (Ralph 5.1's filesystem backend matches nothing with it).
    query = {"limit": "500"}
    if since is not None:
        query["since"] = since.isoformat()
    voided: set[object] = set()
    found: list[tuple[str, int, str, Response]] = []
    for statement in client.statements(query):
        verb = statement.get("verb")
        verb_id = verb.get("id") if isinstance(verb, dict) else None
        if verb_id == VOIDED:
            target = statement.get("object")
            voided.add(target.get("id") if isinstance(target, dict) else None)
            continue
        if verb_id != ANSWERED:
            continue
        got = _response(statement, base)
        if got is None or (deck is not None and split_id(got[1].item)[0] != deck):
            continue
        found.append((got[0], _sequence(statement), str(statement.get("id")), got[1]))
    found = [f for f in found if f[2] not in voided]
    found.sort(key=lambda t: (_instant(t[0]), t[1]))
    return [t[3] for t in found]

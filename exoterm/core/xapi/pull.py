"""Answers read back from an LRS for `exoterm analyze --lrs`: the `answered` statements
exoterm made (recognised by their activity IRIs), minus voided ones, as the same
`Results` that results files give — each statement carries the response as exoterm
stores it and the item's description (type, options, key), so the report is the same."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from exoterm.core.analysis import ItemInfo, Response
from exoterm.core.results import Results, ResultsFile, combine, item_info_from, response_for
from exoterm.core.xapi.client import LrsClient
from exoterm.core.xapi.statements import (
    ANSWERED,
    EXT_ITEM,
    EXT_RATING,
    EXT_RESPONSE,
    EXT_SEQUENCE,
    VOIDED,
    Identity,
    content_id_of,
    split_id,
)
from exoterm.errors import ExotermError


def _extension(mapping: object, key: str) -> object:
    extensions = mapping.get("extensions") if isinstance(mapping, dict) else None
    return extensions.get(key) if isinstance(extensions, dict) else None


def _instant(timestamp: object) -> datetime:
    try:
        when = datetime.fromisoformat(str(timestamp))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


class _Answer:
    """One of exoterm's item statements, read defensively (anything else → `None` fields)."""

    def __init__(self, statement: dict[str, Any], base: Identity) -> None:
        self.ok = False
        try:
            learner = statement["actor"]["account"]["name"]
            found = content_id_of(base, statement["object"]["id"])
            definition = statement["object"].get("definition")
            result = statement.get("result") or {}
        except (KeyError, TypeError, AttributeError):
            return
        if not isinstance(learner, str) or found is None or found[0] != "item" \
                or not isinstance(result, dict):
            return
        success = result.get("success")
        if not isinstance(success, bool):
            rating = _extension(statement.get("context"), EXT_RATING)
            if not isinstance(rating, int):
                return
            success = rating > 1
        stored = _extension(result, EXT_RESPONSE)
        described = _extension(definition, EXT_ITEM)
        self.learner, self.item, self.correct = learner, found[1], success
        self.stored = stored if isinstance(stored, str) else ""
        self.described = described if isinstance(described, dict) else None
        self.when = _instant(statement.get("timestamp"))
        sequence = _extension(statement.get("context"), EXT_SEQUENCE)
        self.sequence = sequence if isinstance(sequence, int) else 0
        self.id = str(statement.get("id"))
        self.ok = True


def answers(client: LrsClient, activity_base: str, *, deck: str | None = None,
            since: datetime | None = None) -> Results:
    """Every learner's answers to exoterm items in the LRS (optionally one deck's, since a time)."""
    base = Identity("", activity_base=activity_base)
    # The verb is filtered here, not by a `verb` parameter: not every LRS applies it
    # (Ralph 5.1's filesystem backend matches nothing with it).
    query = {"limit": "500"}
    if since is not None:
        query["since"] = since.isoformat()
    voided: set[object] = set()
    found: list[_Answer] = []
    for statement in client.statements(query):
        verb = statement.get("verb")
        verb_id = verb.get("id") if isinstance(verb, dict) else None
        if verb_id == VOIDED:
            target = statement.get("object")
            voided.add(target.get("id") if isinstance(target, dict) else None)
        elif verb_id == ANSWERED:
            answer = _Answer(statement, base)
            if answer.ok and (deck is None or split_id(answer.item)[0] == deck):
                found.append(answer)
    found = sorted((a for a in found if a.id not in voided), key=lambda a: (a.when, a.sequence))
    items: dict[str, ItemInfo] = {}
    responses: list[Response] = []
    for a in found:
        if a.described is not None and a.item not in items:
            try:
                items[a.item] = item_info_from(a.described, f"{client.url} statement {a.id}")
            except ExotermError:
                pass  # described oddly: the deck studied here describes it, if it can
        answered_at = a.when.astimezone(timezone.utc).isoformat(timespec="seconds")
        responses.append(response_for(a.learner, a.item, a.correct, a.stored, answered_at,
                                      client.url, items.get(a.item)))
    return combine([ResultsFile(Path(client.url), responses, items)])

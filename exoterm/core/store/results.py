"""Queries behind `exoterm results`: the learner's answers to quiz items, this profile's
random learner id, and the salt that makes their pseudonym stable on this computer."""

from __future__ import annotations

import secrets
from typing import NamedTuple

from exoterm.core.store import keyvalue
from exoterm.core.store.database import Database
from exoterm.core.store.sanity import SOUND_REVIEW_SQL

SALT_KEY = "results_salt"
LEARNER_KEY = "learner_id"


class ItemAnswer(NamedTuple):
    """One rated answer to a quiz item, from the review log."""

    card_id: str  # "item:<item id>"
    reviewed_ms: int
    rating: int
    response: str | None  # choice ids or typed text; None before schema 2
    correct: bool | None  # None when self-graded or logged before schema 2
    duration_ms: int


def item_answers(db: Database) -> list[ItemAnswer]:
    """Every rated answer to a quiz item, in answer order (one snapshot)."""
    with db.read() as conn:
        rows = conn.execute(
            "SELECT card_id, reviewed_ms, rating, response, correct, duration_ms FROM revlog "
            f"WHERE card_id LIKE 'item:%' AND rating > 0 AND {SOUND_REVIEW_SQL} ORDER BY id"
        ).fetchall()
    return [ItemAnswer(card, ms, rating, response, None if correct is None else bool(correct),
                       duration) for card, ms, rating, response, correct, duration in rows]


def pseudonym_salt(db: Database) -> str:
    """This database's random salt for pseudonyms, made and stored on first use."""
    with db.write() as conn:
        salt = keyvalue.meta(conn, SALT_KEY)
        if salt is None:
            salt = secrets.token_hex(16)
            keyvalue.set_meta(conn, SALT_KEY, salt)
    return salt


def learner_id(db: Database) -> str:
    """This profile's learner id (`learner-` and 12 random hex digits): made on first use,
    then the same for good, so a trainer counts each learner once however often they export."""
    with db.lock:
        value = keyvalue.meta(db.conn, LEARNER_KEY)
    if value is not None:
        return value
    with db.write() as conn:
        value = keyvalue.meta(conn, LEARNER_KEY)
        if value is None:
            value = f"learner-{secrets.token_hex(6)}"
            keyvalue.set_meta(conn, LEARNER_KEY, value)
    return value

"""xAPI statements for answers: what a learning record store receives for one answer.

Pure and deterministic. An answer to a quiz item becomes an `answered` statement whose
object is the item as a `cmi.interaction` activity (choices, correct-response pattern)
and whose result holds the learner's response in xAPI's response format; an undone answer
becomes a `voided` statement pointing at it. Statement ids are UUIDv5 of (learner id,
review-log id), so sending a statement twice never makes two records in the LRS.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from exoterm.core.content.models import Bilingual

if TYPE_CHECKING:  # a type only: the quiz package imports this module's users
    from exoterm.core.quiz.questions import Question

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE = "http://adlnet.gov/expapi/activities/course"
# exoterm's own extension IRIs (identifiers, never fetched)
EXT_RATING = "https://exoterm.invalid/xapi/extensions/fsrs-rating"
EXT_CARD = "https://exoterm.invalid/xapi/extensions/card-id"
EXT_RESPONSE = "https://exoterm.invalid/xapi/extensions/response"  # as exoterm stores it
EXT_ITEM = "https://exoterm.invalid/xapi/extensions/item"  # type, options, key (as results files)
EXT_SEQUENCE = "https://exoterm.invalid/xapi/extensions/answer-number"  # order within a ms
DEFAULT_HOME_PAGE = "https://exoterm.invalid"
DEFAULT_ACTIVITY_BASE = "https://exoterm.invalid/activities/"
_NAMESPACE = uuid.UUID("5b0f3d7e-4c1a-5e8a-9a3e-6f2d1c0b9e71")  # exoterm's UUIDv5 namespace
_INTERACTION_TYPES = {"single": "choice", "multi": "choice", "truefalse": "true-false",
                      "typed": "fill-in", "cloze": "fill-in", "matching": "matching",
                      "numeric": "numeric", "flashcard": "other"}
_LANG_TAGS = (("ja", "ja-JP"), ("en", "en-US"))


@dataclass(frozen=True, slots=True)
class Identity:
    """Who answers and how activities are named: the learner's pseudonymous account
    (`home_page` + `learner`, a random id) and the IRI every deck's activities start with."""

    learner: str
    home_page: str = DEFAULT_HOME_PAGE
    activity_base: str = DEFAULT_ACTIVITY_BASE
    name: str | None = None  # a real name, only when the learner configured one


def statement_id(learner: str, answer: str | int) -> str:
    """The id of the statement for an answer: `answer` is its event id (the same on every
    device that has it), or its review-log id in a database from before event ids."""
    return str(uuid.uuid5(_NAMESPACE, f"{learner}/{answer}"))


def voiding_id(learner: str, answer: str | int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{learner}/voided/{answer}"))


def activity_iri(identity: Identity, deck: str, local: str, kind: str = "item") -> str:
    """`<base><deck id>/<kind>/<id in the deck>`: the same however the deck was loaded."""
    return f"{identity.activity_base}{deck}/{kind}/{local}"


def deck_iri(identity: Identity, deck: str) -> str:
    return f"{identity.activity_base}{deck}"


def actor(identity: Identity) -> dict[str, Any]:
    agent: dict[str, Any] = {"objectType": "Agent",
                             "account": {"homePage": identity.home_page, "name": identity.learner}}
    if identity.name:
        agent["name"] = identity.name
    return agent


def language_map(text: Bilingual | str) -> dict[str, str]:
    if isinstance(text, str):
        return {"und": text}
    return {tag: value for lang, tag in _LANG_TAGS if (value := getattr(text, lang))}


def _components(ids_texts: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"id": cid, "description": {"und": text}} for cid, text in ids_texts]


def _pattern(question: Question) -> list[str]:
    key = question.key
    if question.kind in ("single", "multi"):
        return ["[,]".join(sorted(key.choice_ids))]
    if question.kind == "truefalse":
        return ["[,]".join(sorted(key.choice_ids))] if key.choice_ids else []
    if question.kind == "matching":
        return ["[,]".join(f"{left}[.]{right}" for left, right in sorted(key.pairs))]
    if question.kind in ("typed", "cloze") and key.texts and all(key.texts):
        return ["{case_matters=false}" + "[,]".join(alts[0] for alts in key.texts)]
    return []


def response_text(question: Question, stored: str) -> str:
    """A stored response (see `quiz.judge.stored_response`) in xAPI's response format."""
    if stored == "?":
        return ""
    if question.kind == "multi":
        return "[,]".join(stored.split())
    if question.kind == "matching":
        return "[,]".join(pair.replace("=", "[.]", 1) for pair in stored.split())
    if question.kind == "cloze" and question.blanks > 1:
        normal = stored.replace("｜", "|").replace("／", "/")
        return "[,]".join(p.strip() for p in normal.split("|" if "|" in normal else "/"))
    return stored


def definition(question: Question, name: Bilingual | str) -> dict[str, Any]:
    """The question as a `cmi.interaction` activity definition."""
    out: dict[str, Any] = {"type": INTERACTION, "name": language_map(name),
                           "interactionType": _INTERACTION_TYPES.get(question.kind, "other")}
    pattern = _pattern(question)
    if pattern:
        out["correctResponsesPattern"] = pattern
    if question.kind in ("single", "multi"):
        out["choices"] = _components((o.id, o.text) for o in question.options)
    elif question.kind == "matching":
        out["source"] = _components((o.id, o.text) for o in question.options)
        out["target"] = _components((o.id, o.text) for o in question.targets)
    return out


def iso_duration(ms: int) -> str:
    return f"PT{max(0, ms) / 1000:.2f}S"


def iso_time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class Answer:
    """What one recorded answer contributes to its statement."""

    question: Question
    name: Bilingual | str  # the question's name in the languages the content has
    described: dict[str, Any] | None  # the item's type, options and key (item analysis)
    response: str  # as stored in the review log
    correct: bool | None  # None: self-graded
    rating: int
    duration_ms: int
    answered_ms: int
    registration: str  # the study session's UUID
    deck: str  # the deck's id and the entry's id inside it (see content.decks.owner)
    local: str


def answered(identity: Identity, answer: Answer) -> dict[str, Any]:
    """The `answered` statement without its `id` (derived from the review-log id on sending)."""
    question = answer.question
    card = question.card_id
    kind = card.partition(":")[0]
    deck, local = answer.deck, answer.local
    result: dict[str, Any] = {"response": response_text(question, answer.response),
                              "duration": iso_duration(answer.duration_ms),
                              "extensions": {EXT_RESPONSE: answer.response}}
    if answer.correct is not None:
        result["success"] = answer.correct
    described = definition(question, answer.name)
    if answer.described is not None:
        described["extensions"] = {EXT_ITEM: answer.described}
    return {
        "actor": actor(identity),
        "verb": {"id": ANSWERED, "display": {"en-US": "answered", "ja-JP": "回答した"}},
        "object": {"objectType": "Activity", "id": activity_iri(identity, deck, local, kind),
                   "definition": described},
        "result": result,
        "context": {
            "registration": answer.registration,
            "platform": "exoterm",
            "language": "ja-JP" if question.lang == "ja" else "en-US",
            "contextActivities": {"parent": [{"objectType": "Activity", "id": deck_iri(identity, deck),
                                              "definition": {"type": COURSE}}]},
            "extensions": {EXT_RATING: answer.rating, EXT_CARD: card},
        },
        "timestamp": iso_time(answer.answered_ms),
    }


def voiding(identity: Identity, answer: str | int, voided_ms: int) -> dict[str, Any]:
    """The statement that voids `answer`'s (see `statement_id`): the learner undid it."""
    return {
        "id": voiding_id(identity.learner, answer),
        "actor": actor(identity),
        "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": statement_id(identity.learner, answer)},
        "timestamp": iso_time(voided_ms),
    }

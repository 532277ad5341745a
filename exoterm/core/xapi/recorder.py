"""What a study session hands the store with each answer when the profile has an LRS:
the answer's xAPI statement, made before the answer's transaction so it is saved with it."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from exoterm.core.content.models import Bilingual, Deck
from exoterm.core.results import info_json, item_info
from exoterm.core.store import Store
from exoterm.core.store.outbox import lrs_setting
from exoterm.core.store.results import learner_id
from exoterm.core.xapi.setting import LrsSetting
from exoterm.core.xapi.statements import Answer, Identity, answered

if TYPE_CHECKING:  # a type only: the session (in the quiz package) imports this module
    from exoterm.core.quiz.questions import Question


class StatementRecorder:
    """Statements for one study session (its `registration`), or none for cards the
    setting leaves out (term cards unless `include_terms`)."""

    def __init__(self, identity: Identity, setting: LrsSetting, deck: Deck,
                 registration: str | None = None) -> None:
        self.identity, self.setting, self.deck = identity, setting, deck
        self.registration = registration or str(uuid.uuid4())

    @classmethod
    def for_store(cls, store: Store, deck: Deck) -> StatementRecorder | None:
        """A recorder when the profile has an LRS set, else None (blocking: reads the store)."""
        raw = lrs_setting(store)
        if raw is None:
            return None
        setting = LrsSetting.from_json(raw)
        identity = Identity(learner_id(store), setting.home_page, setting.activity_base, setting.name)
        return cls(identity, setting, deck)

    def _name(self, question: Question) -> tuple[Bilingual | str, dict[str, Any] | None] | None:
        """The question's name and, for a quiz item, its description; None: left out."""
        kind, _, rest = question.card_id.partition(":")
        if kind == "item":
            item = self.deck.item_by_id.get(rest)
            if item is None:
                return question.prompt, None
            return item.prompt, info_json(item_info(item))
        if kind == "term" and self.setting.include_terms:
            term = self.deck.term_by_id.get(rest.rsplit(":", 1)[0])
            return (Bilingual(term.ja, term.en) if term is not None else question.prompt), None
        return None

    def statement(self, question: Question, response: str, correct: bool | None, rating: int,
                  duration_ms: int, answered_ms: int) -> tuple[str, str] | None:
        """(learner, statement JSON) for the store's outbox, or None for a card left out."""
        named = self._name(question)
        if named is None:
            return None
        body = answered(self.identity, Answer(question, named[0], named[1], response, correct,
                                              rating, duration_ms, answered_ms, self.registration))
        return self.identity.learner, json.dumps(body, ensure_ascii=False, separators=(",", ":"))

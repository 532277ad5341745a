"""The type-specific part of quiz items: choices, answers, blanks, pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exoterm.core.content import fields as F
from exoterm.core.content.cloze import ClozeSyntaxError, count_blanks
from exoterm.core.content.diagnostics import Pos
from exoterm.core.content.models import (
    Choice,
    ClozeBody,
    ItemBody,
    MatchingBody,
    MatchPair,
    MultiBody,
    QuizType,
    SingleBody,
    TrueFalseBody,
    TypedBody,
)
from exoterm.core.content.yamlnodes import YMap, YNode

if TYPE_CHECKING:
    from exoterm.core.content.reader import Reader


def read_body(r: Reader, qtype: QuizType, rec: YMap) -> ItemBody | None:
    if qtype == "single":
        return _single(r, rec)
    if qtype == "multi":
        return _multi(r, rec)
    if qtype == "truefalse":
        answer = r.boolean(rec.get("answer"), "answer")
        return TrueFalseBody(answer) if answer is not None else None
    if qtype == "typed":
        typed = r.bilingual(rec.get("answer"), "answer")
        accept = r.variants(rec.get("accept"), "accept")
        return TypedBody(typed, accept) if typed else None
    if qtype == "cloze":
        return _cloze(r, rec)
    return _matching(r, rec)


def _choices(r: Reader, rec: YMap) -> tuple[Choice, ...] | None:
    node = rec.get("choices")
    if node is None or r.reported(node):
        return None
    if not isinstance(node, YMap):
        r.error(node.pos, "choices must be a mapping of id → {ja, en}, e.g. `a: {ja: …, en: …}`")
        return None
    out: list[Choice] = []
    seen: dict[str, str] = {}
    for key, value in node.entries:
        cid = r.ident(key, "choice id", F.CHOICE_ID_RE)
        text = r.bilingual(value, f"choice '{key.text}'")
        if cid is None or text is None:
            continue
        for lang, t in (("ja", text.ja), ("en", text.en)):
            other = seen.get(f"{lang}:{t}")
            if other is not None:
                message = f"choice '{cid}' repeats the {lang} text of choice '{other}'"
                r.error(_field_pos(value, lang), message)
            seen[f"{lang}:{t}"] = cid
        out.append(Choice(cid, text.ja, text.en))
    if not F.MIN_CHOICES <= len(node.entries) <= F.MAX_CHOICES:
        found = len(node.entries)
        r.error(_key_pos(rec, "choices"), f"give {F.MIN_CHOICES}–{F.MAX_CHOICES} choices (found {found})")
        return None
    return tuple(out) if len(out) == len(node.entries) else None


def _answer_id(r: Reader, node: YNode | None, choices: tuple[Choice, ...]) -> str | None:
    ids = [c.id for c in choices]
    value = r.text(node, "answer")
    if value is None or node is None:
        return None
    if value not in ids:
        from exoterm.core.content.diagnostics import did_you_mean

        listed = ", ".join(ids)
        r.error(node.pos, f"answer {value!r} is not one of the choices ({listed}){did_you_mean(value, ids)}")
        return None
    return value


def _single(r: Reader, rec: YMap) -> SingleBody | None:
    choices = _choices(r, rec)
    if choices is None:
        return None
    answer = _answer_id(r, rec.get("answer"), choices)
    return SingleBody(choices, answer) if answer else None


def _multi(r: Reader, rec: YMap) -> MultiBody | None:
    choices = _choices(r, rec)
    select = r.integer(rec.get("select"), "select")
    answers_node = rec.get("answers")
    if choices is None or answers_node is None:
        return None
    answers: list[str] = []
    listed = r.seq(answers_node, "answers")
    for node in listed:
        value = _answer_id(r, node, choices)
        if value is not None:
            if value in answers:
                r.error(node.pos, f"answer '{value}' is listed twice")
            answers.append(value)
    if select is None or not listed or len(answers) != len(listed):
        return None
    select_node = rec.get("select")
    assert select_node is not None
    if select != len(answers):
        r.error(select_node.pos, f"select is {select} but {len(answers)} answers are listed")
        return None
    if not 1 <= select < len(choices):
        r.error(select_node.pos, f"select must be between 1 and {len(choices) - 1}")
        return None
    return MultiBody(choices, tuple(answers), select)


def _cloze(r: Reader, rec: YMap) -> ClozeBody | None:
    node = rec.get("text")
    text = r.bilingual(node, "text")
    if text is None or node is None:
        return None
    counts: dict[str, int] = {}
    for lang in ("ja", "en"):
        try:
            counts[lang] = count_blanks(text.get(lang))
        except ClozeSyntaxError as err:
            r.error(_field_pos(node, lang), f"text.{lang}: {err}")
            return None
        if counts[lang] == 0:
            r.error(_field_pos(node, lang), f"text.{lang} has no blank; mark one as [[answer]]")
            return None
    if counts["ja"] != counts["en"]:
        ja, en = (f"{n} blank{'s' * (n != 1)}" for n in (counts["ja"], counts["en"]))
        r.error(_field_pos(node, "en"), f"text.en has {en} but text.ja has {ja}; give both the same blanks")
        return None
    return ClozeBody(text)


def _matching(r: Reader, rec: YMap) -> MatchingBody | None:
    node = rec.get("pairs")
    if node is None:
        return None
    pairs: list[MatchPair] = []
    items = r.seq(node, "pairs")
    for item in items:
        pair = r.pair(item)
        if pair is not None:
            pairs.append(pair)
    if len(pairs) != len(items):
        return None
    if len(pairs) < F.MIN_PAIRS:
        message = f"a matching item needs at least {F.MIN_PAIRS} pairs (found {len(pairs)})"
        r.error(_key_pos(rec, "pairs"), message)
        return None
    for side in ("left", "right"):
        for lang in ("ja", "en"):
            values = [getattr(p, side).get(lang) for p in pairs]
            for i, value in enumerate(values):
                if value in values[:i]:
                    where = _field_pos(_field(items[i], side), lang)
                    r.error(where, f"{side}.{lang} {value!r} appears in two pairs")
                    return None
    return MatchingBody(tuple(pairs))


def _field(node: YNode, name: str) -> YNode:
    """The value of `name` in a mapping node, else the node itself (for positions)."""
    found = node.get(name) if isinstance(node, YMap) else None
    return found if found is not None else node


def _field_pos(node: YNode, name: str) -> Pos:
    return _field(node, name).pos


def _key_pos(rec: YMap, name: str) -> Pos:
    """Where the key `name` is written: errors about a whole list or mapping point there."""
    found = rec.index.get(name)
    return found[0].pos if found is not None else rec.pos

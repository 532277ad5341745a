r"""Moodle GIFT export: single, multi (weighted), true/false, short answer, matching,
numerical (`{#answer:tolerance}`, the unit named in the question text).

A one-blank cloze item becomes a short-answer question (its text with the blank shown as
＿＿＿). Escaping follows Moodle's reader (question/format/gift/format.php): `\ \~ \= \#
\{ \} \:` and `
` are its only escapes. GIFT has no escape for the matching arrow `->`,
and Moodle reads any `{=…}` block containing `->` as a matching question. Items GIFT
cannot hold (cloze with several blanks, `->` in a short answer or a matching item's left
side) are left out here and exported by `moodle_xml` (the count of skipped items is
returned so the command can say so).
"""

from __future__ import annotations

from exoterm.core.content.cloze import Blank, blanked, parse_cloze
from exoterm.core.content.models import (
    ClozeBody,
    Deck,
    MatchingBody,
    MultiBody,
    NumericBody,
    QuizItem,
    SingleBody,
    TrueFalseBody,
    TypedBody,
)
from exoterm.core.exports.common import Lang, cite, moodle_category, pick, pick_pair, unit_line
from exoterm.core.numbers import as_decimal, plain_number

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Backslash-escape GIFT's special characters; newlines become `\\n`."""
    out = "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _answer(text: str) -> str:
    """An answer or choice text escaped; `[plain]` first when the text starts with `[`, which
    Moodle would otherwise read as a format marker (`[html]x` would become `x`)."""
    return ("[plain]" if text.startswith("[") else "") + escape(text)


def _short_answers(answers: list[str]) -> str:
    """`=answer` for each; `=%100%` when the answer starts with `%`, which Moodle would
    otherwise read as a weight."""
    return " ".join(("=%100%" if a.startswith("%") else "=") + _answer(a) for a in answers)


def has_gift_form(item: QuizItem, lang: Lang) -> bool:
    """False for items GIFT cannot hold: cloze with several blanks, `->` in a short answer
    (a typed answer or a cloze blank's) or in a matching item's left side."""
    body = item.body
    if isinstance(body, ClozeBody):
        answers = cloze_answers(body, lang)
        return bool(answers) and not any("->" in a for a in answers)
    if isinstance(body, TypedBody):
        return not any("->" in a for a in typed_answers(body, lang))
    if isinstance(body, MatchingBody):
        return not any("->" in pick(p.left, lang) for p in body.pairs)
    return True


def _wrong(ja: str, en: str, lang: Lang) -> str:
    """`~` before a wrong choice; `~%0%` when its text starts with `%`, which Moodle would
    otherwise read as the start of a weight (`~%100%…` would make it right)."""
    return "~%0%" if pick_pair(ja, en, lang).startswith("%") else "~"


def _weight(n: int) -> str:
    """Moodle's accepted percentage for one of n right answers."""
    value = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}.get(n)
    return value or f"{100 / n:.5f}"


def answer_block(item: QuizItem, lang: Lang) -> str:
    """The `{…}` part of an item that `has_gift_form`."""
    body = item.body
    if isinstance(body, SingleBody):
        return " ".join(
            ("=" if c.id == body.answer else _wrong(c.ja, c.en, lang)) + _answer(pick_pair(c.ja, c.en, lang))
            for c in body.choices
        )
    if isinstance(body, MultiBody):
        right = _weight(len(body.answers))
        return " ".join(
            (f"~%{right}%" if c.id in body.answers else "~%-100%") + _answer(pick_pair(c.ja, c.en, lang))
            for c in body.choices
        )
    if isinstance(body, TrueFalseBody):
        return "TRUE" if body.answer else "FALSE"
    if isinstance(body, TypedBody):
        return _short_answers(typed_answers(body, lang))
    if isinstance(body, MatchingBody):  # Moodle splits a pair at its first `->`
        return " ".join(
            "=" + _answer(pick(p.left, lang)) + " -> " + escape(pick(p.right, lang)) for p in body.pairs
        )
    if isinstance(body, NumericBody):  # plain digits: nothing in them needs escaping
        return f"#{plain_number(as_decimal(body.answer))}:{plain_number(as_decimal(body.tolerance))}"
    if isinstance(body, ClozeBody):
        return _short_answers(cloze_answers(body, lang))
    raise AssertionError(f"no GIFT form for {type(body).__name__}")


def cloze_answers(body: ClozeBody, lang: Lang) -> list[str]:
    """The accepted answers of a one-blank cloze (both languages' for `both`, and the
    readings given for them); [] when the text has several blanks."""
    langs = ("ja", "en") if lang == "both" else (lang,)
    out: list[str] = []
    for code in langs:
        blanks = [p for p in parse_cloze(body.text.get(code)) if isinstance(p, Blank)]
        if len(blanks) != 1:
            return []
        out += blanks[0].answers
        if code == "ja" or not body.text.en:
            out += [r for a, r in body.readings if a in blanks[0].answers]
    return list(dict.fromkeys(out))


def cloze_prompt(body: ClozeBody, lang: Lang) -> str:
    """The cloze text with its blank shown as ＿＿＿ (in both languages for `both`)."""
    if lang == "both" and body.text.en and body.text.en != body.text.ja:
        return blanked(body.text.ja) + "\n" + blanked(body.text.en)
    return blanked(body.text.get(lang))


def typed_answers(body: TypedBody, lang: Lang) -> list[str]:
    langs = ("ja", "en") if lang == "both" else (lang,)
    out: list[str] = []
    for code in langs:
        for value in (body.answer.get(code), *getattr(body.accept, code)):
            if value not in out:
                out.append(value)
    return out


def item_to_gift(deck: Deck, item: QuizItem, lang: Lang) -> str | None:
    if not has_gift_form(item, lang):
        return None
    block = answer_block(item, lang)
    prompt = pick(item.prompt, lang)
    if isinstance(item.body, NumericBody) and item.body.unit is not None:
        prompt += "\n" + unit_line(item.body.unit, lang)
    if isinstance(item.body, ClozeBody):
        prompt += "\n" + cloze_prompt(item.body, lang)
    if item.case and item.case in deck.case_by_id:
        prompt = pick(deck.case_by_id[item.case].scenario, lang) + "\n\n" + prompt
    feedback = pick(item.explanation, lang) + "\n" + cite(deck, item.sources)
    return f"::{escape(item.id)}::[plain]{escape(prompt)}{{{block}\n####[plain]{escape(feedback)}\n}}"


def deck_to_gift(deck: Deck, lang: Lang = "ja", category: str | None = None) -> tuple[str, int]:
    """The GIFT text, grouped into categories by section (under `category`, default
    exoterm), and how many items were skipped (those without a GIFT form: `has_gift_form`)."""
    groups: dict[str, list[str]] = {}
    skipped = 0
    for item in deck.items:
        text = item_to_gift(deck, item, lang)
        if text is None:
            skipped += 1
            continue
        groups.setdefault(item.section or "一般", []).append(text)
    lines = [f"// exoterm quiz export ({len(deck.items) - skipped} questions, language: {lang})", ""]
    for section, texts in groups.items():
        lines += [f"$CATEGORY: {moodle_category(category, section)}", ""]
        for text in texts:
            lines += [text, ""]
    return "\n".join(lines), skipped

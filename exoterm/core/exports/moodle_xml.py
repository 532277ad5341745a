"""Moodle XML export: every item type, including cloze as Moodle's `multianswer` and
calculations as `numerical` (tolerance, the unit as an optional unit).

Written for Moodle's reader (question/format/xml/format.php) and its cloze parser
(`qtype_multianswer_extract_question` in question/type/multianswer/questiontype.php); the
tests read every export through a transcription of both (tests/unit/moodle_xml_reader.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
from exoterm.core.exports.gift import typed_answers
from exoterm.core.numbers import as_decimal, plain_number

# Inside an embedded answer Moodle ends the answer at `~ # }` unless a backslash or `&` comes
# just before; it then decodes HTML entities and turns `\}` and `\#` (only these) back.
# So `}` and `#` get a backslash, and `~`, `\`, `&` (and `{ < > "` for good measure) become
# numeric character references, which its lookbehind skips and `html_entity_decode` undoes.
# `*` is the short-answer wildcard: `\*` is a literal asterisk.
_EMBED = {"}": "\\}", "#": "\\#", "*": "\\*", "~": "&#126;", "\\": "&#92;", "&": "&#38;",
          "{": "&#123;", "<": "&#60;", ">": "&#62;", '"': "&#34;"}


def _text(parent: ET.Element, tag: str, value: str, fmt: str = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = value
    return el


def _html(text: str) -> str:
    """Plain text as HTML (escaped; line breaks kept). Braces become character references,
    which browsers show as braces but Moodle's cloze parser never reads as an embedded
    question (`{1:MULTICHOICE:=evil~ok}` in a prompt stays text)."""
    from html import escape

    return escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("\n", "<br>")


def _short_answer(text: str) -> str:
    """A short-answer answer: `*` is Moodle's wildcard there, `\\*` a literal asterisk."""
    return text.replace("*", "\\*")


def _answer(parent: ET.Element, fraction: str, text: str, fmt: str = "html") -> None:
    ans = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(ans, "text").text = text


def _embed(text: str) -> str:
    """One answer of an embedded SHORTANSWER, escaped for Moodle's cloze parser."""
    return "".join(_EMBED.get(ch, ch) for ch in text)


def cloze_text(body: ClozeBody, lang: Lang) -> str:
    """Question text with `{1:SHORTANSWER:=answer~=alternative}` for each blank.

    For `both`, the Japanese text carries the blanks, each accepting the Japanese and the
    English answers; the English text follows as a translation with its blanks shown as
    ＿＿＿ (two sets of blanks would ask every answer twice and halve each one's grade)."""
    code = "ja" if lang == "both" else lang
    parts = []
    others = _english_blanks(body) if lang == "both" else []
    n = 0
    for part in parse_cloze(body.text.get(code)):
        if isinstance(part, Blank):
            extra = others[n] if n < len(others) else ()
            n += 1
            answers = "~".join("=" + _embed(a) for a in dict.fromkeys((*part.answers, *extra)))
            parts.append("{1:SHORTANSWER:" + answers + "}")
        else:
            parts.append(_html(part))
    text = "".join(parts)
    if lang == "both" and body.text.en and body.text.en != body.text.ja:
        text += "<br>" + _html(blanked(body.text.en))
    return text


def _english_blanks(body: ClozeBody) -> list[tuple[str, ...]]:
    if not body.text.en:
        return []
    return [p.answers for p in parse_cloze(body.text.en) if isinstance(p, Blank)]


def _question(deck: Deck, quiz: ET.Element, item: QuizItem, lang: Lang) -> None:
    body = item.body
    qtype = {
        SingleBody: "multichoice", MultiBody: "multichoice", TrueFalseBody: "truefalse",
        TypedBody: "shortanswer", MatchingBody: "matching", ClozeBody: "cloze",
        NumericBody: "numerical",
    }[type(body)]
    q = ET.SubElement(quiz, "question", {"type": qtype})
    _text(q, "name", item.id, fmt="")
    prompt = _html(pick(item.prompt, lang))
    if item.case and item.case in deck.case_by_id:
        prompt = _html(pick(deck.case_by_id[item.case].scenario, lang)) + "<br><br>" + prompt
    if isinstance(body, ClozeBody):
        prompt += "<br>" + cloze_text(body, lang)
    if isinstance(body, NumericBody) and body.unit is not None:
        prompt += "<br>" + _html(unit_line(body.unit, lang))
    _text(q, "questiontext", prompt)
    feedback = _html(pick(item.explanation, lang)) + "<br>" + _html(cite(deck, item.sources))
    _text(q, "generalfeedback", feedback)
    ET.SubElement(q, "defaultgrade").text = "1"
    if isinstance(body, SingleBody | MultiBody):
        single = isinstance(body, SingleBody)
        ET.SubElement(q, "single").text = "true" if single else "false"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "123"
        right = body.answer if isinstance(body, SingleBody) else None
        answers = body.answers if isinstance(body, MultiBody) else ()
        share = f"{100 / len(answers):.5f}" if answers else "100"
        for c in body.choices:
            good = c.id == right if single else c.id in answers
            fraction = ("100" if single else share) if good else ("0" if single else "-100")
            _answer(q, fraction, _html(pick_pair(c.ja, c.en, lang)))
    elif isinstance(body, TrueFalseBody):
        _answer(q, "100" if body.answer else "0", "true", fmt="moodle_auto_format")
        _answer(q, "0" if body.answer else "100", "false", fmt="moodle_auto_format")
    elif isinstance(body, TypedBody):
        ET.SubElement(q, "usecase").text = "0"
        for value in typed_answers(body, lang):
            _answer(q, "100", _short_answer(value), fmt="moodle_auto_format")
    elif isinstance(body, NumericBody):
        _numerical(q, body, lang)
    elif isinstance(body, MatchingBody):
        ET.SubElement(q, "shuffleanswers").text = "true"
        for pair in body.pairs:
            sub = ET.SubElement(q, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = _html(pick(pair.left, lang))
            ans = ET.SubElement(sub, "answer")
            ET.SubElement(ans, "text").text = pick(pair.right, lang)
    if item.tags:
        tags = ET.SubElement(q, "tags")
        for value in item.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = value


def _numerical(q: ET.Element, body: NumericBody, lang: Lang) -> None:
    """One right answer with its tolerance; the unit (each language's spelling, factor 1)
    optional for the learner, as in exoterm (Moodle: showunits 0, unitgradingtype 0)."""
    ans = ET.SubElement(q, "answer", {"fraction": "100", "format": "moodle_auto_format"})
    ET.SubElement(ans, "text").text = plain_number(as_decimal(body.answer))
    ET.SubElement(ans, "tolerance").text = plain_number(as_decimal(body.tolerance))
    if body.unit is not None:
        units = ET.SubElement(q, "units")
        names = (body.unit.ja, body.unit.en) if lang == "both" else (body.unit.get(lang),)
        for name in dict.fromkeys(names):
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = name
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0"),
                       ("showunits", "0" if body.unit is not None else "3"), ("unitsleft", "0")):
        ET.SubElement(q, tag).text = value


def deck_to_moodle_xml(deck: Deck, lang: Lang = "ja", category: str | None = None) -> str:
    """A Moodle XML question file, one category per section (under `category`, default
    exoterm)."""
    quiz = ET.Element("quiz")
    by_section: dict[str, list[QuizItem]] = {}
    for item in deck.items:
        by_section.setdefault(item.section or "一般", []).append(item)
    for section, items in by_section.items():
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        category_el = ET.SubElement(cat, "category")
        ET.SubElement(category_el, "text").text = moodle_category(category, section)
        for item in items:
            _question(deck, quiz, item, lang)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"

"""Moodle's XML question reader, transcribed for tests: what `qformat_xml` (moodle/moodle
question/format/xml/format.php: import_question, import_headers, import_answer, import_match,
import_multianswer), the import's grade check (`match_grade_options` against
`question_bank::fraction_options_full`), the question types' save checks and the cloze
parser (`qtype_multianswer_extract_question` and `_validate_question` in
question/type/multianswer/questiontype.php) do with an export. A file Moodle would reject
or read differently raises MoodleRejects; otherwise the questions come back as Moodle
would store them (answers as literal text: short-answer `\\*` undone, no `*` wildcards)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# question_bank::ensure_fraction_options_initialised: p/q for q <= 6, p/10, 1/q for q <= 10,
# 1/20, and their negatives.
_RAW = (0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
        0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
GRADES = (0.0, 1.0, -1.0, *_RAW, *(-f for f in _RAW))

# question/type/multianswer/questiontype.php (PCRE lookbehinds of different widths split up).
_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALTERNATIVE = f"({_FRACTION})?({_ANSWER})(#({_FEEDBACK}))?"
_TYPES = ("(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
          "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
          "(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
          "(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)")
ANSWER_START = re.compile(r"\{([0-9]*):(" + _TYPES + "):")
ANSWER_REGEX = re.compile(ANSWER_START.pattern + "(" + _ALTERNATIVE + "(~" + _ALTERNATIVE + r")*)\}",
                          re.S)
_ALT_REGEX = re.compile("~?" + _ALTERNATIVE, re.S)
_SHORTANSWER_GROUPS = (7, 8)
_ALTERNATIVES_GROUP = 16


class MoodleRejects(AssertionError):
    """Moodle's import would refuse this question (or read it as something else)."""


@dataclass
class MoodleQuestion:
    qtype: str
    name: str
    text: str  # as stored; for cloze with `{#1}`… where the blanks were
    feedback: str = ""
    answers: list[tuple[str, float]] = field(default_factory=list)
    blanks: list[list[tuple[str, float]]] = field(default_factory=list)  # cloze: each blank's answers
    pairs: list[tuple[str, str]] = field(default_factory=list)  # matching
    single: bool = True


def _text(element: ET.Element | None, path: str = "text") -> str:
    """getpath(…, istext=true): the element's text, trimmed ('' if missing)."""
    found = None if element is None else element.find(path)
    return "" if found is None or found.text is None else found.text.strip()


def _fraction(answer: ET.Element) -> float:
    fraction = float(answer.get("fraction", "0")) / 100
    matched = [g for g in GRADES if abs(fraction - g) < 0.00001]
    if not matched:  # qformat_default::importprocess: "matchgrades" error
        raise MoodleRejects(f"fraction {fraction} is not one of Moodle's grades")
    return matched[0]


def literal_short_answer(stored: str) -> str:
    """What a short answer accepts: Moodle splits at unescaped `*` runs (wildcards)."""
    if re.search(r"(?<!\\)\*", stored):
        raise MoodleRejects(f"short answer {stored!r} has a wildcard")
    return stored.replace("\\*", "*")


def extract_cloze(text: str) -> tuple[str, list[list[tuple[str, float]]]]:
    """qtype_multianswer_extract_question for SHORTANSWER blanks: the text with `{#n}` and
    each blank's answers (decoded the way Moodle decodes them)."""
    blanks: list[list[tuple[str, float]]] = []
    while (found := ANSWER_REGEX.search(text)) is not None:
        if not any(found.group(g) for g in _SHORTANSWER_GROUPS):
            raise MoodleRejects(f"embedded question of another type: {found.group(0)!r}")
        remaining, answers = found.group(_ALTERNATIVES_GROUP), []
        while (alt := _ALT_REGEX.search(remaining)) is not None:
            fraction = 1.0 if alt.group(1) == "=" else (
                0.01 * float(alt.group(2).replace(",", ".")) if alt.group(2) else 0.0)
            answer = html.unescape(alt.group(3)).replace("\\}", "}").replace("\\#", "#")
            answers.append((answer, fraction))
            remaining = remaining.split(alt.group(0), 1)[1]
        blanks.append(answers)
        text = text.replace(found.group(0), f"{{#{len(blanks)}}}", 1)
    if not blanks:
        raise MoodleRejects("cloze question without an embedded question")
    for answers in blanks:  # qtype_multianswer_validate_question
        if not any(a.strip() for a, _ in answers) or not any(f == 1 for _, f in answers):
            raise MoodleRejects(f"embedded question without a right answer: {answers}")
    return text, blanks


def _question(q: ET.Element) -> MoodleQuestion:
    qtype = q.get("type", "")
    if qtype == "category":
        path = _text(q.find("category"))
        if not path:
            raise MoodleRejects("category without a path")
        return MoodleQuestion("category", "", path)
    name = _text(q.find("name"))
    if not name:
        raise MoodleRejects("question without a name")  # xmlimportnoname
    text = _text(q.find("questiontext"))
    feedback = _text(q.find("generalfeedback"))
    answers = q.findall("answer")
    if qtype == "cloze":
        text, blanks = extract_cloze(text)
        blanks = [[(literal_short_answer(a), f) for a, f in answers] for answers in blanks]
        return MoodleQuestion("cloze", name, text, feedback, blanks=blanks)
    if qtype == "multichoice":
        single = _text(q, "single") not in ("false", "", "0")
        read = [(_text(a), _fraction(a)) for a in answers]
        if len(read) < 2:
            raise MoodleRejects("multichoice with fewer than 2 answers")
        positive = sum(f for _, f in read if f > 0)
        if single and max(f for _, f in read) != 1:
            raise MoodleRejects("single-answer multichoice without a 100% answer")  # fractionsnomax
        if not single and round(positive, 2) != 1:
            raise MoodleRejects(f"right answers add up to {positive:.0%}")  # fractionsaddwrong
        return MoodleQuestion("multichoice", name, text, feedback, read, single=single)
    if qtype == "truefalse":
        read = [(_text(a), _fraction(a)) for a in answers]
        if sorted(t for t, _ in read) != ["false", "true"]:
            raise MoodleRejects("true/false answers must be 'true' and 'false'")
        return MoodleQuestion("truefalse", name, text, feedback, read)
    if qtype == "shortanswer":
        read = [(literal_short_answer(_text(a)), _fraction(a)) for a in answers]
        if not any(f == 1 for _, f in read):
            raise MoodleRejects("short answer without a 100% answer")
        return MoodleQuestion("shortanswer", name, text, feedback, read)
    if qtype == "numerical":  # import_numerical: answers are numbers (or *) with a tolerance
        read = [(_text(a), _fraction(a)) for a in answers]
        for value, _ in read:
            if value != "*" and not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value):
                raise MoodleRejects(f"numerical answer {value!r} is not a number")
        if not any(f == 1 for _, f in read):
            raise MoodleRejects("numerical question without a 100% answer")
        tolerances = [_text(a, "tolerance") or "0" for a in answers]
        return MoodleQuestion("numerical", name, text, feedback,
                              [(f"{v}:{t}", f) for (v, f), t in zip(read, tolerances, strict=True)])
    if qtype in ("matching", "match"):
        pairs = [(_text(s), _text(s.find("answer"))) for s in q.findall("subquestion")]
        if sum(1 for left, _ in pairs if left) < 2 or any(left and not right for left, right in pairs):
            raise MoodleRejects("matching needs 2 questions, each with an answer")  # notenoughqsandas
        return MoodleQuestion("matching", name, text, feedback, pairs=pairs)
    raise MoodleRejects(f"question type {qtype!r} is not one exoterm writes")


def read_moodle_xml(text: str) -> list[MoodleQuestion]:
    """Every question of a Moodle XML file, as Moodle's importer would take it."""
    root = ET.fromstring(text)  # xmlize: a file that does not parse is refused
    if root.tag != "quiz":
        raise MoodleRejects("root element is not <quiz>")
    return [_question(q) for q in root.findall("question")]

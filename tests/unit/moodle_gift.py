"""Moodle's GIFT reader (qformat_gift::readquestion in moodle/moodle's
question/format/gift/format.php), transcribed for the question types exoterm writes, so
tests check an export the way Moodle reads it: its escapes and placeholders, the order in
which it tells question types apart (`~` → multichoice, `=` and `->` → match, TRUE/FALSE,
else shortanswer), answer weights `%n%`, format markers `[plain]` and `#` comments."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPES = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;",
            "\\~": "&&126;", "\\n": "&&010"}
_POST = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~",
         "&&010": "\n"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = ("moodle", "html", "plain", "markdown")


@dataclass
class GiftQuestion:
    name: str
    qtype: str
    text: str
    feedback: str
    answers: list[tuple[str, float]]  # (text, fraction); for match: (left + " -> " + right, 1)


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, char in _POST.items():
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str) -> str:
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            text = text[end + 1:]
    return _post(text).strip()


def _comment(answer: str) -> str:
    return _with_format(answer.split("#", 1)[0].strip())


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end] or 0) / 100, answer[end + 1:]


def _split(answertext: str, sep: str) -> list[str]:
    answers = answertext.split(sep)
    if not answers[0].strip():
        answers = answers[1:]
    return answers


def read_question(block: str) -> GiftQuestion:
    """One question (the lines between blank lines) as Moodle would import it."""
    text = _pre("\n".join(" " if line.strip().startswith("//") else line
                          for line in block.split("\n")).strip())
    assert text.startswith("::")
    text = text[2:]
    end = text.index("::")
    name, text = _post(text[:end]), text[end + 2:].strip()
    start, finish = text.index("{"), text.index("}")
    answertext = text[start + 1:finish].strip()
    questiontext = text[:start] + text[finish + 1:] if text.endswith("}") else text
    feedback = ""
    if (sep := answertext.rfind("####")) >= 0:
        answertext, feedback = answertext[:sep].strip(), answertext[sep + 4:]
    answers: list[tuple[str, float]] = []
    if answertext.startswith("#"):  # numerical: `#answer:tolerance` (answers and weights)
        qtype = "numerical"
        for answer in _split(answertext[1:], "="):
            answers.append((_comment(answer.strip()), 1.0))
    elif "~" in answertext:
        qtype = "multichoice"
        for answer in _split(answertext.replace("=", "~="), "~"):
            answer = answer.strip()
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            else:
                fraction = 0.0
            answers.append((_comment(answer), fraction))
    elif "=" in answertext and "->" in answertext:
        qtype = "match"
        for answer in _split(answertext, "="):
            left, _, right = answer.strip().partition("->")
            answers.append((_with_format(left) + " -> " + _post(right).strip(), 1.0))
    elif answertext.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        qtype = "truefalse"
        answers.append((answertext.split("#", 1)[0].strip(), 1.0))
    else:
        qtype = "shortanswer"
        for answer in _split(answertext, "="):
            answer = answer.strip()
            fraction = 1.0
            if _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            answers.append((_comment(answer), fraction))
    return GiftQuestion(name, qtype, _with_format(questiontext), _with_format(feedback), answers)


def read_gift(text: str) -> list[GiftQuestion]:
    """Every question of a GIFT file (categories and comments left out)."""
    blocks = ["\n".join(line for line in b.split("\n") if not line.strip().startswith("//")).strip()
              for b in re.split(r"\n\s*\n", text)]
    return [read_question(b) for b in blocks if b and not b.startswith("$CATEGORY:")]

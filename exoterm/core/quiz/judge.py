"""Judge a reply to a presented Question: right, almost or wrong, and the proposed rating.

Pure: the reply is a line of text in the syntax of `exoterm.core.quiz.answers`; an
unreadable reply raises InvalidAnswer (ask again, nothing is rated).
"""

from __future__ import annotations

from exoterm.core.numbers import plain_number
from exoterm.core.quiz.answers import (
    is_dont_know,
    parse_choice,
    parse_matching,
    parse_multi,
    parse_truefalse,
    split_blanks,
)
from exoterm.core.quiz.checking import check_text
from exoterm.core.quiz.numeric import number_verdict, read_answer
from exoterm.core.quiz.questions import InvalidAnswer, Judgement, PartResult, Question, Verdict
from exoterm.core.quiz.rating import can_upgrade, rating_for
from exoterm.core.srs.scheduler import Rating


def judge(question: Question, response: str, seconds: float = 0.0, *,
          typos: bool = True) -> Judgement:
    """Judge `response`; `typos=False` turns the "almost" tolerance off."""
    if question.kind == "flashcard":
        raise InvalidAnswer("invalid.flashcard")
    if is_dont_know(response):
        return Judgement(question, response, "wrong", Rating.Again, seconds, gave_up=True)
    if not response.strip():
        raise InvalidAnswer("invalid.empty")
    verdict, parts = _verdict(question, response, typos)
    upgradable = can_upgrade(question, verdict, seconds)
    return Judgement(question, response, verdict, rating_for(verdict), seconds,
                     can_upgrade=upgradable, parts=parts)


def self_grade(question: Question, rating: Rating | int, seconds: float = 0.0) -> Judgement:
    """A flashcard graded by the learner after the reveal (1 Again … 4 Easy)."""
    grade = Rating(rating)
    verdict: Verdict = "wrong" if grade == Rating.Again else "almost" if grade == Rating.Hard \
        else "right"
    return Judgement(question, str(int(grade)), verdict, grade, seconds, self_graded=True)


def parse_grade(line: str) -> Rating:
    """A self-grade typed as 1-4 (full-width digits too)."""
    text = line.strip().translate(str.maketrans("１２３４", "1234"))
    if text in ("1", "2", "3", "4"):
        return Rating(int(text))
    raise InvalidAnswer("invalid.grade")


def _overall(verdicts: list[Verdict]) -> Verdict:
    if all(v == "right" for v in verdicts):
        return "right"
    return "wrong" if "wrong" in verdicts else "almost"


def _verdict(question: Question, response: str, typos: bool) -> tuple[Verdict, tuple[PartResult, ...]]:
    key = question.key
    kind = question.kind
    if kind in ("single", "truefalse"):
        if kind == "single":
            chosen = parse_choice(response, question.options)
        else:
            chosen = parse_truefalse(response)
        option = next(o for o in question.options if o.id == chosen)
        verdict: Verdict = "right" if chosen in key.choice_ids else "wrong"
        return verdict, (PartResult(option.key, option.text, key.display, verdict),)
    if kind == "multi":
        picked = parse_multi(response, question.options, question.select)
        parts = tuple(
            PartResult(o.key, o.text if o.id in picked else "", o.text,
                       "right" if (o.id in picked) == (o.id in key.choice_ids) else "wrong")
            for o in question.options if o.id in picked or o.id in key.choice_ids)
        return ("right" if picked == key.choice_ids else "wrong"), parts
    if kind == "matching":
        mapping = parse_matching(response, question.options, question.targets)
        right_by_id = {o.id: o for o in question.targets}
        wanted = dict(key.pairs)
        results = []
        for left in question.options:
            pick, expected = right_by_id[mapping[left.id]], right_by_id[wanted[left.id]]
            ok: Verdict = "right" if pick.id == expected.id else "wrong"
            results.append(PartResult(left.key, pick.key, expected.key, ok))
        return _overall([r.verdict for r in results]), tuple(results)
    if kind == "numeric":
        assert key.number is not None
        typed = read_answer(response, key.number, question.unit)
        verdict = number_verdict(typed.value, key.number)
        given = plain_number(typed.value) + (f" {question.unit}" if question.unit else "")
        return verdict, (PartResult("1", given, key.display, verdict),)
    texts = split_blanks(response, len(key.texts)) if kind == "cloze" else [response]
    results = []
    for n, (given, accepted) in enumerate(zip(texts, key.texts, strict=True)):
        rejects = key.rejects[n] if n < len(key.rejects) else ()
        check = check_text(given, accepted, rejects, typos=typos and key.typo_tolerance)
        results.append(PartResult(str(n + 1), given.strip(), accepted[0], check.verdict, check.diff))
    return _overall([r.verdict for r in results]), tuple(results)



def stored_response(judgement: Judgement) -> str:
    """What the learner answered, in stable terms for the review log and results export:
    choice ids (`b`, `a c`), `true`/`false`, `left=right` pairs, a number in ASCII digits
    without its unit (`83`, `41.7`), `?` for don't-know, else the typed text. Positions of
    shuffled options are never stored."""
    question, response = judgement.question, judgement.response
    if judgement.gave_up:
        return "?"
    try:
        if question.kind == "single":
            return parse_choice(response, question.options)
        if question.kind == "truefalse":
            return parse_truefalse(response)
        if question.kind == "multi":
            return " ".join(sorted(parse_multi(response, question.options, question.select)))
        if question.kind == "matching":
            pairs = parse_matching(response, question.options, question.targets)
            return " ".join(f"{left}={right}" for left, right in sorted(pairs.items()))
        if question.kind == "numeric" and question.key.number is not None:
            return plain_number(read_answer(response, question.key.number, question.unit).value)
    except InvalidAnswer:
        pass
    return response.strip()

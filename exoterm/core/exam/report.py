"""An exam result in words, in the interface language: the score lines against the pass
lines, per section and category, time, and each wrong answer's review (the one feedback
model). `exam --plain` prints these lines; the result screen lays out the same parts."""

from __future__ import annotations

from dataclasses import dataclass

from exoterm.core.exam.scoring import REQUIRED_LINE, Answered, ExamResult, Tally, wrong_feedback
from exoterm.core.quiz.feedback import AnswerFeedback
from exoterm.core.texts import label, tr
from exoterm.core.textsafety import visible


def pct(rate: float) -> int:
    return round(rate * 100)


def minsec(seconds: float, lang: str) -> str:
    whole = max(0, round(seconds))
    return tr("exam.minsec", lang, m=whole // 60, s=whole % 60)


def _mark(passed: bool | None, lang: str) -> str:
    return "" if passed is None else tr("exam.pass" if passed else "exam.fail", lang)


def score_lines(result: ExamResult, lang: str) -> list[tuple[str, bool | None]]:
    """(line, passed) for 必修 and 一般+状況設定 against their lines, then the verdict."""
    out: list[tuple[str, bool | None]] = []
    if result.required.asked:
        r = result.required
        out.append((tr("exam.score_line", lang, name=tr("exam.required", lang), right=r.right,
                       asked=r.asked, pct=pct(r.rate), line=REQUIRED_LINE,
                       mark=_mark(result.required_passed, lang)), result.required_passed))
    if result.general.asked:
        g = result.general
        out.append((tr("exam.points_line", lang, name=tr("exam.general", lang), points=g.points,
                       max=g.max_points, pct=pct(g.point_rate), line=result.pass_line,
                       mark=_mark(result.general_passed, lang)), result.general_passed))
    out.append((tr("exam.verdict_pass" if result.passed else "exam.verdict_fail", lang),
                result.passed))
    return out


def section_name(section: str, lang: str) -> str:
    """必修, 一般 or 状況設定 in `lang` (English: the English name, the Japanese in brackets)."""
    name = tr(f"section.{section}", lang)
    return section if name == f"section.{section}" else name


def tally_line(name: str, t: Tally, lang: str) -> str:
    return tr("exam.tally", lang, name=name, right=t.right, asked=t.asked, pct=pct(t.rate))


def section_lines(result: ExamResult, lang: str) -> list[str]:
    return [tally_line(section_name(s, lang), t, lang) for s, t in result.sections.items()]


def category_lines(result: ExamResult, lang: str) -> list[str]:
    return [tally_line(c.label, c.tally, lang) for c in result.categories]


def time_line(result: ExamResult, lang: str) -> str:
    n = len(result.answers)
    avg = round(sum(a.seconds for a in result.answers) / n) if n else 0
    return tr("exam.time", lang, used=minsec(result.elapsed_s, lang),
              limit=minsec(result.limit_s, lang), avg=avg)


def question_times(result: ExamResult, lang: str) -> list[str]:
    return [tr("exam.question_time", lang, i=i + 1, mark="○" if a.right else "×",
               seconds=round(a.seconds)) for i, a in enumerate(result.answers)]


@dataclass(frozen=True, slots=True)
class WrongReview:
    """A wrong (or unanswered) question with what was given and its feedback."""

    number: int  # 1-based in the exam
    section: str
    prompt: str
    scenario: str
    options: tuple[str, ...]  # the choices (and a cloze's sentence) as they were shown
    given: str
    feedback: AnswerFeedback


def wrong_reviews(result: ExamResult, lang: str) -> list[WrongReview]:
    out = []
    for i, a in enumerate(result.answers):
        if a.right:
            continue
        out.append(_review(i + 1, a, lang))
    return out


def _review(number: int, a: Answered, lang: str) -> WrongReview:
    q = a.judgement.question
    given = visible(a.judgement.response) if a.answered else tr("exam.unanswered", lang)
    scenario = f"{q.scenario.title}\n{q.scenario.text}" if q.scenario is not None else ""
    options = ((q.text,) if q.text else ()) + tuple(
        f"  {o.key}. {o.text}" for o in (*q.options, *q.targets))
    return WrongReview(number, section_name(a.section, lang), q.prompt, scenario, options, given,
                       wrong_feedback(a, lang))


def feedback_lines(fb: AnswerFeedback, lang: str) -> list[str]:
    """The feedback of a wrong answer as lines (answer, parts, explanation, glossary,
    evidence, sources), in the order review shows them."""
    lines = []
    if fb.answer:
        lines.append(label("review.answer", lang) + fb.answer)
    for part in fb.parts:
        lines.append(tr("part", lang, label=part.label, mark="✓" if part.right else "✗",
                        given=part.given, expected=part.expected))
    if fb.explanation:
        lines.append(label("review.explanation", lang) + fb.explanation)
    for entry in fb.entries:
        names = f"{entry.ja} / {entry.en}" + (f" ({entry.abbr})" if entry.abbr else "")
        lines.append(label("glossary.entry", lang) + names +
                     (f" — {entry.definition}" if entry.definition else ""))
    if fb.evidence:
        lines.append(fb.evidence)
    for source in fb.sources:
        lines.append(label("review.source", lang) + source.title + source.section + source.warning)
    return lines


def result_text(result: ExamResult, lang: str) -> list[str]:
    """The whole result as plain lines (`exam --plain`)."""
    lines = [f"== {tr('exam.result', lang)} =="]
    lines += [line for line, _ in score_lines(result, lang)]
    if result.general.asked and result.sections.get("状況設定"):
        lines.append(tr("exam.points_note", lang))
    lines.append(time_line(result, lang))
    lines += ["", tr("exam.per_section", lang)] + ["  " + x for x in section_lines(result, lang)]
    lines += ["", tr("exam.per_category", lang)] + ["  " + x for x in category_lines(result, lang)]
    lines += ["", tr("exam.per_question", lang), "  " + "  ".join(question_times(result, lang))]
    wrong = wrong_reviews(result, lang)
    lines += ["", tr("exam.wrong_title", lang, n=len(wrong)) if wrong else tr("exam.no_wrong", lang)]
    for w in wrong:
        lines += ["", f"[{w.number}] {tr(f'section.{w.section}', lang)}"]
        if w.scenario:
            lines.append(w.scenario)
        lines.append(w.prompt)
        lines += w.options
        lines.append(label("exam.your_answer", lang) + w.given)
        lines += feedback_lines(w.feedback, lang)
    return lines

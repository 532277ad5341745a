"""What the review screen shows after an answer: `AnswerFeedback` (built in core, shared
with `review --plain`) laid out as `Content`, so content stays literal.

Verdict, rating and next due date first; then the right answer (with a typo diff when
nearly right), the explanation, glossary entries, the evidence level, citations and the
keys that move on.
"""

from __future__ import annotations

from textual.content import Content

from exoterm.core.quiz.feedback import AnswerFeedback, EntryLine, PartLine, answer_feedback
from exoterm.core.quiz.questions import TextDiff
from exoterm.core.quiz.session import Committed
from exoterm.core.texts import label, tr
from exoterm.core.textsafety import visible

VERDICT_STYLE = {"right": "bold $success", "almost": "bold $warning", "wrong": "bold $error"}


def diff_content(diff: TextDiff) -> Content:
    """Typed-but-wrong text struck through, missing text underlined (and bracketed); what
    the learner typed shows control characters as visible escapes."""
    parts: list[str | tuple[str, str]] = []
    for op, typed in diff.runs:
        text = visible(typed)
        if op == "=":
            parts.append(text)
        elif op == "-":
            parts.append((f"[-{text}-]", "strike $error"))
        else:
            parts.append((f"{{+{text}+}}", "underline $success"))
    return Content.assemble(*parts)


def verdict_line(fb: AnswerFeedback, lang: str) -> Content:
    parts: list[str | tuple[str, str]] = [(fb.verdict, VERDICT_STYLE[fb.tone]), " · ", fb.rating]
    if fb.saved:
        parts += [" · ", (tr("review.next_due", lang, due=fb.due), "")]
    else:
        parts += [" · ", (tr("review.cram_note", lang), "italic")]
    return Content.assemble(*parts)


def entry_line(entry: EntryLine, lang: str) -> Content:
    return Content.assemble((label("glossary.entry", lang), "bold $accent"), (entry.ja, "bold"),
                            f"（{entry.reading}）" if entry.reading else "",
                            f" / {entry.en}" if entry.en else "",
                            f" ({entry.abbr})" if entry.abbr else "",
                            " — " + entry.definition if entry.definition else "")


def part_line(part: PartLine, lang: str) -> Content:
    if part.diff is not None:
        return Content.assemble((label("review.your_answer", lang), "bold"),
                                diff_content(part.diff))
    return Content("  " + tr("part", lang, label=part.label, mark="✓" if part.right else "✗",
                             given=part.given, expected=part.expected))


def feedback_lines(fb: AnswerFeedback, lang: str, *, grid_marks: bool = False) -> list[Content]:
    """The lines under the verdict; `grid_marks`: the matching grid already marks each
    pair, so only typo diffs are listed."""
    lines: list[Content] = []
    if fb.too_slow:
        lines.append(Content.styled(fb.too_slow, "italic"))
    if fb.answer:
        lines.append(Content.assemble((label("review.answer", lang), "bold"), fb.answer))
    if fb.number:
        lines.append(Content(visible(fb.number)))
    lines += [part_line(p, lang) for p in fb.parts if p.diff is not None or not grid_marks]
    if fb.explanation:
        lines.append(Content.assemble((label("review.explanation", lang), "bold $accent"),
                                      fb.explanation))
    for entry in fb.entries:
        lines.append(entry_line(entry, lang))
        if entry.note:
            lines.append(Content.assemble((label("glossary.note", lang), "bold"),
                                          (entry.note, "$text-muted")))
    if fb.evidence:
        lines.append(Content.styled(fb.evidence, "bold $warning"))
    for source in fb.sources:
        lines.append(Content.assemble((label("review.source", lang), "bold $accent"),
                                      source.title, source.section,
                                      (source.warning, "$warning")))
    return lines


def feedback_content(c: Committed, lang: str, *, can_upgrade: bool) -> Content:
    fb = answer_feedback(c, lang, can_upgrade=can_upgrade)
    grid_marks = c.judgement.question.kind == "matching"
    lines = [verdict_line(fb, lang), *feedback_lines(fb, lang, grid_marks=grid_marks),
             Content.styled(fb.hint, "$text-muted")]
    return Content("\n").join(lines)

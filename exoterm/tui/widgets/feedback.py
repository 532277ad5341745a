"""What the review screen shows after an answer, built as `Content` (content stays literal).

Verdict, rating and next due date first; then the right answer (with a typo diff when
nearly right), the explanation, glossary entries, the evidence level and citations.
"""

from __future__ import annotations

from textual.content import Content

from exoterm.core.quiz.questions import Feedback, GlossaryEntry, Judgement, TextDiff
from exoterm.core.quiz.session import Committed
from exoterm.core.quiz.texts import format_interval
from exoterm.core.textsafety import visible
from exoterm.tui.i18n import label, tr

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


def verdict_line(c: Committed, lang: str) -> Content:
    j = c.judgement
    key = "quiz:verdict.dontknow" if j.gave_up else f"quiz:verdict.{j.verdict}"
    verdict = tr("quiz:verdict.graded", lang) if j.self_graded else tr(key, lang)
    rating = tr(f"quiz:rating.{int(c.rating)}", lang)
    parts: list[str | tuple[str, str]] = [(verdict, VERDICT_STYLE[j.verdict]), " · ", rating]
    if c.saved:
        parts += [" · ", (tr("review.next_due", lang, due=format_interval(c.interval, lang)), "")]
    else:
        parts += [" · ", (tr("review.cram_note", lang), "italic")]
    return Content.assemble(*parts)


def entry_line(entry: GlossaryEntry, explanation: str, lang: str) -> Content:
    """A glossary entry; its definition is left out when it is the explanation already."""
    reading = f"（{entry.reading}）" if entry.reading and entry.reading != entry.ja else ""
    abbr = f" ({', '.join(entry.abbr)})" if entry.abbr else ""
    definition = "" if entry.definition == explanation else " — " + entry.definition
    return Content.assemble((label("glossary.entry", lang), "bold $accent"), (entry.ja, "bold"),
                            reading, " / ", entry.en, abbr, definition)


def feedback_lines(fb: Feedback, lang: str) -> list[Content]:
    lines: list[Content] = []
    if fb.explanation:
        lines.append(Content.assemble((label("review.explanation", lang), "bold $accent"),
                                      fb.explanation))
    for entry in fb.entries:
        lines.append(entry_line(entry, fb.explanation, lang))
        if entry.note:
            lines.append(Content.assemble((label("glossary.note", lang), "bold"),
                                          (entry.note, "$text-muted")))
    if fb.evidence != "established":
        lines.append(Content.styled(tr("quiz:evidence", lang,
                                       level=tr(f"quiz:evidence.{fb.evidence}", lang)),
                                    "bold $warning"))
    for cite in fb.citations:
        trust = tr("quiz:trust.promotional", lang) if cite.trust == "promotional" else ""
        lines.append(Content.assemble((label("review.source", lang), "bold $accent"),
                                      cite.title, f"「{cite.section}」", (trust, "$warning")))
    return lines


def answer_lines(j: Judgement, lang: str) -> list[Content]:
    """The right answer and, per part, what was given (only when not all right)."""
    if j.verdict == "right" or j.self_graded:
        return []
    lines = [Content.assemble((label("review.answer", lang), "bold"), j.correct_answer)]
    for part in j.parts:
        if part.diff is not None:
            lines.append(Content.assemble((label("review.your_answer", lang), "bold"),
                                          diff_content(part.diff)))
        elif len(j.parts) > 1 and j.question.kind == "cloze":
            mark = "✓" if part.verdict == "right" else "✗"
            given = visible(part.given or "—")
            lines.append(Content(f"  ({part.label}) {mark} {given} → {part.expected}"))
    return lines


def feedback_content(c: Committed, lang: str, *, can_upgrade: bool) -> Content:
    lines = [verdict_line(c, lang)]
    if c.too_slow_for_easy:
        lines.append(Content.styled(tr("quiz:too_slow", lang), "italic"))
    lines += answer_lines(c.judgement, lang)
    lines += feedback_lines(c.judgement.question.feedback, lang)
    hint = tr("review.after_hint_easy" if can_upgrade else "review.after_hint", lang)
    lines.append(Content.styled(hint, "$text-muted"))
    return Content("\n").join(lines)

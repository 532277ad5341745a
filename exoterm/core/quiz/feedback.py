"""What a committed answer shows, built once: `AnswerFeedback` (verdict, rating, when the
card comes back, the right answer with typo diffs and per-part marks, the question's
explanation, glossary entries, evidence level and citations, the keys that move on) and
the hint lines while asking. The TUI and `review --plain` only lay them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from exoterm.core.japanese import to_hiragana
from exoterm.core.numbers import format_number, read_number, round_to
from exoterm.core.quiz.intervals import format_interval, grade_keys
from exoterm.core.quiz.questions import GlossaryEntry, Judgement, Question, TextDiff
from exoterm.core.quiz.session import Committed
from exoterm.core.texts import label, tr
from exoterm.core.textsafety import visible

Tone = Literal["right", "almost", "wrong"]


@dataclass(frozen=True, slots=True)
class EntryLine:
    """A glossary entry as shown after an answer: the reading only where it adds
    something (not over kana read as written: the glossary's furigana rule), the
    definition left out ("") when it is the explanation already."""

    ja: str
    reading: str
    en: str
    abbr: str
    definition: str
    note: str


@dataclass(frozen=True, slots=True)
class PartLine:
    """A part of an answer that was not right: a typed answer with its typo diff, or one
    blank or pair of a many-part answer (what was given, made visible, and expected)."""

    label: str
    right: bool
    given: str
    expected: str
    diff: TextDiff | None = None


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A citation: the source's title, the section quoted in the language's style
    (「概要」 / , “Overview”) and, for a promotional source, a warning."""

    title: str
    section: str
    warning: str


@dataclass(frozen=True, slots=True)
class AnswerFeedback:
    """Everything shown after a committed answer, in the interface language, built once
    (`answer_feedback`); the TUI and `review --plain` only lay it out. Empty strings and
    tuples are parts not to show."""

    tone: Tone
    verdict: str
    rating: str
    saved: bool
    due: str
    too_slow: str
    answer: str
    parts: tuple[PartLine, ...]
    number: str  # a calculation not right: the number as read (and how it rounds)
    explanation: str
    entries: tuple[EntryLine, ...]
    evidence: str
    sources: tuple[SourceLine, ...]
    hint: str  # the keys that move on (the TUI's; plain mode lists its keys at the start)


def entry_line(entry: GlossaryEntry, explanation: str) -> EntryLine:
    reading = entry.reading if entry.reading and to_hiragana(entry.ja) != entry.reading else ""
    definition = "" if entry.definition == explanation else entry.definition
    return EntryLine(entry.ja, reading, entry.en, ", ".join(entry.abbr), definition,
                     entry.note or "")


def answer_feedback(c: Committed, lang: str, *, can_upgrade: bool = False) -> AnswerFeedback:
    """The feedback for `c`: verdict, rating and when the card comes back; for an answer
    not right the right one with typo diffs and per-part marks; the explanation, glossary
    entries, evidence level and citations; and the keys that move on."""
    j = c.judgement
    fb = j.question.feedback
    verdict_key = ("verdict.graded" if j.self_graded else
                   "verdict.dontknow" if j.gave_up else f"verdict.{j.verdict}")
    shown = j.verdict != "right" and not j.self_graded
    many = len(j.parts) > 1 and j.question.kind in ("cloze", "matching")
    parts = tuple(PartLine(p.label, p.verdict == "right", visible(p.given or "—"), p.expected,
                           p.diff) for p in j.parts if p.diff is not None or many) if shown else ()
    evidence = (tr("evidence", lang, level=tr(f"evidence.{fb.evidence}", lang))
                if fb.evidence != "established" else "")
    sources = tuple(SourceLine(cite.title, tr("source.section", lang, section=cite.section),
                               tr("trust.promotional", lang) if cite.trust == "promotional"
                               else "") for cite in fb.citations)
    return AnswerFeedback(
        tone=j.verdict, verdict=tr(verdict_key, lang), rating=tr(f"rating.{int(c.rating)}", lang),
        saved=c.saved, due=format_interval(c.interval, lang) if c.saved else "",
        too_slow=tr("too_slow", lang) if c.too_slow_for_easy else "",
        answer=j.correct_answer if shown else "", parts=parts,
        number=number_line(j, lang) if shown else "",
        explanation=fb.explanation,
        entries=tuple(entry_line(e, fb.explanation) for e in fb.entries),
        evidence=evidence, sources=sources,
        hint=tr("review.after_hint_easy" if can_upgrade else "review.after_hint", lang))


def number_line(j: Judgement, lang: str) -> str:
    """A calculation answered wrong or unrounded: "Your answer: 83.3 滴/分", and when only
    the rounding was missing, what it rounds to. Empty for other kinds and don't-know."""
    if j.question.kind != "numeric" or j.gave_up or not j.parts:
        return ""
    line = label("numeric.your_answer", lang) + j.parts[0].given
    places = j.question.decimals
    if j.verdict == "almost" and places is not None:
        rounded = format_number(round_to(read_number(j.parts[0].given).value, places), places)
        key = "numeric.rounded" + ("" if places > 1 else str(places))
        line += " — " + tr(key, lang, n=places, rounded=rounded)
    return line


# ---- while asking: what to press or type --------------------------------------------

Front = Literal["tui", "plain"]

# the hint per question kind: (TUI key, plain key); the TUI is answered with keys and
# widgets, plain mode by typing a line
ASK_HINTS: dict[str, tuple[str, str]] = {
    "single": ("review.pick_one", "hint.single"),
    "multi": ("review.pick_n", "hint.multi"),
    "truefalse": ("review.tf_keys", "hint.truefalse"),
    "matching": ("review.match_hint", "hint.matching"),
    "cloze": ("review.cloze_hint", "hint.cloze"),
    "cloze1": ("review.cloze_hint", "hint.cloze1"),
    "typed.en": ("review.type_en", "hint.typed.en"),
    "typed.ja": ("review.type_ja", "hint.typed.ja"),
    "numeric": ("review.numeric", "hint.numeric"),
    "numeric.nounit": ("review.numeric", "hint.numeric.nounit"),
    "flashcard": ("review.recall_hint", "hint.flashcard"),
}


def kind_label(q: Question, lang: str) -> str:
    """What is asked, for the header: section · term direction · question kind."""
    what = [tr(f"kind.{q.kind}", lang, select=q.select)]
    if q.direction:
        what.insert(0, tr(f"dir.{q.direction}", lang))
    if q.section:
        what.insert(0, q.section)
    return " · ".join(what)


def ask_hint(q: Question, lang: str, front: Front) -> str:
    """How to answer `q` in that front end (a flashcard: how to show its back)."""
    kind: str = q.kind
    if kind == "typed":
        kind = "typed.en" if q.answer_lang == "en" else "typed.ja"
    elif kind == "cloze" and q.blanks <= 1:
        kind = "cloze1"
    elif kind == "numeric" and not q.unit:
        kind = "numeric.nounit"
    key = ASK_HINTS[kind][front == "plain"]
    hint = tr(key, lang, n=len(q.options), select=q.select, unit=q.unit,
              example=" / ".join("…" for _ in range(q.blanks)))
    if q.kind == "numeric" and q.decimals is not None:
        places = tr("hint.decimals" + ("" if q.decimals > 1 else str(q.decimals)), lang,
                    n=q.decimals)
        hint = places + ("" if lang == "ja" else " ") + hint
    return hint


def rating_hint(previews: Mapping[int, timedelta], lang: str) -> str:
    """A revealed flashcard's rating keys, each with the interval it would give (labels
    only when nothing is scheduled, as when cramming)."""
    return tr("grade.keys", lang, keys=grade_keys(previews, lang))

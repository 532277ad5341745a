"""Progress a nursing student reads at a glance: accuracy per exam section and per
category over the last 30 days next to the pass lines, a calendar of study days
(GitHub-style, weeks as columns), and the mock-exam history. `stats`, its `--json` and the
stats screen show these figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from exoterm.core.content.models import SECTIONS, Deck
from exoterm.core.exam.classify import card_category, card_section, category_label
from exoterm.core.exam.scoring import REQUIRED_LINE, CategoryTally, Tally
from exoterm.core.progress import WINDOW, answers_per_day
from exoterm.core.srs.clock import day_start, from_ms, study_day, to_ms
from exoterm.core.store import Store
from exoterm.core.store.exams import ExamScore, exam_history
from exoterm.core.store.stats import answer_outcomes
from exoterm.core.texts import tr

HEATMAP_WEEKS = 26  # half a year: 26 columns of two cells fit 80 columns with labels
SHADES = "·░▒▓█"  # no answers, then quarters of the busiest day


@dataclass(frozen=True)
class ExamProgress:
    sections: dict[str, Tally]
    categories: tuple[CategoryTally, ...]
    pass_line: int
    today: date
    days: list[int]  # answers per study day, oldest first, ending today
    exams: list[ExamScore] = field(default_factory=list)
    exam_days: list[str] = field(default_factory=list)  # each exam's study day, ISO

    def line_for(self, section: str) -> int:
        return REQUIRED_LINE if section == "必修" else self.pass_line

    def to_json(self) -> dict[str, object]:
        def tally(t: Tally) -> dict[str, object]:
            return {"right": t.right, "answered": t.asked,
                    "accuracy": round(t.rate, 4) if t.asked else None}

        first = self.today - timedelta(days=len(self.days) - 1)
        return {
            "accuracy_30d": {
                "sections": {s: {**tally(t), "pass_line": self.line_for(s)}
                             for s, t in self.sections.items()},
                "categories": [{"id": c.id, "label": c.label, **tally(c.tally)}
                               for c in self.categories],
            },
            "study_days": [{"day": (first + timedelta(days=i)).isoformat(), "answers": n}
                           for i, n in enumerate(self.days) if n],
            "exams": [{"id": e.id, "finished": from_ms(e.finished_ms).isoformat(), "day": day,
                       "right": e.right, "asked": e.asked,
                       "sections": {s: {"right": r, "asked": n} for s, (r, n) in e.sections.items()},
                       "pass_line": e.pass_line}
                      for e, day in zip(self.exams, self.exam_days, strict=True)],
        }


def compute_exam_progress(store: Store, deck: Deck | None, lang: str = "ja",
                          now: datetime | None = None) -> ExamProgress:
    """The figures, read in one snapshot (blocking)."""
    now = store.now(now)
    s = store.settings
    today = store.today(now)
    since = to_ms(day_start(today - timedelta(days=WINDOW - 1), s.tz, s.rollover_hour))
    span = (HEATMAP_WEEKS - 1) * 7 + today.weekday() + 1
    with store.read():
        outcomes = answer_outcomes(store, since)
        days = answers_per_day(store, span, now)
        exams = exam_history(store)
    sections: dict[str, Tally] = {sec: Tally() for sec in SECTIONS}
    cats: dict[str, Tally] = {}
    if deck is not None:
        for o in outcomes:
            section = card_section(deck, o.card_id)
            if section is not None:
                sections[section] = sections[section].add(o.right, 1)
            cat = card_category(deck, o.card_id)
            if cat is not None:
                cats[cat] = cats.get(cat, Tally()).add(o.right, 1)
    order = ([c.id for c in deck.categories] if deck else []) + sorted(
        set(cats) - set(deck.category_by_id if deck else ()))
    categories = tuple(CategoryTally(c, category_label(deck, c, lang), cats[c])
                       for c in order if c in cats and deck is not None)
    exam_days = [study_day(from_ms(e.finished_ms), s.tz, s.rollover_hour).isoformat()
                 for e in exams]
    return ExamProgress(sections, categories, s.exam_pass_line, today, days, exams, exam_days)


def heatmap_rows(p: ExamProgress, lang: str) -> list[tuple[str, list[int | None]]]:
    """(weekday label, level per week) for Monday … Sunday: the level is 0 (no answers) to
    4 (the busiest quarter), None for days after today."""
    peak = max(p.days, default=0)
    weeks = (len(p.days) + 6) // 7
    names = ("月火水木金土日" if lang == "ja" else "MTWTFSS")
    rows = []
    for weekday in range(7):
        levels: list[int | None] = []
        for week in range(weeks):
            index = week * 7 + weekday
            if index >= len(p.days):
                levels.append(None)
                continue
            n = p.days[index]
            levels.append(0 if n == 0 or peak == 0 else min(4, 1 + (n * 4 - 1) // peak))
        rows.append((names[weekday], levels))
    return rows


def heatmap_text(p: ExamProgress, lang: str) -> list[str]:
    """The calendar as plain lines (`stats`), one cell of SHADES per day."""
    out = [tr("stats.heatmap", lang, weeks=HEATMAP_WEEKS)]
    for name, levels in heatmap_rows(p, lang):
        cells = " ".join(" " if lv is None else SHADES[lv] for lv in levels)
        out.append(f"  {name} {cells}")
    out.append("  " + tr("stats.heatmap_scale", lang, cells=" ".join(SHADES)))
    return out


def accuracy_lines(p: ExamProgress, lang: str) -> list[tuple[str, bool | None]]:
    """(line, at or above its pass line) per section, then (line, None) per category."""
    out: list[tuple[str, bool | None]] = []
    for section, t in p.sections.items():
        if not t.asked:
            continue
        line = p.line_for(section)
        out.append((tr("stats.accuracy_line", lang, name=section, right=t.right, asked=t.asked,
                       pct=round(t.rate * 100), line=tr("stats.pass_line", lang, line=line)),
                    t.rate * 100 >= line))
    for c in p.categories:
        t = c.tally
        out.append(("  " + tr("stats.accuracy_line", lang, name=c.label, right=t.right,
                              asked=t.asked, pct=round(t.rate * 100), line=""), None))
    return out


def exam_lines(p: ExamProgress, lang: str, last: int = 5) -> list[str]:
    """The latest mock exams, one line each (study day, score, percent)."""
    out = []
    for e, day in list(zip(p.exams, p.exam_days, strict=True))[-last:]:
        pct = round(e.right / e.asked * 100) if e.asked else 0
        out.append(tr("exam.history_line", lang, date=day, right=e.right, asked=e.asked, pct=pct))
    return out


def format_exam_progress(p: ExamProgress, lang: str) -> str:
    """The plain-text part `exoterm stats` adds."""
    lines = [tr("stats.accuracy", lang)]
    acc = accuracy_lines(p, lang)
    lines += ["  " + text for text, _ in acc] if acc else ["  " + tr("stats.none", lang)]
    lines += heatmap_text(p, lang)
    lines.append(tr("exam.history", lang))
    history = exam_lines(p, lang)
    lines += ["  " + x for x in history] if history else ["  " + tr("exam.history_none", lang)]
    return "\n".join(lines)

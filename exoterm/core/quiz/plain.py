"""The line-based review loop of `exoterm review --plain`: stdin/stdout, no terminal UI.

Works over ssh, with a screen reader and with a pipe (one answer per line). Each answer
is committed to the store before anything else is printed; the first line after it says
"saved" / "保存しました" (or, when cramming, that nothing is recorded). `q` or end of
input ends the session with a summary, and so does a line longer than MAX_LINE. Content
is printed exactly as written (the loader refuses control characters in it); what the
learner typed is echoed through `visible()`. On a terminal (`width` given) lines wrap
with exoterm's line breaker (Japanese by phrase, kinsoku, ids and numbers with units kept
whole) and options with a hanging indent after their number; a pipe gets whole lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from exoterm.core.quiz.answers import fold
from exoterm.core.quiz.feedback import EntryLine, answer_feedback, ask_hint, kind_label, rating_hint
from exoterm.core.quiz.intervals import next_due_text
from exoterm.core.quiz.judge import parse_grade
from exoterm.core.quiz.questions import (
    InvalidAnswer,
    Lang,
    Question,
    TextDiff,
)
from exoterm.core.quiz.session import Committed, StudySession
from exoterm.core.texts import label, tr
from exoterm.core.textsafety import visible

QUIT = frozenset({"q", "quit", "exit", ":q", "終了"})
UNDO = frozenset({"u", "undo", "取消", "取り消し"})
EASY_MARKS = ("!", "！")
MAX_LINE = 4096  # characters in one answer line; a longer one (`< /dev/zero`) ends the session


class LineTooLong(Exception):
    """An input line longer than MAX_LINE (`< /dev/zero`): input stops there."""


def prompt_line(inp: TextIO, out: TextIO) -> str | None:
    """Write the `> ` prompt and read one line without its newline; None at end of input.
    LineTooLong for a line over MAX_LINE (nothing more is read: it may never end). Shared
    by plain review and `exam --plain`."""
    out.write("> ")
    out.flush()
    line = inp.readline(MAX_LINE + 1)
    if not line:
        return None
    if len(line) > MAX_LINE and not line.endswith("\n"):
        raise LineTooLong
    return line.rstrip("\r\n")


def read_answer(inp: TextIO, out: TextIO, say: Callable[..., None], lang: Lang,
                echo: bool) -> tuple[str | None, bool]:
    """`prompt_line` with what plain review and `exam --plain` both say around it: a line
    break at the end of input or after a line too long (and why), a piped answer echoed
    (made visible). Returns the line (None: input is over) and whether it was too long."""
    try:
        line = prompt_line(inp, out)
    except LineTooLong:
        say()
        say(tr("input.too_long", lang, n=MAX_LINE))
        return None, True
    if line is None:
        say()
    elif echo:
        say(visible(line))
    return line, False


def render_diff(diff: TextDiff) -> str:
    """A typo diff as plain text: [-extra-] typed but not in the answer, {+missing+}."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in diff.runs)


def entry_text(entry: EntryLine, lang: Lang) -> str:
    abbr = f" ({entry.abbr})" if entry.abbr else ""
    ja = f"{entry.ja}（{entry.reading}）" if entry.reading else entry.ja
    if not entry.en:
        names = f"{ja}{abbr}"
    else:
        names = f"{ja} / {entry.en}{abbr}" if lang == "ja" else f"{entry.en}{abbr} / {ja}"
    return f"{names} — {entry.definition}" if entry.definition else names


class PlainReview:
    """Runs a StudySession on text streams; `echo` repeats piped answers in the output."""

    def __init__(self, session: StudySession, inp: TextIO, out: TextIO, *, echo: bool,
                 width: int | None = None) -> None:
        self.session = session
        self.width = width
        self.lang: Lang = session.options.lang
        self.inp = inp
        self.out = out
        self.echo = echo
        self.overlong = False  # input stopped at a line longer than MAX_LINE

    def say(self, text: str = "", *, first: str = "") -> None:
        """Print a line (`first` before it, a hanging indent), wrapped on a terminal."""
        if self.width is None:
            self.out.write(first + text + "\n")
            return
        from exoterm.core.linebreak import wrap  # only on a terminal: a pipe never pays for it

        indent = " " * len(first) if first.isascii() else ""
        for line in wrap(text, self.width, first=first, indent=indent):
            self.out.write(line + "\n")

    def read(self) -> str | None:
        """One line of input (without its newline), or None at end of input."""
        line, too_long = read_answer(self.inp, self.out, self.say, self.lang, self.echo)
        self.overlong = self.overlong or too_long
        return line

    def run(self) -> int:
        order = self.session.start()
        plan = self.session.plan
        if not order:
            self.say(tr("empty", self.lang))
            self.say_next_due()
            return 0
        if self.session.options.cram:
            self.say(tr("start.cram", self.lang, n=len(order)))
        else:
            asked = set(order)
            counts = [len(asked.intersection(part)) for part in (plan.learning, plan.review,
                                                                  plan.new)]
            self.say(tr("start", self.lang, n=len(order), learning=counts[0], review=counts[1],
                        new=counts[2]))
        self.say(tr("keys", self.lang))
        while (question := self.session.next_question()) is not None:
            self.show(question)
            if not self.ask(question):
                break
        self.summary()
        return 1 if self.overlong else 0

    # showing -----------------------------------------------------------------------
    def show(self, q: Question) -> None:
        lang = self.lang
        total = self.session.position + self.session.remaining
        self.say()
        self.say(tr("header", lang, i=self.session.position, n=total, what=kind_label(q, lang)))
        if q.scenario is not None:
            self.say(label("review.case", lang) + q.scenario.title)
            self.say(q.scenario.text)
            self.say()
        self.say(q.prompt)
        if q.text:
            self.say(q.text)
        for option in q.options:
            self.say(option.text, first=f"  {option.key}. ")
        for target in q.targets:
            self.say(target.text, first=f"  {target.key}. ")
        self.say(ask_hint(q, lang, "plain"))

    # asking ------------------------------------------------------------------------
    def _command(self, line: str) -> str | None:
        word = fold(line)
        if word in QUIT:
            return "quit"
        if word in UNDO:
            if self.session.undo() is None:
                self.say(tr("undo.none", self.lang))
                return "again"
            self.say(tr("undone", self.lang))
            return "undone"
        return None

    def _next_reply(self) -> str | bool:
        """The next answer line, or True (an answer was undone: move on) / False (quit or
        end of input); commands such as `u` are carried out here."""
        while True:
            line = self.read()
            if line is None:
                return False
            command = self._command(line)
            if command == "quit":
                return False
            if command == "undone":
                return True
            if command != "again":
                return line

    def ask(self, q: Question) -> bool:
        """Ask until answered; False when the learner quits (q or end of input)."""
        if q.kind == "flashcard":
            return self.ask_flashcard(q)
        while True:
            line = self._next_reply()
            if isinstance(line, bool):
                return line
            text = line.strip()
            easy = len(text) > 1 and text.endswith(EASY_MARKS)
            try:
                judgement = self.session.answer(text[:-1] if easy else text)
            except InvalidAnswer as err:
                self.say(tr(err.key, self.lang, **err.values))
                continue
            self.report(self.session.commit(judgement, easy=easy))
            return True

    def ask_flashcard(self, q: Question) -> bool:
        revealed = False
        while True:
            line = self._next_reply()
            if isinstance(line, bool):
                return line
            if not revealed:
                self.say(label("review.answer", self.lang) + q.back)
                self.say(rating_hint(self.session.preview(), self.lang))
                revealed = True
                continue
            try:
                judgement = self.session.grade(parse_grade(line))
            except InvalidAnswer as err:
                self.say(tr(err.key, self.lang, **err.values))
                continue
            self.report(self.session.commit(judgement))
            return True

    # feedback ----------------------------------------------------------------------
    def report(self, c: Committed) -> None:
        """Lay out the answer's feedback: the save acknowledgement first, then the right
        answer, typo diffs and parts, explanation, glossary, evidence and sources."""
        lang = self.lang
        fb = answer_feedback(c, lang)
        if fb.saved:
            self.say(tr("saved", lang, verdict=fb.verdict, rating=fb.rating, due=fb.due))
        else:
            self.say(tr("cram", lang, verdict=fb.verdict, rating=fb.rating))
        if fb.too_slow:
            self.say(fb.too_slow)
        if fb.answer:
            self.say(label("review.answer", lang) + fb.answer)
        if fb.number:
            self.say(visible(fb.number))
        for part in fb.parts:
            if part.diff is not None:
                self.say(tr("typo", lang, given=visible(part.diff.given),
                            expected=part.diff.expected, diff=visible(render_diff(part.diff))))
            else:
                self.say(tr("part", lang, label=part.label, mark="✓" if part.right else "✗",
                            given=part.given, expected=part.expected))
        if fb.explanation:
            self.say(label("review.explanation", lang) + fb.explanation)
        for entry in fb.entries:
            self.say(label("glossary.entry", lang) + entry_text(entry, lang))
            if entry.note:
                self.say(label("glossary.note", lang) + entry.note)
        if fb.evidence:
            self.say(fb.evidence)
        for source in fb.sources:
            self.say(label("review.source", lang) + source.title + source.section + source.warning)

    def summary(self) -> None:
        s = self.session.summary
        self.say(tr("summary", self.lang, answered=s.answered, right=s.right, almost=s.almost,
                    wrong=s.wrong, cards=len(s.cards), minutes=s.minutes))
        if not self.session.options.cram:
            self.say(tr("summary.recorded", self.lang, n=s.recorded))
            self.say_next_due()

    def say_next_due(self) -> None:
        """When the next card is due (recorded sessions only)."""
        store = self.session.store
        if store is not None and not self.session.options.cram:
            self.say(next_due_text(self.session.next_due(), store.now(), store.settings.tz,
                                   self.lang))

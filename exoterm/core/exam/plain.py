"""The line loop of `exoterm exam --plain`: a mock exam on stdin/stdout (pipes, screen
readers, ssh). Same rules as the exam screen: no feedback while sitting, every answer
saved before the next line is printed, flags and moving between questions, the time left
in each header; `q` or end of input pauses (the exam resumes next time), `/end` or the end
of the time hands it in and prints the result."""

from __future__ import annotations

from typing import TextIO

from exoterm.core.exam.report import minsec, result_text
from exoterm.core.exam.sitting import ExamOver, ExamSitting
from exoterm.core.quiz.feedback import ask_hint, kind_label
from exoterm.core.quiz.plain import read_answer
from exoterm.core.quiz.questions import InvalidAnswer, Question
from exoterm.core.texts import label, tr
from exoterm.core.textsafety import visible

PAUSE = frozenset({"q", "quit", "exit", ":q", "終了", "中断"})


def exam_label(section: str, q: Question, lang: str) -> str:
    """Section and question kind for a header (an item naming no section is 一般)."""
    what = kind_label(q, lang)
    return what if q.section else f"{section} · {what}"


class PlainExam:
    """Runs an ExamSitting on text streams; `echo` repeats piped answers in the output."""

    def __init__(self, sitting: ExamSitting, inp: TextIO, out: TextIO, *, echo: bool) -> None:
        self.exam = sitting
        self.lang = sitting.lang
        self.inp = inp
        self.out = out
        self.echo = echo

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def read(self) -> str | None:
        """One answer line, or None: input is over, or a line was too long (said, then
        the exam pauses as at the end of input)."""
        return read_answer(self.inp, self.out, self.say, self.lang, self.echo)[0]

    def left(self) -> str:
        return minsec(self.exam.remaining(), self.lang)

    def intro(self, resumed: bool) -> None:
        exam, lang = self.exam, self.lang
        sections = [s.section for s in exam.slots]
        if resumed:
            done = len(exam.slots) - len(exam.unanswered())
            self.say(tr("exam.resumed", lang, done=done, n=len(exam.slots), left=self.left()))
        else:
            self.say(tr("exam.start", lang, n=len(sections), h=sections.count("必修"),
                        g=sections.count("一般"), c=sections.count("状況設定"),
                        minutes=exam.limit_s // 60))
        if exam.missing:
            self.say(tr("exam.missing", lang, n=exam.missing))
        self.say(tr("exam.plain_keys", lang))

    def show(self) -> None:
        exam, lang = self.exam, self.lang
        slot = exam.current
        q = slot.question
        self.say()
        flag = tr("exam.flag_mark", lang) if slot.flagged else ""
        self.say(tr("exam.header", lang, i=exam.index + 1, n=len(exam.slots),
                    what=exam_label(slot.section, q, lang), left=self.left(), flag=flag))
        if q.scenario is not None:
            self.say(label("review.case", lang) + q.scenario.title)
            self.say(q.scenario.text)
            self.say()
        self.say(q.prompt)
        if q.text:
            self.say(q.text)
        for option in (*q.options, *q.targets):
            self.say(f"  {option.key}. {option.text}")
        self.say(ask_hint(q, lang, "plain"))
        if slot.response is not None:
            self.say(tr("exam.given", lang, answer=visible(slot.response)))

    def run(self, *, resumed: bool = False) -> int:
        """Sit the exam; 0 when handed in (the result printed) or paused (`q`, end of
        input: the exam resumes next time)."""
        self.intro(resumed)
        shown = -1
        while True:
            if self.exam.time_up:
                self.say(tr("exam.time_up", self.lang))
                return self.hand_in()
            if self.exam.index != shown:
                self.show()
                shown = self.exam.index
            line = self.read()
            if line is None or line.strip().lower() in PAUSE:
                self.exam.pause()
                self.say(tr("exam.paused", self.lang, left=self.left()))
                return 0
            if self.exam.time_up:  # the time ran out while the answer was being typed
                self.say(tr("exam.time_up", self.lang))
                return self.hand_in()
            text = line.strip()
            if text.startswith("/"):
                if self.command(text[1:].strip().lower()):
                    return self.hand_in()
                if self.exam.index == shown and text[1:2] in ("g", "p"):
                    shown = -1  # asked to see this question again
                continue
            if text:
                try:
                    self.exam.answer(text)
                except InvalidAnswer as err:
                    self.say(tr(err.key, self.lang, **err.values))
                    continue
                except ExamOver:
                    continue
                self.say(tr("exam.saved", self.lang))
            self.advance()

    def advance(self) -> None:
        """On to the next question; after the last, what is left to revisit."""
        exam = self.exam
        if exam.index + 1 < len(exam.slots):
            exam.next()
            return
        self.overview()

    def overview(self) -> None:
        exam, lang = self.exam, self.lang
        revisit = exam.to_revisit()
        if not revisit:
            self.say(tr("exam.all_done", lang))
            return
        which = ", ".join(str(i + 1) for i in revisit[:20]) + ("…" if len(revisit) > 20 else "")
        self.say(tr("exam.revisit", lang, u=len(exam.unanswered()), f=len(exam.flagged()),
                    which=which))

    def command(self, word: str) -> bool:
        """Carry out a /command; True to hand the exam in."""
        exam, lang = self.exam, self.lang
        if word in ("end", "submit", "提出"):
            return True
        if word in ("f", "flag"):
            try:
                on = exam.toggle_flag()
            except ExamOver:
                return False
            self.say(tr("exam.flagged" if on else "exam.unflagged", lang))
        elif word in ("n", "next", ""):
            self.advance()
        elif word in ("p", "prev", "previous"):
            exam.previous()
        elif word in ("l", "list"):
            for i, slot in enumerate(exam.slots):
                mark = ("⚑" if slot.flagged else " ") + ("●" if slot.response is not None else "○")
                self.say(tr("exam.list", lang, i=i + 1, mark=mark,
                            section=tr(f"section.{slot.section}", lang)))
            self.overview()
        elif word.startswith("g"):
            number = word[1:].strip()
            if not number.isdigit() or not 1 <= int(number) <= len(exam.slots):
                self.say(tr("exam.no_such", lang, n=len(exam.slots)))
            else:
                exam.go(int(number) - 1)
        else:
            self.say(tr("exam.plain_keys", lang))
        return False

    def hand_in(self) -> int:
        result = self.exam.finish()
        self.say(tr("exam.handed_in", self.lang))
        self.say()
        for line in result_text(result, self.lang):
            self.say(line)
        return 0

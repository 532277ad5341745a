"""`exoterm exam --plain`: no feedback while sitting, flags and moving, pause and resume,
the result at the end; on a pipe, end to end."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from quiz_fixtures import QUIZ_DECK, open_store, quiz_deck, right_answer, wrong_answer

from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.plain import PlainExam
from exoterm.core.exam.sitting import ExamSitting

OPTIONS = ExamOptions(questions=4, minutes=10, seed=4)


def test_plain_exam_saves_without_feedback_and_reports_at_the_end(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    exam = ExamSitting.start(quiz_deck(), store, build_exam(quiz_deck(), OPTIONS), "en")
    qs = [s.question for s in exam.slots]
    assert len(qs) == 4
    # 1 right; 2 flagged, then wrong; 3 skipped; 4 right; the list; back to 3; hand in
    script = [right_answer(qs[0]), "/f", wrong_answer(qs[1]), "", right_answer(qs[3]), "/l",
              "/g 3", "/end"]
    out = io.StringIO()
    code = PlainExam(exam, io.StringIO("\n".join(script) + "\n"), out, echo=True).run()
    text = out.getvalue()
    before, _, after = text.partition("Handed in.")
    assert code == 0 and after
    assert "Right" not in before and "Wrong" not in before and "Why:" not in before
    assert before.count("Saved.") == 3 and "Flagged to revisit." in before
    assert "1 unanswered, 1 flagged: 2, 3" in before
    assert "Review of wrong answers (2)" in after
    assert "Your answer: not answered" in after and qs[1].feedback.explanation in after
    assert exam.finished and not ExamSitting.resume(quiz_deck(), store)


def test_a_bad_reply_is_asked_again_and_nothing_is_saved(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    exam = ExamSitting.start(quiz_deck(), store, build_exam(quiz_deck(), OPTIONS), "en")
    out = io.StringIO()
    code = PlainExam(exam, io.StringIO("99\nq\n"), out, echo=True).run()
    assert code == 0 and exam.slots[0].response is None and not exam.finished
    assert "Paused." in out.getvalue()


def exoterm(home: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXOTERM_HOME": str(home), "EXOTERM_CONTENT": str(QUIZ_DECK),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "exoterm", *args], input=stdin, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_on_a_pipe_ctrl_c_or_q_pauses_and_the_next_run_resumes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = exoterm(home, "--lang", "en", "exam", "--plain", "--questions", "3", "--seed", "1",
                    stdin="1\nq\n")
    assert first.returncode == 0, first.stderr
    assert "Mock exam: 3 questions" in first.stdout and "Paused." in first.stdout
    second = exoterm(home, "--lang", "en", "exam", "--plain", stdin="/end\n")
    assert second.returncode == 0, second.stderr
    assert "Resuming your mock exam (1/3 answered" in second.stdout
    assert "== Mock exam result ==" in second.stdout
    bad = exoterm(home, "exam", "--plain", "--section", "nope", stdin="")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    empty = exoterm(home, "--lang", "en", "exam", "--plain", "--tag", "size", "--source",
                    "clinic-ad", stdin="")
    assert empty.returncode != 0 and "No questions match." in empty.stderr


class SlowInput(io.StringIO):
    """Answers that each take a minute to type (moves the exam's clock)."""

    def __init__(self, text: str, clock: list[float]) -> None:
        super().__init__(text)
        self.clock = clock

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        self.clock[0] += 60
        return super().readline(size)


def test_the_end_of_the_time_hands_the_exam_in(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    clock = [0.0]
    plan = build_exam(quiz_deck(), ExamOptions(questions=4, minutes=2, seed=4))
    exam = ExamSitting.start(quiz_deck(), store, plan, "en", monotonic=lambda: clock[0])
    answers = "\n".join(right_answer(s.question) for s in exam.slots) + "\n"
    out = io.StringIO()
    assert PlainExam(exam, SlowInput(answers, clock), out, echo=False).run() == 0
    text = out.getvalue()
    assert "1:00 left" in text and "Time is up. Handing in." in text
    assert text.count("Saved.") == 1  # the second answer came after the end: not saved
    assert exam.finished and exam.result is not None and exam.result.total.right == 1


def test_an_unfinished_exam_whose_questions_all_left_the_content_gives_way(
        tmp_path: Path) -> None:
    """Resuming it failed with an IndexError on every start, until `exam --new`."""
    home = tmp_path / "home"
    first = exoterm(home, "--lang", "en", "exam", "--plain", "--questions", "2", "--seed", "1",
                    stdin="q\n")
    assert first.returncode == 0 and "Paused." in first.stdout, first.stderr
    env = {k: v for k, v in os.environ.items() if k != "EXOTERM_CONTENT"}
    shipped = subprocess.run(
        [sys.executable, "-m", "exoterm", "--lang", "en", "exam", "--plain", "--questions", "3"],
        input="q\n", env={**env, "EXOTERM_HOME": str(home), "PYTHONIOENCODING": "utf-8"},
        capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert shipped.returncode == 0 and "Traceback" not in shipped.stderr, shipped.stderr
    assert "cannot be resumed: all 2 of its questions have left the content" in shipped.stdout
    assert "Mock exam: 3 questions" in shipped.stdout


def test_open_resumes_or_starts_and_drops_an_exam_it_cannot_sit(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    deck = quiz_deck()
    plan = build_exam(deck, OPTIONS)
    started = ExamSitting.open(deck, store, lambda: plan, "en")
    assert started.sitting is not None and not started.resumed and not started.dropped
    again = ExamSitting.open(deck, store, lambda: plan, "en")
    assert again.sitting is not None and again.resumed
    assert again.sitting.exam_id == started.sitting.exam_id
    gone = replace(deck, items=())  # every question of the exam left the content
    empty = build_exam(gone, OPTIONS)
    assert not empty.cards
    opened = ExamSitting.open(gone, store, lambda: empty, "en")
    assert (opened.sitting, opened.resumed, opened.dropped) == (None, False, 4)
    assert ExamSitting.resume(deck, store) is None  # dropped, not left to fail again
    fresh = ExamSitting.open(deck, store, lambda: plan, "en", new=True)
    assert fresh.sitting is not None and not fresh.resumed

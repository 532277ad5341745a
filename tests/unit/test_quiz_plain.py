"""`exoterm review --plain`: end to end with piped answers, and the loop in-process."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from quiz_fixtures import QUIZ_DECK, quiz_deck, right_answer, wrong_answer

from exoterm.core.content.models import Bilingual
from exoterm.core.quiz.plain import PlainReview, render_diff
from exoterm.core.quiz.questions import Lang, Question, TextDiff
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Answered, Store


def exoterm(home: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXOTERM_HOME": str(home), "EXOTERM_CONTENT": str(QUIZ_DECK),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "exoterm", *args], input=stdin, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def probe_answers(folder: Path, seed: int, limit: int, lang: Lang,
                  choose: Callable[[int, Question], str]) -> list[str]:
    """The replies a learner would type, found by running the same session in-process."""
    with Store.open(folder / "probe.sqlite3", daily_backup=False) as store:
        session = StudySession(quiz_deck(), store, SessionOptions(lang=lang, seed=seed,
                                                                  limit=limit))
        replies: list[str] = []
        while (q := session.next_question()) is not None:
            reply = choose(len(replies), q)
            replies.append(reply)
            session.commit(session.answer(reply))
    return replies


def test_piped_session_updates_the_store(tmp_path: Path) -> None:
    replies = probe_answers(tmp_path, 11, 5, "en", lambda _n, q: right_answer(q))
    home = tmp_path / "home"
    replies = replies[:5]  # the five new cards; then those in learning come back: quit
    result = exoterm(home, "--lang", "en", "review", "--plain", "--seed", "11", "--limit", "5",
                     stdin="\n".join(replies) + "\nq\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for reply in replies:  # each answer is acknowledged right after it was echoed
        at = lines.index(f"> {reply}")
        assert "saved" in lines[at + 1] and "✓ Right" in lines[at + 1]
    assert sum("saved" in line for line in lines) == 5
    assert "Done: 5 answered (5 right, 0 almost, 0 wrong), 5 cards, 1 min." in result.stdout
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 5
        assert conn.execute("SELECT COUNT(*) FROM cards WHERE reps = 1").fetchone()[0] == 5


def test_japanese_session_with_mistakes_undo_and_quit(tmp_path: Path) -> None:
    def choose(n: int, q: Question) -> str:
        return wrong_answer(q) if n == 0 else right_answer(q)

    replies = probe_answers(tmp_path, 12, 4, "ja", choose)
    home = tmp_path / "home"
    script = [replies[0], "u", replies[0], "", "?", "q", "never read"]
    result = exoterm(home, "--lang", "ja", "review", "--plain", "--seed", "12", "--limit", "4",
                     stdin="\n".join(script) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("保存しました") == 3  # wrong, wrong again after undo, don't know
    assert "✗ 不正解" in out and "✗ わからない" in out
    assert "正答：" in out and "解説：" in out and "出典：" in out
    assert "取り消しました" in out
    lines = out.splitlines()
    at = lines.index("> ")  # an empty line: explained, asked again, nothing saved
    assert lines[at + 1] == "答えを入力してください（わからなければ ?）。"
    assert lines[at + 2] == "> ?"
    assert "復習：4枚（学習中 0・期日 0・新規 4）" in out
    assert "終了：2問（正解 0・惜しい 0・不正解 2）" in out
    assert "never read" not in out
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 2


def test_end_of_input_ends_cleanly(tmp_path: Path) -> None:
    result = exoterm(tmp_path, "--lang", "en", "review", "--plain", "--seed", "1", stdin="")
    assert result.returncode == 0 and not result.stderr
    assert "Done: 0 answered (0 right, 0 almost, 0 wrong), 0 cards, 0 min.\n" \
        "0 answers recorded.\nMore cards are ready now." in result.stdout


def test_cram_records_nothing(tmp_path: Path) -> None:
    result = exoterm(tmp_path, "--lang", "en", "review", "--plain", "--cram", "--limit", "2",
                     stdin="?\n?\n")
    assert result.returncode == 0, result.stderr
    assert "Cram: 2 cards" in result.stdout and result.stdout.count("cram: not recorded") == 2
    assert "saved" not in result.stdout
    assert not (tmp_path / "progress.sqlite3").exists()


def test_bad_options_give_one_line_errors(tmp_path: Path) -> None:
    for args, message in ((["--lang", "en", "--category", "vesicles"], "did you mean 'vesicle'"),
                          (["--lang", "en", "--section", "hard"], "unknown section"),
                          (["--lang", "en", "--tag", "nope"], "unknown tag"),
                          (["--lang", "ja", "--source", "ref"], "出典「ref」はありません"),
                          (["--limit", "-1"], "must be 0 or more")):
        result = exoterm(tmp_path, "review", "--plain", *args, stdin="")
        assert result.returncode == 2
        assert message in result.stderr
        if "--limit" not in args:  # argparse prints its usage line first
            assert len(result.stderr.strip().splitlines()) == 1


# in-process ------------------------------------------------------------------------------
class Oracle(io.StringIO):
    """Input that answers whatever question is current (right unless told otherwise)."""

    def __init__(self, session: StudySession, reply: Callable[[Question], str]) -> None:
        super().__init__()
        self.session = session
        self.reply = reply

    # typeshed's _io._IOBase.readline returns bytes; its own text classes ignore this override too
    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        q = self.session.current
        return "" if q is None else self.reply(q) + "\n"


def test_each_answer_is_committed_before_anything_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(tmp_path / "p.sqlite3", daily_backup=False)
    session = StudySession(quiz_deck(), store, SessionOptions(lang="en", seed=3, limit=6))
    out = io.StringIO()
    seen: list[str] = []
    real_answer = store.answer

    def spy(card_id: str, rating: Rating | int, **kwargs: Any) -> Answered:
        seen.append(out.getvalue())
        return real_answer(card_id, rating, **kwargs)

    monkeypatch.setattr(store, "answer", spy)
    inp = Oracle(session, lambda q: right_answer(q) + ("!" if q.kind == "single" else ""))
    PlainReview(session, inp, out, echo=True).run()
    assert len(seen) == session.summary.answered >= 6  # 6 new cards; some are learning again
    for text in seen:  # at commit time, the last thing printed is the echoed answer
        assert text.splitlines()[-1].startswith("> ")
    assert "Easy" in out.getvalue()  # "!" on a fast right answer
    store.close()


def test_content_is_printed_as_is_and_flashcards_reveal(tmp_path: Path) -> None:
    deck = quiz_deck()
    item = deck.item_by_id["size-single"]
    marked = replace(item, prompt=Bilingual("[bold]大きさ[/]は？", "[bold]Size[/] of [red]x"))
    deck = replace(deck, items=(marked,), terms=deck.terms[:2])
    options = SessionOptions(lang="en", seed=1, cram=True, term_style="flashcard")
    session = StudySession(deck, None, options)
    replies = iter(["", "3", "", "4"] * 5)

    def reply(q: Question) -> str:
        return right_answer(q) if q.kind != "flashcard" else next(replies, "q")

    out = io.StringIO()
    PlainReview(session, Oracle(session, reply), out, echo=True).run()
    text = out.getvalue()
    assert "[bold]Size[/] of [red]x" in text
    assert "Answer: exosome" in text or "Answer: extracellular vesicle (EV)" in text
    assert "Rate yourself: 1 Again" in text and "Self-graded" in text


def test_render_diff() -> None:
    diff = TextDiff("exsome", "exosome", (("=", "ex"), ("+", "o"), ("-", "x"), ("=", "some")))
    assert render_diff(diff) == "ex{+o+}[-x-]some"


def test_committed_answers_keep_stable_responses_for_results_export(tmp_path: Path) -> None:
    """What the learner picked is logged as choice ids (not shuffled positions), so a
    trainer's item analysis can count distractors; results export carries it."""
    with Store.open(tmp_path / "p.sqlite3", daily_backup=False) as store:
        session = StudySession(quiz_deck(), store, SessionOptions(lang="en", seed=3, limit=40))
        picked: dict[str, str] = {}
        while (q := session.next_question()) is not None:
            first_time = q.card_id not in picked
            reply = wrong_answer(q) if q.kind == "single" and first_time else right_answer(q)
            judgement = session.answer(reply)
            session.commit(judgement)
            if q.kind == "single" and first_time:
                picked[q.card_id] = next(o.id for o in q.options if o.key == reply.strip())
        with store.read() as conn:
            rows = dict(conn.execute(
                "SELECT card_id, response FROM revlog WHERE card_id LIKE 'item:%' AND correct = 0"))
    assert picked, "the fixture deck has single-choice items"
    picked = {k: v for k, v in picked.items() if k.startswith("item:")}
    assert picked
    for card_id, choice_id in picked.items():
        assert rows[card_id] == choice_id


def test_rating_keys_show_the_interval_each_would_give(tmp_path: Path) -> None:
    """Issue 13.10: a revealed flashcard shows each rating key's interval (the scheduler's
    own answer: committing a rating gives exactly the interval shown), and the definition
    with the answer; the summary says how many answers were recorded."""
    from datetime import datetime, timezone

    from exoterm.core.srs.clock import FixedClock

    now = datetime(2025, 4, 1, 3, 0, tzinfo=timezone.utc)
    store = Store.open(tmp_path / "p.sqlite3", clock=FixedClock(now), daily_backup=False)
    options = SessionOptions(lang="ja", seed=2, limit=1, term_style="flashcard")
    deck = replace(quiz_deck(), items=())
    session = StudySession(deck, store, options)
    out = io.StringIO()
    PlainReview(session, io.StringIO("\n3\nq\n"), out, echo=True).run()
    text = out.getvalue()
    line = next(x for x in text.splitlines() if x.startswith("自己評価："))
    assert line == "自己評価：1 もう一度 1分 · 2 難しい 6分 · 3 普通 10分 · 4 簡単 " + \
        line.rsplit(" ", 1)[1]
    assert line.endswith("日")  # a new card's Easy graduates it: days
    term = deck.term_by_id[next(iter(session.summary.cards)).split(":")[1]]
    assert term.definition.ja in text  # shown with the answer, before rating
    assert "1件の回答を記録しました。" in text

    probe = StudySession(deck, store, replace(options, seed=3))
    question = probe.next_question()
    assert question is not None
    shown = probe.preview()
    assert shown[1] < shown[2] < shown[3] < shown[4]
    for rating in (4, 2):  # what is shown is what answering gives
        committed = probe.commit(probe.grade(rating))
        assert committed.interval == shown[rating]
        probe.undo()
    store.close()


def test_scripted_dont_know_session_shows_ten_new_cards_before_any_repeat(
        tmp_path: Path) -> None:
    """Issue 13.2 (done when): `printf '?\\n…' | exoterm review --plain --limit 10` asks 10
    different new cards before any card repeats (each failed card is due in a minute)."""
    result = exoterm(tmp_path, "--lang", "en", "review", "--plain", "--limit", "10",
                     "--seed", "5", stdin="?\n" * 14)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    def prompt_at(i: int) -> str:  # the question's text: from its header to its answer area
        end = next(j for j in range(i + 1, len(lines))
                   if lines[j].startswith(("  1.", "Type it", "> ", "True or false")))
        return "\n".join(lines[i + 1:end])

    prompts = [prompt_at(i) for i, line in enumerate(lines) if line.startswith("[")]
    assert len(prompts) >= 11
    assert len(set(prompts[:10])) == 10 and prompts[10] in prompts[:10]
    assert "Review: 10 cards (0 learning, 0 due, 10 new)" in result.stdout
    assert "14 answers recorded." in result.stdout


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_on_a_terminal_lines_wrap_and_options_hang_after_their_number(lang: Lang) -> None:
    """`width` (a terminal's) wraps every line; options continue under their text."""
    deck = quiz_deck()
    item = deck.item_by_id["size-single"]
    long = Bilingual("細胞外小胞の一種で、細胞どうしの情報のやり取りを担う。" * 2,
                     "A kind of extracellular vesicle that carries messages between cells.")
    deck = replace(deck, items=(replace(item, prompt=long),), terms=())
    session = StudySession(deck, None, SessionOptions(lang=lang, seed=1, cram=True))
    q = session.next_question()
    assert q is not None
    out = io.StringIO()
    review = PlainReview(session, io.StringIO(), out, echo=False, width=30)
    review.show(q)
    lines = out.getvalue().splitlines()
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= 30
    assert sum(1 for line in lines if line and line[0] not in " ") > 2  # the prompt wrapped
    wide = [line for line in lines if line.startswith("  ") and ". " in line]
    assert len(wide) == len(q.options)
    unwrapped = io.StringIO()
    PlainReview(session, io.StringIO(), unwrapped, echo=False).show(q)  # a pipe: whole lines
    assert long.get(lang) in unwrapped.getvalue()

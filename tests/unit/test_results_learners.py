"""Results from many learners: every profile has its own learner id, files that overlap
are merged and files that contradict are refused, and the report shows every option with
its text, the key and the common wrong typed answers, with D and r_pb on the rest score."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.analysis import ChoiceText, ItemInfo, Response, analyze
from exoterm.core.results import ResultRow, to_jsonl
from exoterm.core.store import Store, db_path

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
ITEM = "my-deck/marker-single"
CLOZE = "my-deck/isolation-cloze"


@pytest.fixture
def deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The starter deck, studied alone (`--only-decks --deck`)."""
    folder = tmp_path / "my-deck"
    assert main(["init", str(folder)]) == 0
    monkeypatch.setenv("EXOTERM_DECKS", str(folder))
    monkeypatch.setenv("EXOTERM_ONLY_DECKS", "1")
    monkeypatch.setenv("EXOTERM_CONTENT", "")
    monkeypatch.setenv("EXOTERM_CACHE", str(tmp_path / "cache"))
    return folder


def answer(home: Path, *answers: tuple[str, str, bool], start: int = 0) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        for n, (item, response, correct) in enumerate(answers, start=start):
            store.answer(f"item:{item}", 3 if correct else 1, now=NOW + timedelta(minutes=n),
                         response=response, correct=correct)


def export(home: Path, out: Path, *extra: str) -> Path:
    assert main(["--data-dir", str(home), "results", "export", "-o", str(out), *extra]) == 0
    return out


def whoami(home: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(home), "results", "whoami"]) == 0
    return capsys.readouterr().out.strip()


def test_each_profile_has_a_stable_random_learner_id_used_by_export(
    deck: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    first = whoami(a, capsys)
    assert first.startswith("learner-") and len(first) > len("learner-") + 8
    assert whoami(a, capsys) == first
    assert whoami(b, capsys) != first
    answer(a, (ITEM, "b", True))
    header = json.loads(export(a, tmp_path / "a.jsonl").read_text("utf-8").splitlines()[0])
    assert header["learner"] == first
    header = json.loads(export(a, tmp_path / "n.jsonl", "--learner", "山田").read_text("utf-8").splitlines()[0])
    assert header["learner"] == "山田"


def test_two_learners_exporting_with_defaults_are_two_and_every_option_is_shown(
    deck: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    answer(a, (ITEM, "b", True), (CLOZE, "超遠心法", True))
    answer(b, (ITEM, "a", False), (CLOZE, "遠心分離", False))
    files = [export(a, tmp_path / "a.jsonl"), export(b, tmp_path / "b.csv")]
    # the trainer's own setup: not the learners' deck — the files say what the items are
    monkeypatch.setenv("EXOTERM_DECKS", "")
    monkeypatch.setenv("EXOTERM_ONLY_DECKS", "0")
    capsys.readouterr()
    assert main(["analyze", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("学習者 2 人・回答 4 件")  # Japanese: the default language
    lines = out.splitlines()
    options = [line.split() for line in lines
               if line.startswith("    ") and not line.strip().startswith(("誤答：", "正答："))]
    assert options == [["a", "50%", "ヘモグロビン"], ["*", "b", "50%", "CD63"],
                       ["c", "0%", "インスリン"], ["d", "0%", "アルブミン"]]
    assert "誤答：「遠心分離」×1" in out and "正答：超遠心法\n" in out
    assert main(["--lang", "en", "analyze", *map(str, files)]) == 0
    assert "albumin" in capsys.readouterr().out


def test_a_later_export_is_merged_and_a_contradicting_one_refused(
    deck: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    answer(a, (ITEM, "b", True))
    monday = export(a, tmp_path / "monday.jsonl")
    answer(a, (CLOZE, "超遠心", True), start=1)
    friday = export(a, tmp_path / "friday.jsonl")
    capsys.readouterr()
    assert main(["--lang", "en", "analyze", str(monday), str(friday)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("1 learners, 2 answers")
    assert "1 answers were in more than one file" in captured.err

    learner = whoami(a, capsys)
    answer(b, (ITEM, "c", False))
    other = export(b, tmp_path / "other.jsonl", "--learner", learner)  # claims to be learner a
    capsys.readouterr()
    assert main(["analyze", str(friday), str(other)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(friday) in err and str(other) in err and learner in err and ITEM in err


def cohort_files(tmp_path: Path, info: ItemInfo, picks: list[tuple[str, bool]]) -> list[str]:
    """One results file per learner, each answering the item `info` describes and a filler."""
    files = []
    for n, (response, correct) in enumerate(picks):
        rows = [ResultRow("q", "item:q", f"2026-11-01T09:{n:02}:00+00:00", correct, response, 3, 1000),
                ResultRow("f", "item:f", f"2026-11-01T10:{n:02}:00+00:00", n % 2 == 0, "x", 3, 1000)]
        path = tmp_path / f"l{n}.jsonl"
        path.write_text(to_jsonl(f"learner-{n}", rows, {"q": info}), "utf-8")
        files.append(str(path))
    return files


def test_a_distractor_nobody_picks_is_listed_at_zero_and_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = tuple(ChoiceText(o, f"選択肢{o.upper()}", o) for o in "abcd")
    picks = [("b", True)] * 6 + [("a", False)] * 3 + [("c", False)] * 3
    files = cohort_files(tmp_path, ItemInfo("single", options, ("b",)), picks)
    assert main(["analyze", *files]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("q "))
    assert "unused-distractor" in row
    assert ["d", "0%", "選択肢D"] in [line.split() for line in out.splitlines()]
    assert main(["analyze", "--json", *files]) == 0
    [q] = [s for s in json.loads(capsys.readouterr().out) if s["item"] == "q"]
    assert [(o["id"], o["key"], o["rate"]) for o in q["options"]] == [
        ("a", False, 0.25), ("b", True, 0.5), ("c", False, 0.25), ("d", False, 0.0)]


def test_most_common_wrong_typed_answers_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    picks = ([("リキャップ", True)] * 4 + [("キャップ", False)] * 3 + [("ｷｬｯﾌﾟ", False)]
             + [("蓋", False)] * 2 + [("?", False)] * 2)
    files = cohort_files(tmp_path, ItemInfo("typed"), picks)
    assert main(["--lang", "en", "analyze", *files]) == 0
    assert "wrong answers: “キャップ” ×4, “蓋” ×2\n" in capsys.readouterr().out


def test_discrimination_and_point_biserial_use_the_rest_score() -> None:
    """The item left out of the ranking: learners right on `x` are weak on everything else."""
    answers = [("l1", True, False), ("l2", True, False), ("l3", False, True), ("l4", False, False)]
    responses = [r for learner, x, other in answers
                 for r in (Response(learner, "x", x), Response(learner, "other", other))]
    [other, x] = analyze(responses)
    # rest scores: l1 0, l2 0, l3 1, l4 0 → lower group l1 (right), upper group l3 (wrong)
    assert x.discrimination == -1.0  # ranking on the total with x in it would give 0.0
    assert x.point_biserial is not None and x.point_biserial < 0

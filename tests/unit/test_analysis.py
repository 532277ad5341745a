"""Item analysis recovers planted problems in a generated cohort; results files round-trip."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.analysis import ChoiceText, ItemInfo, Response, analyze, first_attempts
from exoterm.core.results import ResultRow, read_results, to_csv, to_jsonl
from exoterm.errors import ExotermError

OPTIONS = ("a", "b", "c", "d")
SINGLE = ItemInfo("single", tuple(ChoiceText(o, f"選択肢{o}", f"option {o}") for o in OPTIONS), ("b",))


def cohort(n_learners: int = 300, seed: int = 11) -> list[Response]:
    """2PL learners and items: ordinary items, one too easy, one too hard, one planted bad item
    (negative discrimination: strong learners get it wrong), and one item whose option d nobody picks."""
    rng = random.Random(seed)
    items = {f"ok-{k}": (1.2, rng.uniform(-1, 1)) for k in range(12)}
    items |= {"easy": (1.0, -4.0), "hard": (1.0, 4.0), "planted-bad": (-1.8, 0.0), "dead-option": (1.2, 0.0)}
    out = []
    for learner in range(n_learners):
        theta = rng.gauss(0, 1)
        for item, (a, b) in items.items():
            correct = rng.random() < 1 / (1 + math.exp(-a * (theta - b)))
            wrong = ("a", "c") if item == "dead-option" else ("a", "c", "d")
            choice = "b" if correct else rng.choice(wrong)
            out.append(Response(f"l{learner}", item, correct, (choice,)))
    return out


def test_planted_bad_item_is_recovered() -> None:
    stats = {s.item: s for s in analyze(cohort(), {"dead-option": SINGLE})}
    bad = stats["planted-bad"]
    assert "negative-discrimination" in bad.flags
    assert bad.discrimination is not None and bad.discrimination < -0.2
    assert bad.point_biserial is not None and bad.point_biserial < 0
    flagged_negative = {i for i, s in stats.items() if "negative-discrimination" in s.flags}
    assert flagged_negative == {"planted-bad"}, "only the planted item discriminates negatively"
    assert "too-easy" in stats["easy"].flags and "too-hard" in stats["hard"].flags
    assert "unused-distractor" in stats["dead-option"].flags
    assert {o.id: o.rate for o in stats["dead-option"].options}["d"] == 0.0
    for item in (f"ok-{k}" for k in range(12)):
        ok = stats[item]
        assert ok.discrimination is not None and ok.discrimination > 0.2, item
        assert not {"negative-discrimination", "too-easy", "too-hard"} & set(ok.flags), item


def test_rates_sum_to_one_for_single_choice() -> None:
    for s in analyze(cohort(60)):
        assert sum(o.rate for o in s.options) == pytest.approx(1.0)


def test_first_attempt_only() -> None:
    rs = [Response("x", "q", False), Response("x", "q", True), Response("y", "q", True)]
    assert [r.correct for r in first_attempts(rs)] == [False, True]


def test_few_responses_are_not_judged() -> None:
    stats = analyze([Response(f"l{i}", "q", i % 2 == 0) for i in range(5)])
    assert stats[0].flags == ("few-responses",)


def rows() -> list[ResultRow]:
    return [ResultRow("q1", "item:q1", "2026-11-01T09:00:00+00:00", True, "b", 3, 4200),
            ResultRow("q2", "item:q2", "2026-11-01T09:01:00+00:00", False, "a c", 1, 9000),
            ResultRow("q3", "item:q3", "2026-11-01T09:02:00+00:00", True, "エクソソーム", 3, 3000)]


@pytest.mark.parametrize("writer", [to_jsonl, to_csv])
def test_results_files_round_trip(
    writer: Callable[[str, list[ResultRow], dict[str, ItemInfo]], str], tmp_path: Path
) -> None:
    path = tmp_path / "r.txt"
    items = {"q1": SINGLE, "q2": ItemInfo("multi", SINGLE.options, ("a", "b")), "q3": ItemInfo("typed")}
    path.write_text(writer("anon-1", rows(), items), encoding="utf-8")
    got = read_results([path])
    assert [(r.learner, r.item, r.correct, r.choices, r.text) for r in got.responses] == [
        ("anon-1", "q1", True, ("b",), ""), ("anon-1", "q2", False, ("a", "c"), ""),
        ("anon-1", "q3", True, (), "エクソソーム"),
    ]
    assert got.items == items


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "exoterm-results", "version": 99, "learner": "x"}\n', "version 99 is not supported"),
        ('{"format": "something-else"}\n', "not an exoterm results file"),
        ("name,score\nA,3\n", "missing columns"),
        ("format_version,learner,item,correct\n3,a,q,1\n", "version '3' is not supported"),
        ('{"format": "exoterm-results", "version": 2}\n{"record": "x"}\n', "record: must be"),
        ('{"format": "exoterm-results", "version": 2}\n{"record": "item", "item": "q", "key": "b"}\n',
         "key: must be a list"),
        ('{"format": "exoterm-results", "version": 2}\n{"record": "item", "item": "q", "choices": [1]}\n',
         "choices: each must be"),
        ("format_version,learner,item,correct\n1,a,q,yes\n", "must be 0 or 1"),
    ],
)
def test_bad_results_files(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExotermError, match=message):
        read_results([path])


def test_analyze_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    responses = cohort(40)
    files = []
    for learner in sorted({r.learner for r in responses}):
        mine = [ResultRow(r.item, f"item:{r.item}", "2026-11-01T00:00:00+00:00", r.correct,
                          " ".join(r.choices), 3, 1000) for r in responses if r.learner == learner]
        path = tmp_path / f"{learner}.jsonl"
        path.write_text(to_jsonl(learner, mine), encoding="utf-8")
        files.append(str(path))
    assert main(["--lang", "en", "analyze", *files]) == 0
    out = capsys.readouterr().out
    assert out.startswith("40 learners") and "planted-bad" in out and "negative-discrimination" in out
    assert main(["analyze", "--json", *files]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert {d["item"] for d in data} >= {"planted-bad", "easy"}


def test_analyze_shift_jis_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sjis.csv"
    path.write_bytes("format_version,learner,item,correct\n1,山田,q,1\n".encode("cp932"))
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "Traceback" not in err

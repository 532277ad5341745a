"""Trainer decks: `exoterm init`, `--deck` namespacing, and the errors for bad decks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import exoterm.core.content as content
from exoterm.cli import main
from exoterm.core.content import ContentError, load_content
from exoterm.core.content.models import NumericBody
from exoterm.core.quiz.judge import judge
from exoterm.core.quiz.present import question_for

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The good fixture deck stands in for the shipped content; caches go to tmp."""
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    # setenv (not delenv) so that whatever main() sets is undone after each test
    monkeypatch.setenv("EXOTERM_DECKS", "")
    monkeypatch.setenv("EXOTERM_ONLY_DECKS", "0")
    monkeypatch.setenv("EXOTERM_CONTENT", "")
    monkeypatch.setattr(content, "shipped_paths", lambda: [GOOD / n for n in content.CONTENT_FILES])


def starter(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    assert main(["init", str(folder)]) == 0
    return folder


def test_init_writes_a_deck_that_validates_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = starter(tmp_path, "my-deck")
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "glossary.yaml", "quiz.yaml", "schema",
                                                         "sources.yaml"]
    assert (folder / "glossary.yaml").read_text("utf-8").startswith(
        "# yaml-language-server: $schema=./schema/glossary.schema.json")
    assert (folder / "schema" / "quiz.schema.json").is_file()
    assert main(["validate", "--strict", str(folder)]) == 0


def test_starter_deck_shows_calculation_questions(tmp_path: Path) -> None:
    folder = starter(tmp_path, "calc")
    deck = load_content(decks=[folder], include_shipped=False)
    numeric = [i for i in deck.items if isinstance(i.body, NumericBody)]
    assert {i.id for i in numeric} == {"calc/drip-rate-numeric", "calc/ampoule-dose-numeric",
                                       "calc/pump-rate-numeric"}
    assert all(i.body.unit is not None for i in numeric if isinstance(i.body, NumericBody))
    drip = question_for(deck, "item:calc/drip-rate-numeric", "ja", 1)
    assert judge(drip, "４２滴/分").verdict == "right" and judge(drip, "41.67").verdict == "almost"
    pump = question_for(deck, "item:calc/pump-rate-numeric", "en", 1)
    assert judge(pump, "83.3 mL/h").verdict == "right"


def test_init_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["init", str(folder)]) == 2
    assert "nothing written" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_deck_ids_are_namespaced_beside_shipped(tmp_path: Path) -> None:
    folder = starter(tmp_path, "Nursing 101")
    deck = load_content(decks=[folder])
    assert "exosome" in deck.term_by_id  # shipped, plain id
    term = deck.term_by_id["nursing-101/tetraspanin"]
    assert term.related == ("nursing-101/ultracentrifugation",)
    assert term.category == "nursing-101/isolation"
    assert term.sources[0].id == "nursing-101/my-lecture-notes"
    item = deck.item_by_id["nursing-101/marker-single"]
    assert item.terms == ("nursing-101/tetraspanin",)


def test_two_decks_with_the_same_ids_do_not_collide(tmp_path: Path) -> None:
    a, b = starter(tmp_path, "a"), starter(tmp_path, "b")
    deck = load_content(decks=[a, b], include_shipped=False)
    assert {"a/tetraspanin", "b/tetraspanin"} <= set(deck.term_by_id)
    one = load_content(decks=[a], include_shipped=False)
    assert len(deck.items) == 2 * len(one.items) >= 10  # the starter's 5 items, twice


def test_deck_may_refer_to_shipped_terms(tmp_path: Path) -> None:
    folder = starter(tmp_path, "refs")
    quiz = folder / "quiz.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("terms: [tetraspanin]", "terms: [tetraspanin, exosome]"))
    deck = load_content(decks=[folder])
    assert deck.item_by_id["refs/marker-single"].terms == ("refs/tetraspanin", "exosome")
    with pytest.raises(ContentError, match="unknown term id 'exosome'"):
        load_content(decks=[folder], include_shipped=False)


def test_deck_redefining_a_shipped_id_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = starter(tmp_path, "redefines")
    glossary = folder / "glossary.yaml"
    glossary.write_text(glossary.read_text("utf-8").replace("id: tetraspanin", "id: exosome")
                        .replace("related: [tetraspanin]", "related: [exosome]")
                        .replace("terms: [tetraspanin]", "terms: [exosome]"), "utf-8")
    with pytest.raises(ContentError) as err:
        load_content(decks=[folder])
    message = str(err.value)
    assert f"{glossary}:" in message and "term id 'exosome' is already defined at" in message
    assert main(["--deck", str(folder), "export", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "already defined" in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--deck", "/no/such/deck", "export", "--format", "json"], "no such deck folder"),
        (["--only-decks", "export", "--format", "json"], "needs at least one --deck"),
    ],
)
def test_bad_deck_options(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_two_deck_folders_with_the_same_name(tmp_path: Path) -> None:
    first = starter(tmp_path / "x", "deck")
    second = tmp_path / "y" / "deck"
    shutil.copytree(first, second)
    with pytest.raises(Exception, match="another deck is also named 'deck'"):
        load_content(decks=[first, second])


def test_deck_questions_name_sources_by_short_name(tmp_path: Path) -> None:
    folder = starter(tmp_path, "my-deck")
    deck = load_content(decks=[folder])
    prompt = next(i.prompt for i in deck.items if i.id.startswith("my-deck/") and "マーカー" in i.prompt.ja)
    assert prompt.ja.startswith("講義資料によると")
    assert prompt.en.startswith("According to the lecture notes,")


def test_formerly_ids_of_a_deck_are_namespaced_too(tmp_path: Path) -> None:
    folder = starter(tmp_path, "renamed")
    quiz = folder / "quiz.yaml"
    text = quiz.read_text("utf-8")
    assert text.count("  - id: marker-single\n") == 1
    quiz.write_text(text.replace("  - id: marker-single\n", "  - id: marker-question\n    formerly: [marker-single]\n"))
    item = load_content(decks=[folder]).item_by_id["renamed/marker-question"]
    assert item.formerly == ("renamed/marker-single",)

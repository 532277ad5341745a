"""Trainer decks: `exoterm init`, `--deck` namespacing, and the errors for bad decks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import exoterm.core.content as content
from exoterm.cli import main
from exoterm.core.content import ContentError, load_content
from exoterm.core.content.models import DeckInfo, NumericBody
from exoterm.core.quiz.judge import judge
from exoterm.core.quiz.present import question_for
from exoterm.errors import ExotermError

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
    assert main(["--lang", "en", "init", str(folder)]) == 2
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


def test_a_copied_deck_beside_its_original_is_refused_naming_both(tmp_path: Path) -> None:
    first = starter(tmp_path / "x", "deck")
    second = tmp_path / "y" / "other-name"
    shutil.copytree(first, second)
    with pytest.raises(ExotermError, match="deck id 'deck' is also the id of") as err:
        load_content(decks=[first, second])
    assert str(first) in str(err.value) and str(second) in str(err.value)


def drop_header(folder: Path) -> None:
    sources = folder / "sources.yaml"
    lines = sources.read_text("utf-8").splitlines(keepends=True)
    start = lines.index(next(line for line in lines if line.startswith("deck:")))
    del lines[start:start + 3]
    sources.write_text("".join(lines), "utf-8")


def test_init_writes_the_deck_id_into_the_deck(tmp_path: Path) -> None:
    folder = tmp_path / "infection"
    assert main(["init", str(folder), "--id", "infection-control", "--title", "感染対策"]) == 0
    deck = load_content(decks=[folder], include_shipped=False)
    assert deck.decks == (DeckInfo("infection-control", "感染対策", namespaced=True),)
    assert "infection-control/tetraspanin" in deck.term_by_id


def test_renaming_or_copying_the_folder_keeps_every_id(tmp_path: Path) -> None:
    folder = tmp_path / "infection"
    assert main(["init", str(folder), "--id", "infection-control"]) == 0
    before = load_content(decks=[folder], cache_dir=tmp_path / "cache")
    moved = tmp_path / "mydeck (1)"
    folder.rename(moved)
    after = load_content(decks=[moved], cache_dir=tmp_path / "cache")
    assert set(after.term_by_id) == set(before.term_by_id)
    assert set(after.item_by_id) == set(before.item_by_id)
    assert "infection-control/marker-single" in after.item_by_id
    copy = tmp_path / "感染管理"
    shutil.copytree(moved, copy)
    assert set(load_content(decks=[copy]).item_by_id) == set(before.item_by_id)


def test_a_japanese_folder_name_works_with_or_without_a_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = starter(tmp_path, "感染管理")
    deck_id = load_content(decks=[folder]).decks[-1].id
    assert deck_id.startswith("deck-")
    drop_header(folder)  # the fallback id from the folder name is the id init wrote
    deck = load_content(decks=[folder])
    assert deck.decks[-1] == DeckInfo(deck_id, "感染管理", namespaced=True)
    assert f"{deck_id}/tetraspanin" in deck.term_by_id
    assert main(["validate", str(folder), "--no-readings"]) == 0
    capsys.readouterr()
    assert main(["validate", "--strict", str(folder), "--no-readings"]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'sources.yaml'}:1:1: warning: no deck header" in out
    assert f"deck: {{id: {deck_id}" in out


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("deck: {id: Infection_Control}\n", "deck id 'Infection_Control' must use only lowercase"),
        ("deck: {id: 感染}\n", "deck id '感染' must use only lowercase"),
        ("deck: {title: x}\n", "the deck header is missing required field 'id'"),
        ("deck: {id: a, titel: x}\n", "did you mean 'title'"),
    ],
)
def test_bad_deck_headers(tmp_path: Path, header: str, message: str,
                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = starter(tmp_path, "d")
    drop_header(folder)
    sources = folder / "sources.yaml"
    sources.write_text(header + sources.read_text("utf-8"), "utf-8")
    capsys.readouterr()
    assert main(["validate", "--no-readings", str(folder)]) == 2
    out = capsys.readouterr().out
    assert message in out and f"{sources}:1:" in out


def test_one_load_with_two_deck_headers_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = starter(tmp_path, "a")
    extra = a / "more-sources.yaml"
    extra.write_text("deck: {id: b}\nsources: []\n", "utf-8")
    capsys.readouterr()
    assert main(["validate", "--no-readings", str(a), str(extra)]) == 2
    assert f"{extra}:1:7: a second deck header" in capsys.readouterr().out


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


def test_the_shipped_deck_id_is_reserved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "init", str(tmp_path / "x"), "--id", "exoterm"]) == 2
    assert "shipped content's own" in capsys.readouterr().err
    folder = starter(tmp_path, "exoterm")  # init: a folder name that would give the id
    assert "  id: exoterm-deck " in (folder / "sources.yaml").read_text("utf-8")
    drop_header(folder)
    with pytest.raises(ExotermError, match="deck id 'exoterm' is the shipped content's own"):
        load_content(decks=[folder])

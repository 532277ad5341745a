"""Anki notes of trainer decks, read back from a real Anki collection: GUIDs come from
(deck id, entry id), so decks sharing an entry id never overwrite each other, the way the
export is invoked does not matter, and a newer export updates the notes it made."""

from __future__ import annotations

import time
import types
from pathlib import Path
from typing import Any

import pytest

import exoterm.core.content as content
from exoterm.cli import main
from exoterm.core.exports import apkg

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
genanki = pytest.importorskip("genanki")
collection_mod = pytest.importorskip("anki.collection")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EXOTERM_DECKS", "")
    monkeypatch.setenv("EXOTERM_ONLY_DECKS", "0")
    monkeypatch.setenv("EXOTERM_CONTENT", "")
    monkeypatch.setattr(content, "shipped_paths", lambda: [GOOD / n for n in content.CONTENT_FILES])


def make_deck(folder: Path, deck_id: str, title: str | None = None) -> Path:
    assert main(["init", str(folder), "--id", deck_id, *(["--title", title] if title else [])]) == 0
    return folder


def export(out: Path, *argv: str) -> Path:
    """`exoterm [global options] export --format apkg -o OUT [paths]`, argv split at `export`."""
    cut = argv.index("export") if "export" in argv else len(argv)
    assert main([*argv[:cut], "export", "--format", "apkg", "-o", str(out), *argv[cut + 1:]]) == 0
    return out


class Anki:
    """A real Anki collection to import packages into."""

    def __init__(self, path: Path) -> None:
        self.col = collection_mod.Collection(str(path))

    def load(self, package: Path) -> None:
        from anki.import_export_pb2 import ImportAnkiPackageRequest

        self.col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))

    def notes(self) -> dict[str, Any]:
        """Note by GUID."""
        out = {}
        for nid in self.col.find_notes(""):
            note = self.col.get_note(nid)
            out[note.guid] = note
        return out

    def by_id(self, entry: str) -> Any:
        found = self.col.find_notes(f'"Id:{entry}"')
        assert len(found) == 1, (entry, found)
        return self.col.get_note(found[0])


@pytest.fixture
def anki(tmp_path: Path) -> Any:
    col = Anki(tmp_path / "collection.anki2")
    yield col
    col.col.close()


def later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Exports made from now on look `seconds` newer (Anki updates a note only from a newer one)."""
    now = time.time() + seconds
    monkeypatch.setattr(apkg, "time", types.SimpleNamespace(time=lambda: now))


def test_two_decks_sharing_an_entry_id_make_two_notes_and_an_edit_updates_them(
    tmp_path: Path, anki: Anki, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = make_deck(tmp_path / "a", "infection-control")
    b = make_deck(tmp_path / "b", "wound-care")
    both = ("--only-decks", "--deck", str(a), "--deck", str(b), "export")
    anki.load(export(tmp_path / "both.apkg", *both))
    starter = content.load_content([a])
    per_deck = len(starter.terms) + len(starter.items)  # the starter's terms and items
    assert len(anki.notes()) == 2 * per_deck
    first, second = anki.by_id("infection-control/tetraspanin"), anki.by_id("wound-care/tetraspanin")
    assert first.guid != second.guid

    glossary = a / "glossary.yaml"
    text = glossary.read_text("utf-8")
    assert text.count("en: tetraspanin\n") == 1
    glossary.write_text(text.replace("en: tetraspanin\n", "en: tetraspanin family\n"), "utf-8")
    later(monkeypatch, 60)
    anki.load(export(tmp_path / "edited.apkg", *both))
    assert len(anki.notes()) == 2 * per_deck  # updated, not duplicated
    assert anki.by_id("infection-control/tetraspanin")["English"] == "tetraspanin family"
    assert anki.by_id("wound-care/tetraspanin")["English"] == "tetraspanin"


def test_guids_do_not_depend_on_how_the_export_is_invoked(tmp_path: Path, anki: Anki) -> None:
    deck = make_deck(tmp_path / "mydeck", "infection-control")
    anki.load(export(tmp_path / "path.apkg", "export", str(deck)))
    alone = anki.notes()
    anki.load(export(tmp_path / "deck.apkg", "--only-decks", "--deck", str(deck), "export"))
    beside = anki.notes()
    starter = content.load_content([deck])
    per_deck = len(starter.terms) + len(starter.items)
    assert len(alone) == per_deck and set(beside) == set(alone)
    assert {n["Id"] for n in beside.values() if "Id" in n} == {n["Id"] for n in alone.values() if "Id" in n}
    renamed = deck.rename(tmp_path / "mydeck (1)")
    anki.load(export(tmp_path / "renamed.apkg", "--deck", str(renamed), "export"))
    shipped = len(content.load_content([GOOD]).terms) + len(content.load_content([GOOD]).items)
    assert len(anki.notes()) == per_deck + shipped  # the shipped notes are new; the deck's are not


def test_anki_deck_name_is_the_title_or_anki_deck(tmp_path: Path, anki: Anki) -> None:
    deck = make_deck(tmp_path / "kansen", "infection-control", title="感染対策")
    anki.load(export(tmp_path / "default.apkg", "export", str(deck)))
    assert len(anki.col.find_cards('"deck:感染対策::用語集 Glossary"')) == 4  # 2 terms, both ways
    assert len(anki.col.find_cards('"deck:感染対策::問題 Quiz"')) >= 2
    fresh = Anki(tmp_path / "fresh.anki2")
    try:
        fresh.load(export(tmp_path / "named.apkg", "export", "--anki-deck", "看護::2年", str(deck)))
        assert len(fresh.col.find_cards('"deck:看護::2年::用語集 Glossary"')) == 4
        assert not fresh.col.find_cards('"deck:感染対策"')
        assert set(fresh.notes()) == set(anki.notes())  # the deck's name is not part of a note's identity
    finally:
        fresh.col.close()


def test_blank_anki_deck_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = make_deck(tmp_path / "d", "d")
    assert main(["export", "--format", "apkg", "-o", str(tmp_path / "x.apkg"), "--anki-deck", " ",
                 str(deck)]) == 2
    err = capsys.readouterr().err
    assert "--anki-deck" in err and "Traceback" not in err
    assert not (tmp_path / "x.apkg").exists()


def test_guids_stay_those_of_earlier_exports() -> None:
    """Earlier exports hashed ("term"/"item", id as shown beside the shipped content): notes
    already imported from them are updated, not duplicated."""
    from exoterm.core.content.models import DeckInfo
    from exoterm.core.exports.apkg import note_guid

    shipped, mine = DeckInfo("exoterm", "exoterm"), DeckInfo("my-deck", "My deck", namespaced=True)
    assert note_guid("term", shipped, "exosome") == genanki.guid_for("term", "exosome")
    assert note_guid("item", mine, "q1") == genanki.guid_for("item", "my-deck/q1")
    assert note_guid("term", mine, "q1") != note_guid("term", DeckInfo("other", "x"), "q1")

"""CSV term lists become glossary YAML, with the validator's errors at file:row:col."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cli_fixtures import run_csv_import, starter_deck_dir

from exoterm.cli import main
from exoterm.core.content import load_content
from exoterm.core.exports.csv_table import deck_to_csv

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
HEADER = "見出し語,読み,英語,定義,definition_en,略語\n"
ROWS = ("超遠心法,ちょうえんしんほう,ultracentrifugation,高速で回して粒子を沈める方法。,"
        "Spinning fast to settle particles.,UC\n"
        "テトラスパニン,てとらすぱにん,tetraspanin,膜を4回貫通するタンパク質。,A four-pass membrane protein.,CD63; CD9\n")
OPTS = ["--category", "isolation", "--source", "my-lecture-notes", "--section", "第2回", "--evidence", "established"]


@pytest.fixture()
def deck_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return starter_deck_dir(tmp_path, monkeypatch)


run_import = run_csv_import


def test_import_writes_a_glossary_that_validates(deck_dir: Path) -> None:
    code, out = run_import(deck_dir, HEADER + ROWS, *OPTS)
    assert code == 0
    deck = load_content([deck_dir])
    term = deck.term_by_id["tetraspanin"]
    assert term.abbr == ("CD63", "CD9") and term.reading == "てとらすぱにん"
    assert term.sources[0].id == "my-lecture-notes" and term.category == "isolation"
    assert main(["validate", "--strict", "--no-readings", str(deck_dir)]) == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_bom_and_shift_jis_are_read(deck_dir: Path, encoding: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_import(deck_dir, (HEADER + ROWS).encode(encoding), *OPTS)
    assert code == 0
    if encoding == "cp932":
        assert "Shift_JIS" in capsys.readouterr().err


def test_tab_separated(deck_dir: Path) -> None:
    code, out = run_import(deck_dir, (HEADER + ROWS).replace(",", "\t"), *OPTS)
    assert code == 0 and "tetraspanin" in out.read_text("utf-8")


def test_bad_row_is_reported_at_row_and_column_and_nothing_is_written(
    deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = ROWS.replace("てとらすぱにん", "テトラスパニン")
    code, out = run_import(deck_dir, HEADER + bad, *OPTS)
    assert code == 2 and not out.exists()
    assert f"{deck_dir / 'terms.csv'}:3:2: reading 'テトラスパニン' must be hiragana" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("見出し語,読み,英語,定義,definition_en,略語,catgory\n", ":1:7: unknown column 'catgory' (did you mean 'category'?)"),
        ("見出し語,英語,定義,definition_en\n", ":1:1: missing column(s): reading"),
    ],
)
def test_wrong_columns(deck_dir: Path, header: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_import(deck_dir, header + ROWS, *OPTS)
    assert code == 2 and not out.exists()
    assert expected in capsys.readouterr().out


def test_missing_defaults_are_named(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_import(deck_dir, HEADER + ROWS)
    assert code == 2
    out = capsys.readouterr().out
    assert "category (or --category)" in out and "sources (or --source)" in out


def test_unknown_source_and_duplicate_id(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opts = [*OPTS]
    opts[opts.index("my-lecture-notes")] = "my-lecture-note"
    code, _ = run_import(deck_dir, "id," + HEADER + "a," + ROWS.replace("\nテトラ", "\na,テトラ"), *opts)
    assert code == 2
    out = capsys.readouterr().out
    assert "unknown source id 'my-lecture-note' (did you mean 'my-lecture-notes'?)" in out
    assert ":3:1: duplicate term id 'a'" in out


def test_not_csv_text(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_import(deck_dir, b"\xff\xfe\x00\x81\x00garbage", *OPTS)
    assert code == 2 and "neither UTF-8 nor Shift_JIS" in capsys.readouterr().out


def test_existing_output_is_not_overwritten(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (deck_dir / "glossary.yaml").write_text("# mine\n", "utf-8")
    code, out = run_import(deck_dir, HEADER + ROWS, *OPTS, lang="en")
    assert code == 2 and out.read_text("utf-8") == "# mine\n"
    assert "already exists" in capsys.readouterr().err


def test_csv_export_imports_back_to_the_same_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    deck = load_content([GOOD])
    deck = replace(deck, terms=(replace(deck.terms[0], reading_checked=True), *deck.terms[1:]))
    folder = tmp_path / "copy"
    folder.mkdir()
    shutil.copy(GOOD / "sources.yaml", folder / "sources.yaml")
    (folder / "terms.csv").write_text(deck_to_csv(deck), "utf-8")
    out = str(folder / "glossary.yaml")
    assert main(["import", str(folder / "terms.csv"), "-o", out]) == 2, "ids clash with the shipped glossary"
    assert main(["import", "--standalone", str(folder / "terms.csv"), "-o", out]) == 0
    back = load_content([folder / "sources.yaml", folder / "glossary.yaml"])
    assert back.terms == deck.terms
    used = {t.category for t in deck.terms}
    assert sorted(back.categories, key=str) == sorted((c for c in deck.categories if c.id in used), key=str)


def test_search_keys_column_is_imported_apart_from_aliases(deck_dir: Path) -> None:
    header = HEADER.rstrip("\n") + ",別名,検索語,search_keys_en\n"
    rows = "".join(row.rstrip("\n") + extra for row, extra in zip(
        ROWS.splitlines(keepends=True),
        (",超遠心分離法,遠心; 分離,spin; pellet\n", ",,膜タンパク質,\n"), strict=True))
    code, _ = run_import(deck_dir, header + rows, *OPTS)
    assert code == 0
    deck = load_content([deck_dir])
    term = deck.term_by_id["ultracentrifugation"]
    assert term.aliases.ja == ("超遠心分離法",)
    assert (term.search_keys.ja, term.search_keys.en) == (("遠心", "分離"), ("spin", "pellet"))
    assert deck.term_by_id["tetraspanin"].search_keys.ja == ("膜タンパク質",)

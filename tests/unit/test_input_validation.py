"""Restore, results files and CSV term lists: bad input is a clean error, never a traceback."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from cli_fixtures import run_csv_import, seeded_home, starter_deck_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exoterm.cli import main

OPTS = ["--category", "isolation", "--source", "my-lecture-notes", "--section", "s1",
        "--evidence", "established", "--standalone"]
HEADER = "ja,reading,en,definition_ja,definition_en\n"
ROW = "超遠心法,ちょうえんしんほう,ultracentrifugation,高速で回す方法。,Spinning fast.\n"


# restore -----------------------------------------------------------------------------
@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return seeded_home(tmp_path, monkeypatch, n_terms=3)


def revlog_rows(home: Path) -> int:
    with sqlite3.connect(home / "home" / "progress.sqlite3") as conn:
        return int(conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0])


@pytest.mark.parametrize("kind", ["other app", "empty sqlite", "future version", "no revlog"])
def test_restore_refuses_a_database_that_is_not_exoterm_progress(
        kind: str, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = home / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        if kind == "other app":
            conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        elif kind == "empty sqlite":
            conn.execute("PRAGMA user_version = 0")
            conn.execute("CREATE TABLE t (x)")
        else:
            source = sqlite3.connect(home / "home" / "progress.sqlite3")
            source.backup(conn)
            source.close()
            if kind == "future version":
                conn.execute("PRAGMA user_version = 99")
            else:
                conn.execute("DROP TABLE revlog")
    before = revlog_rows(home)
    assert main(["restore", str(other)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing was changed" in err
    assert "progress database" in err or "newer exoterm" in err, err
    assert revlog_rows(home) == before > 0


# results files (analyze) -------------------------------------------------------------
RESULTS_HEADER = json.dumps({"format": "exoterm-results", "version": 1, "learner": "a"})


@pytest.mark.parametrize(("row", "why"), [
    ('{"item": "q1", "correct": "false"}', "correct: must be true or false"),
    ('{"item": "q1", "correct": 1}', "correct: must be true or false"),
    ('{"correct": true}', "item: must be an item id"),
    ('{"item": "q1", "correct": true, "response": ["a"]}', "response: must be text"),
    ("[" * 100_000, "nested more than"),
    ('{"item": "\\ud800", "correct": true}', "surrogate"),
    ('{"item": "q1", "correct": NaN}', "NaN"),
    ("7", "expected a JSON object"),
])
def test_results_rows_are_validated(row: str, why: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.jsonl"
    good = '{"item": "q1", "correct": true}'
    path.write_text(f"{RESULTS_HEADER}\n{good}\n{row}\n", encoding="utf-8")
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r.jsonl:3: " in err and why in err, err


def test_results_csv_with_a_huge_cell_is_a_clean_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    path.write_text("format_version,learner,item,correct,response\n"
                    f"1,a,q1,1,\"{'x' * 200_000}\"\n", encoding="utf-8")
    assert main(["analyze", str(path)]) == 2
    assert capsys.readouterr().err.startswith("exoterm: ")


# CSV term lists (import) -------------------------------------------------------------
@pytest.fixture()
def deck_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return starter_deck_dir(tmp_path, monkeypatch)


def run_import(folder: Path, data: bytes | str, *extra: str) -> tuple[int, Path]:
    return run_csv_import(folder, data, *OPTS, *extra)


def test_cr_only_line_endings(deck_dir: Path) -> None:
    two = ROW + ROW.replace("ultracentrifugation", "ultrafiltration").replace("超遠心法", "限外濾過")
    code, out = run_import(deck_dir, (HEADER + two).replace("\n", "\r"))
    assert code == 0 and "ultrafiltration" in out.read_text("utf-8")


def test_a_cell_over_the_csv_limit_names_its_row(deck_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_import(deck_dir, HEADER + ROW + f'a,a,a,"{"x" * 140_000}",b\n')
    assert code == 2 and not out.exists()
    assert "terms.csv:3:1: a cell is longer than 131,072 characters" in capsys.readouterr().out


def test_more_cells_than_the_header_is_an_error_naming_the_row(
        deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = "超遠心法,ちょうえんしんほう,ultracentrifugation,高速で回す方法。,Spinning fast, the rest\n"
    code, out = run_import(deck_dir, HEADER + row)
    assert code == 2 and not out.exists()
    assert "terms.csv:2:6: row has 6 cells but the header has 5 columns" in capsys.readouterr().out


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_bom(deck_dir: Path, codec: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_import(deck_dir, (HEADER + ROW).encode(codec))
    assert code == 0 and "ultracentrifugation" in out.read_text("utf-8")
    assert "UTF-16" in capsys.readouterr().err


def test_identical_rows_are_imported_once_with_a_warning(
        deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_import(deck_dir, HEADER + ROW + ROW)
    assert code == 0
    text = out.read_text("utf-8")
    assert "ultracentrifugation-2" not in text and text.count("id: ultracentrifugation") == 1
    assert "terms.csv:3:1: warning: same as row 2; imported once" in capsys.readouterr().out


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_input_is_capped(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "/dev/zero", "-o", str(deck_dir / "glossary.yaml"), *OPTS])
    assert code == 2 and "larger than 16 MB" in capsys.readouterr().out


# Fuzzing -----------------------------------------------------------------------------
cells = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", '"', '""', "\r", "\n", "\r\n", ",", "\t", "\x00", "x" * 140_000, "超遠心法", "a;b",
     "my-lecture-notes|s1", "established", "isolation", "\ud800"]))
csv_texts = st.lists(st.lists(cells, max_size=8), max_size=6).map(
    lambda rows: "\n".join(",".join(r) for r in rows))
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16", "cp932", "latin-1"])


@given(text=csv_texts, header=st.booleans(), encoding=encodings, ending=st.sampled_from(
    ["\n", "\r\n", "\r"]))
@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_csv_imports_cleanly_or_fails_in_lines(
        text: str, header: bool, encoding: str, ending: str, deck_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    text = ((HEADER if header else "") + text).replace("\n", ending)
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory(dir=deck_dir) as tmp:
        folder = Path(tmp)
        shutil.copy(deck_dir / "sources.yaml", folder / "sources.yaml")
        code, out = run_import(folder, data)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        if code == 0:
            assert main(["validate", "--no-readings", str(folder)]) in (0, 1)
            capsys.readouterr()
        else:
            assert code == 2 and not out.exists()
            assert all(":" in line for line in captured.out.splitlines())


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=3),
    max_leaves=10)
result_rows = st.one_of(
    json_values.map(json.dumps),
    st.fixed_dictionaries({"item": json_values, "correct": json_values,
                           "response": json_values}).map(json.dumps),
    st.text(max_size=40),
    st.integers(1, 200_000).map(lambda n: "[" * n),
)


@given(rows=st.lists(result_rows, max_size=5), header=st.booleans())
@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_results_files_never_crash(rows: list[str], header: bool, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fuzz.jsonl"
    lines = ([RESULTS_HEADER] if header else []) + rows
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    code = main(["analyze", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0 or (code == 2 and err.count("\n") == 1 and err.startswith("exoterm: ")), err

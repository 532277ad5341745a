"""Every file in tests/data/bad is rejected by `exoterm validate` at the right place.

The expectations live in one table, tests/data/bad/EXPECTED.tsv: file, LINE:COL (or
SUBPATH:LINE:COL for a folder), and a substring of the message. Each bad file holds one
mistake, so validate must report exactly one error, exit 2 and print no traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.content import fields as F

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
TABLE = BAD / "EXPECTED.tsv"
CONTEXT_FILES = ("sources.yaml", "glossary.yaml", "quiz.yaml")


@dataclass(frozen=True)
class Expected:
    file: str
    where: str
    message: str

    @property
    def generated(self) -> bool:
        return self.file.startswith("@")


def read_table() -> list[Expected]:
    rows: list[Expected] = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 3, f"EXPECTED.tsv:{number}: want 3 tab-separated columns, got {parts}"
        rows.append(Expected(*parts))
    return rows


ROWS = read_table()


def generate(name: str, folder: Path) -> Path:
    """The cases too big (or too odd) to commit, written at test time."""
    path = folder / name
    if name == "oversize.yaml":
        line = b"# " + b"x" * 1021 + b"\n"
        with path.open("wb") as handle:
            handle.write(b"terms: []\n")
            for _ in range(F.MAX_FILE_BYTES // len(line) + 1):
                handle.write(line)
        assert path.stat().st_size > F.MAX_FILE_BYTES
        return path
    raise AssertionError(f"no generator for {name}")


def validate(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["validate", "--no-readings", *extra, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("row", ROWS, ids=[r.file for r in ROWS])
def test_bad_file_is_rejected_where_the_mistake_is(
    row: Expected, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = generate(row.file[1:], tmp_path) if row.generated else BAD / row.file
    code, out, err = validate(target, capsys)

    assert "Traceback" not in out + err
    assert code == 2, out + err
    errors = [line for line in out.splitlines() if ": warning: " not in line]
    assert errors, f"no error printed for {row.file}:\n{out}{err}"

    *sub, line, col = row.where.split(":")
    shown = target / sub[0] if sub else target
    prefix = f"{shown}:{line}:{col}: "
    assert errors[0].startswith(prefix), f"want {prefix!r}, got {errors[0]!r}"
    assert row.message in errors[0], f"want {row.message!r} in {errors[0]!r}"
    assert len(errors) == 1, "one mistake per file, so one error:\n" + "\n".join(errors)
    assert "1 error(s)" in err


def test_table_covers_every_bad_file() -> None:
    listed = {r.file for r in ROWS if not r.generated}
    folders = {name for name in listed if (BAD / name).is_dir()}
    untested = []
    for path in sorted(BAD.rglob("*")):
        if path.is_dir() or path == TABLE:
            continue
        rel = path.relative_to(BAD).as_posix()
        if rel in CONTEXT_FILES or rel in listed or rel.split("/")[0] in folders:
            continue
        untested.append(rel)
    assert not untested, f"bad files without a row in EXPECTED.tsv: {untested}"
    missing = sorted(name for name in listed if not (BAD / name).exists())
    assert not missing, f"EXPECTED.tsv names files that do not exist: {missing}"
    assert len(ROWS) == len({r.file for r in ROWS}), "a file is listed twice in EXPECTED.tsv"


def test_corpus_is_big_enough() -> None:
    assert len(ROWS) >= 45


@pytest.mark.parametrize("name", CONTEXT_FILES)
def test_context_files_beside_the_bad_ones_are_valid(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(BAD / name, capsys, "--strict")
    assert code == 0, out + err

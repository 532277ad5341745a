"""The store package owns every SQL statement: commands, the TUI and the rest of core call
its typed API, so the schema can change in one place.

SQL is matched as this codebase writes it, keywords in upper case; lower-case "select"
is an ordinary word here (multi-select items have a `select` field). Comments count too:
a line that talks SQL outside the store is where SQL tends to creep back in.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "exoterm"
STORE = PACKAGE / "core" / "store"
SQL = re.compile(
    r"\bSELECT\b|\bINSERT(?: OR [A-Z]+)? INTO\b|\bDELETE FROM\b|\bUPDATE \w+ SET\b"
    r"|\bCREATE (?:UNIQUE )?(?:TABLE|INDEX)\b|\bALTER TABLE\b|\bPRAGMA\b|\bBEGIN(?: IMMEDIATE)?\b"
)


def sql_lines(files: list[Path]) -> list[str]:
    """`path:line: text` of every line with an SQL statement in `files`."""
    found = []
    for path in files:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if SQL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_sql_is_written_only_in_the_store_package() -> None:
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if STORE not in p.parents]
    assert len(outside) > 50  # the walk found the package
    found = sql_lines(outside)
    assert not found, "SQL outside exoterm/core/store/ (add a typed store API):\n" + "\n".join(found)


def test_the_store_package_is_where_the_sql_is() -> None:
    """The pattern matches the statements the store really runs (so the test above can fail)."""
    inside = sql_lines(sorted(STORE.rglob("*.py")))
    for statement in ("SELECT", "INSERT INTO", "DELETE FROM", "UPDATE cards SET",
                      "CREATE TABLE", "ALTER TABLE", "PRAGMA"):
        assert any(statement in line for line in inside), statement

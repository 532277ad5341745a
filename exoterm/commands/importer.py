"""`exoterm import FILE.csv -o glossary.yaml|quiz.yaml`: a trainer's spreadsheet as deck YAML.

A term list becomes a glossary; a sheet with a `type` column becomes quiz items (see
`core.content.csv_items`). `--merge` adds and updates records by id in an existing file and
keeps the rest; `--force` replaces the whole file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from exoterm.commands.review import ui_language
from exoterm.core.content.models import EVIDENCE_LEVELS
from exoterm.core.texts import tr
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.diagnostics import Diagnostic
    from exoterm.core.content.loader import FileContent

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="turn a CSV term list or quiz sheet into a deck's glossary or quiz YAML",
        description="Read a CSV term list (columns such as ja, reading, en, definition_ja, "
        "definition_en, category, abbr, sources, evidence; Japanese headers like 見出し語, 読み, "
        "英語, 定義 work too) and write a glossary YAML — or a quiz sheet (a `type` column; see "
        "README) and write quiz items. Problems are reported as file:row:col and nothing is written.",
    )
    parser.add_argument("csv", metavar="FILE", help="CSV (or tab-separated) file, UTF-8 or Shift_JIS")
    parser.add_argument("-o", "--output", required=True, metavar="YAML", help="glossary file to write")
    parser.add_argument("--category", help="category id for term rows without one")
    parser.add_argument("--source", metavar="ID", help="source id to cite for rows without sources")
    parser.add_argument("--section", default="", help="section to cite with --source")
    parser.add_argument("--evidence", choices=EVIDENCE_LEVELS, help="evidence level for rows without one")
    parser.add_argument("--force", action="store_true", help="replace the whole output file if it exists")
    parser.add_argument("--merge", action="store_true",
                        help="add and update records by id in the existing output file, keep the rest")
    parser.add_argument(
        "--standalone", action="store_true",
        help="check ids only against the files beside the output, not the shipped content "
        "(for a deck studied with --only-decks)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.content.csv_import import read_rows
    from exoterm.core.content.csv_items import is_items_header

    args.ui_lang = lang = ui_language(args, config)
    out = Path(args.output)
    if out.exists() and not (args.force or args.merge):
        raise ExotermError(tr("cli.import.exists", lang, path=out))
    if args.force and args.merge:
        raise ExotermError(tr("cli.import.force_merge", lang))
    if args.source and not args.section:
        raise ExotermError(tr("cli.import.source_section", lang))
    probe: list[Diagnostic] = []
    rows = read_rows(Path(args.csv), probe)
    items = rows is not None and bool(rows[0]) and is_items_header(rows[0][0])
    return _import_items(args, out) if items else _import_terms(args, out)


def _beside(out: Path, kinds: tuple[str, ...]) -> list[Path]:
    """The deck files of `kinds` beside the output file (not the output itself)."""
    from exoterm.core.content import folder_files

    if not out.parent.is_dir():
        return []
    return [p for p in folder_files(out.parent)[0] if p != out and p.name.startswith(kinds)]


def _kept(out: Path, what: str, lang: str) -> FileContent | None:
    """The file merged into (--merge), read and checked; ExotermError when it does not load."""
    from exoterm.core.content.loader import parse_file

    if not out.exists():
        return None
    errors: list[Diagnostic] = []
    kept = parse_file(out, errors, what)  # type: ignore[arg-type]
    errors = [e for e in errors if e.severity == "error"]
    if kept is None or errors:
        first = errors[0] if errors else tr(f"cli.import.not_{what}", lang, path=out)
        raise ExotermError(tr("cli.import.mend", lang, first=first, path=out))
    return kept


def _report(result_diags: list[Diagnostic], encoding: str, csv_name: str, lang: str) -> bool:
    """Print the problems; True when there are errors (nothing is then written)."""
    if encoding != "utf-8":
        print("exoterm: " + tr("cli.import.encoding", lang, name=csv_name, encoding=encoding),
              file=sys.stderr)
    for diag in result_diags:
        print(diag)
    errors = [d for d in result_diags if d.severity == "error"]
    if errors:
        print(tr("cli.import.errors", lang, n=len(errors)), file=sys.stderr)
    return bool(errors)


def _merged(old: Sequence[T], new: Sequence[T], key: Callable[[T], str],
            lang: str) -> tuple[list[T], str]:
    """`old` with records of `new` replacing those of the same id and the rest appended,
    and a one-line summary of what changed."""
    incoming = {key(r): r for r in new}
    before = {key(r): r for r in old}
    updated = [i for i, r in incoming.items() if i in before and before[i] != r]
    added = [i for i in incoming if i not in before]
    out = [incoming.get(key(r), r) for r in old] + [r for r in new if key(r) not in before]
    kept = len(old) - len(updated)
    counts = tr("cli.import.changes", lang, added=len(added), updated=len(updated), kept=kept)
    detail = "".join(f"\n  {sign} {i}" for sign, ids in (("+", added), ("~", updated)) for i in ids)
    return out, counts + detail


def _import_terms(args: argparse.Namespace, out: Path) -> int:
    from exoterm.core.content import shipped_paths
    from exoterm.core.content.csv_import import Defaults, read_terms_csv
    from exoterm.core.content.dump import dump_glossary
    from exoterm.core.fileio import write_file

    lang = args.ui_lang
    kept = _kept(out, "glossary", lang) if args.merge else None
    shipped = [] if args.standalone else [p for p in shipped_paths() if p.name != "quiz.yaml"]
    context = _beside(out, ("sources", "glossary")) + shipped
    defaults = Defaults(args.category, args.source, args.section, args.evidence)
    result = read_terms_csv(Path(args.csv), defaults, context, keep=kept)
    if _report(result.diagnostics, result.encoding, args.csv, lang):
        return 2
    categories, terms = list(result.new_categories), result.terms
    summary = tr("cli.import.wrote_terms", lang, n=len(terms), path=out)
    if kept is not None:
        known = {c.id for c in kept.categories}
        categories = kept.categories + [c for c in categories if c.id not in known]
        terms, changes = _merged(kept.terms, terms, lambda t: t.id, lang)
        summary = tr("cli.import.merged", lang, path=out, changes=changes)
    write_file(out, dump_glossary(categories, terms))
    unlabelled = [c.id for c in result.new_categories if c.label.ja == c.id]
    if unlabelled:
        summary += "\n" + tr("cli.import.unlabelled", lang, ids=", ".join(unlabelled))
    print(summary, file=sys.stderr)
    return 0


def _import_items(args: argparse.Namespace, out: Path) -> int:
    from exoterm.core.content import shipped_paths
    from exoterm.core.content.csv_import import Defaults
    from exoterm.core.content.csv_items import read_items_csv
    from exoterm.core.content.dump import dump_quiz
    from exoterm.core.fileio import write_file

    lang = args.ui_lang
    kept = _kept(out, "quiz", lang) if args.merge else None
    shipped = [] if args.standalone else shipped_paths()
    context = _beside(out, ("sources", "glossary", "quiz")) + shipped
    defaults = Defaults(None, args.source, args.section, args.evidence)
    result = read_items_csv(Path(args.csv), defaults, context, keep=kept)
    if _report(result.diagnostics, result.encoding, args.csv, lang):
        return 2
    cases, items = ([], result.items) if kept is None else (kept.cases, result.items)
    summary = tr("cli.import.wrote_items", lang, n=len(items), path=out)
    if kept is not None:
        items, changes = _merged(kept.items, result.items, lambda i: i.id, lang)
        summary = tr("cli.import.merged", lang, path=out, changes=changes)
    write_file(out, dump_quiz(cases, items))
    print(summary, file=sys.stderr)
    return 0

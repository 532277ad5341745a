"""`exoterm import FILE.csv -o glossary.yaml`: a trainer's term list as a deck glossary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.content.models import EVIDENCE_LEVELS
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="turn a CSV term list into a glossary.yaml for a deck",
        description="Read a CSV term list (columns such as ja, reading, en, definition_ja, "
        "definition_en, category, abbr, sources, evidence; Japanese headers like 見出し語, 読み, "
        "英語, 定義 work too) and write a glossary YAML. Problems are reported as file:row:col "
        "and nothing is written.",
    )
    parser.add_argument("csv", metavar="FILE", help="CSV (or tab-separated) file, UTF-8 or Shift_JIS")
    parser.add_argument("-o", "--output", required=True, metavar="YAML", help="glossary file to write")
    parser.add_argument("--category", help="category id for rows without one")
    parser.add_argument("--source", metavar="ID", help="source id to cite for rows without sources")
    parser.add_argument("--section", default="", help="section to cite with --source")
    parser.add_argument("--evidence", choices=EVIDENCE_LEVELS, help="evidence level for rows without one")
    parser.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    parser.add_argument(
        "--standalone", action="store_true",
        help="check ids only against the files beside the output, not the shipped content "
        "(for a deck studied with --only-decks)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.content import shipped_paths
    from exoterm.core.content.csv_import import Defaults, read_terms_csv
    from exoterm.core.content.dump import dump_glossary
    from exoterm.core.fileio import write_file

    out = Path(args.output)
    if out.exists() and not args.force:
        raise ExotermError(f"{out}: already exists; nothing written (use --force to overwrite)")
    if args.source and not args.section:
        raise ExotermError("--source needs --section (the heading of the source you cite)")
    neighbours = (out.parent / "sources.yaml", out.parent / "glossary.yaml")
    beside = [p for p in neighbours if p.is_file() and p != out]
    shipped = [] if args.standalone else [p for p in shipped_paths() if p.name != "quiz.yaml"]
    context = beside + shipped
    defaults = Defaults(args.category, args.source, args.section, args.evidence)
    result = read_terms_csv(Path(args.csv), defaults, context)
    if result.encoding != "utf-8":
        print(f"exoterm: read {args.csv} as {result.encoding}", file=sys.stderr)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    for diag in result.diagnostics:
        print(diag)
    if errors:
        print(f"{len(errors)} error(s); nothing written", file=sys.stderr)
        return 2
    write_file(out, dump_glossary(result.new_categories, result.terms))
    note = ""
    if result.new_categories:
        ids = ", ".join(c.id for c in result.new_categories)
        note = f"; new categories ({ids}) got their id as label — edit their ja/en labels"
    print(f"wrote {len(result.terms)} terms to {out}{note}", file=sys.stderr)
    return 0

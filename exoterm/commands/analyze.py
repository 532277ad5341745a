"""`exoterm analyze FILES…`: item analysis of many learners' results exports."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.commands.review import ui_language
from exoterm.core.analysis import ItemStats, OptionStats, analyze
from exoterm.core.texts import label, tr
from exoterm.core.textsafety import visible
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.results import Results

TEXT_WIDTH = 48


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "analyze", help="item analysis (difficulty, discrimination, distractors) of results files",
        description="Analyze `exoterm results export` files from many learners: per item difficulty, "
        "upper-lower 27%% discrimination and point-biserial (both on the rest score), every "
        "option's rate with its text and the key, the most common wrong typed answers, and flags.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="results files (JSON lines or CSV)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lrs = parser.add_argument_group("from a learning record store (instead of files)")
    lrs.add_argument("--lrs", metavar="URL", help="read the answers from the LRS's xAPI endpoint "
                     "(credentials: EXOTERM_LRS_USER / EXOTERM_LRS_PASSWORD, else asked)")
    lrs.add_argument("--deck-id", metavar="ID", help="only this deck's items (shipped content: exoterm)")
    lrs.add_argument("--since", metavar="DATE", help="only answers from DATE on (e.g. 2026-04-01)")
    parser.set_defaults(func=run)


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:+.2f}"


def _clip(text: str, width: int) -> str:
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _option_line(o: OptionStats, lang: str) -> str:
    text = (o.en or o.ja) if lang == "en" else (o.ja or o.en)
    mark = "*" if o.key else " "
    return f"{'':<4}{mark} {visible(o.id):<6} {o.rate:>4.0%}  {_clip(text, TEXT_WIDTH)}"


def _ljust(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` terminal cells (Japanese letters take two)."""
    from exoterm.core.linebreak import cell_len

    return text + " " * max(0, cells - cell_len(text))


def table(stats: list[ItemStats], lang: str = "ja") -> str:
    lines = [f"{_ljust(tr('cli.analyze.item', lang), 34)} {'n':>4} {'p':>5} {'D':>5} {'r_pb':>5}  "
             + tr("cli.analyze.flags", lang)]
    for s in stats:
        lines.append(f"{visible(s.item)[:34]:<34} {s.n:>4} {s.difficulty:>5.2f} {_fmt(s.discrimination):>5} "
                     f"{_fmt(s.point_biserial):>5}  {', '.join(s.flags)}")
        lines += [_option_line(o, lang) for o in s.options]
        if s.key and not s.options:
            lines.append(f"{'':<6}" + label("cli.analyze.answer", lang)
                         + " / ".join(_clip(k, 24) for k in s.key))
        if s.wrong_answers:
            wrong = tr("cli.analyze.list_sep", lang).join(
                tr("cli.analyze.wrong_answer", lang, text=_clip(text, 24), n=count)
                for text, count in s.wrong_answers)
            lines.append(f"{'':<6}" + label("cli.analyze.wrong", lang) + wrong)
    flagged = sum(1 for s in stats if set(s.flags) - {"few-responses"})
    lines.append(tr("cli.analyze.legend", lang, n=len(stats), flagged=flagged))
    return "\n".join(lines)


def _since(text: str | None, lang: str) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ExotermError(tr("cli.analyze.since", lang, got=f"{text!r:.40}")) from None
    return when if when.tzinfo is not None else when.astimezone()


def _from_lrs(args: argparse.Namespace, config: Config, lang: str) -> Results:
    from exoterm.commands.lrs import ask_credentials
    from exoterm.core.xapi.client import LrsClient
    from exoterm.core.xapi.pull import answers
    from exoterm.core.xapi.setting import check_url

    url = check_url(args.lrs)
    results = answers(LrsClient(url, ask_credentials(config, lang)), deck=args.deck_id,
                      since=_since(args.since, lang))
    if not results.responses:
        raise ExotermError(tr("cli.analyze.lrs_empty", lang, url=url))
    return results


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.results import described_items
    from exoterm.core.results import read_results

    lang = ui_language(args, config)
    if bool(args.files) == bool(args.lrs):
        raise ExotermError(tr("cli.analyze.files_or_lrs", lang))
    if not args.lrs and (args.deck_id or args.since):
        raise ExotermError(tr("cli.analyze.lrs_only", lang))
    results = _from_lrs(args, config, lang) if args.lrs else read_results([Path(f) for f in args.files])
    items = dict(results.items)
    if any(r.item not in items for r in results.responses):  # older files: ask the deck studied here
        items = {**described_items(config), **items}
    stats = analyze(results.responses, items)
    if results.repeated:
        print("exoterm: " + tr("cli.analyze.repeated", lang, n=results.repeated), file=sys.stderr)
    if args.json:
        print(visible(json.dumps([asdict(s) for s in stats], ensure_ascii=False, indent=1), multiline=True))
    else:
        print(tr("cli.analyze.counts", lang, learners=results.learners,
                 answers=len(results.responses)))
        print(table(stats, lang))
    return 0

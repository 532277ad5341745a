"""`exoterm exam`: a timed mock exam (模試) shaped like the national nursing exam.

In a terminal it opens the app's exam screen; with --plain (or on a pipe) it runs on
stdin/stdout. An exam left unfinished (ctrl+c, a crash, `q`) resumes next time; --new
drops it and starts another. Answers are saved one by one and logged as exam answers
when handed in; they move FSRS schedules only with the setting exam_moves_schedule.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from exoterm.commands.review import _count, _text_streams, build_filter, ui_language
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exam", help="sit a timed mock exam (必修/一般/状況設定) with pass lines",
        description="A timed mock exam drawn from the question bank in the national nursing "
        "exam's proportions (必修 50, 一般 130, 状況設定 60 of 240; 80 s a question), scaled to "
        "the bank. No feedback until you hand it in; then the score per section against the "
        "pass lines (必修 80%%; 一般+状況設定 the setting exam_pass_line, default 65%%), per "
        "category, time per question and a review of every wrong answer.")
    parser.add_argument("--plain", action="store_true",
                        help="line-based exam on stdin/stdout instead of the app")
    parser.add_argument("--questions", type=_positive, metavar="N",
                        help="number of questions (default: scaled to the bank)")
    parser.add_argument("--minutes", type=_positive, metavar="M",
                        help="time limit in minutes (default: 80 s a question)")
    parser.add_argument("--section", action="append", default=[], metavar="NAME",
                        help="only this section: 必修 (hissu), 一般 (ippan), 状況設定 (jokyo) "
                        "(repeatable)")
    parser.add_argument("--category", action="append", default=[], metavar="ID",
                        help="only questions of this glossary category (repeatable)")
    parser.add_argument("--source", action="append", default=[], metavar="ID",
                        help="only questions citing this source id (repeatable)")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only questions with this tag (repeatable)")
    parser.add_argument("--new", action="store_true",
                        help="drop an unfinished exam and start a new one")
    parser.add_argument("--seed", type=int, help="draw seed, for reproducible scripts")
    parser.add_argument("--lang", choices=("ja", "en"), default=argparse.SUPPRESS,
                        help="interface and question language (also a global option)")
    parser.add_argument("--no-typos", action="store_true",
                        help="no small-typo tolerance: a typo is simply wrong")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run(args: argparse.Namespace, config: Config) -> int:
    import time

    from exoterm.core.content import load_configured
    from exoterm.core.exam.builder import ExamOptions, build_exam
    from exoterm.core.exam.plain import PlainExam
    from exoterm.core.exam.sitting import ExamSitting
    from exoterm.core.store import Store
    from exoterm.core.texts import tr

    lang = ui_language(args, config)
    deck = load_configured(config)
    options = ExamOptions(questions=args.questions, minutes=args.minutes,
                          filter=build_filter(args, deck, lang),
                          seed=args.seed if args.seed is not None else time.time_ns() % 2**31)
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        try:
            from exoterm.tui.app import ExotermApp
        except ImportError:
            pass
        else:
            app = ExotermApp(config, lang=getattr(args, "lang", None), exam=options,
                             new_exam=args.new)
            app.preload()
            result = app.run()
            return result if isinstance(result, int) else (app.return_code or 0)
    inp, out = _text_streams()
    echo = not (inp.isatty() and out.isatty())
    with Store.open(config.db_path(args.profile)) as store:
        opened = ExamSitting.open(deck, store, lambda: build_exam(deck, options), lang,
                                  new=args.new, typos=not args.no_typos)
        if opened.dropped:
            out.write(tr("exam.dropped", lang, n=opened.dropped) + "\n")
        sitting = opened.sitting
        if sitting is None:
            raise ExotermError(tr("exam.empty", lang))
        runner = PlainExam(sitting, inp, out, echo=echo)
        try:
            return runner.run(resumed=opened.resumed)
        except KeyboardInterrupt:
            sitting.pause()
            out.write("\n" + tr("exam.paused", lang, left=runner.left()) + "\n")
            return 130

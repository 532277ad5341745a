"""Command-line entry point: `exoterm [COMMAND] …`; no command opens the Textual app.

Each subcommand lives in `exoterm.commands.<name>` and exposes `register(subparsers)`,
which adds its parser and sets `func` (taking the parsed args and the Config built here
from the options and the environment, returning an exit code).
Imports are lazy so `exoterm --help` and `exoterm validate` stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence

from exoterm import __version__
from exoterm.core.config import Config
from exoterm.core.textsafety import visible
from exoterm.errors import ExotermError

# Subcommand modules under exoterm.commands, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "validate",
    "export",
    "init",
    "analyze",
    "importer",
    "results",
    "search",
    "stats",
    "srs",
    "backup",
    "progress",
    "sync",
    "optimize",
    "lrs",
    "review",
    "exam",
    "bookmarks",
)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The parser; `with_commands=False`: the global options only (no command modules)."""
    parser = argparse.ArgumentParser(
        prog="exoterm",
        description="Study exosomes and extracellular vesicles (エクソソーム・細胞外小胞) "
        "in Japanese and English. Without a command, opens the app.",
        add_help=with_commands, exit_on_error=with_commands,
    )
    parser.add_argument("--version", action="version", version=f"exoterm {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress is stored (default: $EXOTERM_HOME or the user data dir)",
    )
    parser.add_argument(
        "--lang", choices=("ja", "en"), help="interface language (default: from settings)"
    )
    parser.add_argument(
        "--deck", action="append", default=[], metavar="DIR",
        help="also study a trainer's deck folder (sources/glossary/quiz.yaml); repeatable",
    )
    parser.add_argument(
        "--only-decks", action="store_true", help="study only the --deck folders, not the shipped content"
    )
    if not with_commands:
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"exoterm.commands.{name}")
        module.register(subparsers)
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line. Opening the app (global options only) does not import the
    thirteen command modules to build their parsers; anything else, `--help` or a mistake
    goes to the full parser, which also gives the error messages."""
    given = list(sys.argv[1:] if argv is None else argv)
    if not {"-h", "--help"} & set(given):
        try:
            args, rest = build_parser(with_commands=False).parse_known_args(given)
        except argparse.ArgumentError:
            rest = given
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(given)


def build_config(args: argparse.Namespace, environ: Mapping[str, str]) -> Config:
    """The one Config, from the options and the environment: the only place exoterm reads
    environment variables (tests/unit/test_config.py checks it)."""
    return Config.build(environ, data_dir=args.data_dir, decks=args.deck,
                        only_decks=args.only_decks, lang=args.lang)


def main(argv: Sequence[str] | None = None) -> int:
    from exoterm.output import parse_guarded, prepare_streams, run_guarded

    prepare_streams()
    args = parse_guarded(lambda: parse_args(argv))
    if isinstance(args, int):  # --help, --version or a usage error: printed by argparse
        return args
    config = build_config(args, os.environ)
    try:
        if args.command is None:
            from exoterm.commands.app import run_app

            return run_app(args, config)
        code = run_guarded(lambda: args.func(args, config))
        assert isinstance(code, int)
        return code
    except ExotermError as err:
        print(visible(f"exoterm: {err}"), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0

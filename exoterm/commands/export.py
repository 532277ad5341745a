"""`exoterm export --format F [PATH …] [-o FILE]`: the content in other formats.

Text formats go to stdout without `-o`. Each format is a function (deck, args) → bytes
registered in FORMATS.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from exoterm.core.content import Deck, load_content
from exoterm.errors import ExotermError

Exporter = Callable[[Deck, argparse.Namespace], bytes]


def export_json(deck: Deck, args: argparse.Namespace) -> bytes:
    from exoterm.core.content.export import deck_to_dict

    text = json.dumps(deck_to_dict(deck), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


FORMATS: dict[str, Exporter] = {"json": export_json}
BINARY_FORMATS: set[str] = set()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", help="export the content (json, …)", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--format", "-f", required=True, choices=sorted(FORMATS), help="output format")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="content files or folders (default: shipped)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    deck = load_content(args.paths or None)
    data = FORMATS[args.format](deck, args)
    if args.output:
        out = Path(args.output)
        try:
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(out)
        except OSError as exc:
            raise ExotermError(f"{out}: cannot write: {exc.strerror or exc}") from exc
        return 0
    if args.format in BINARY_FORMATS:
        raise ExotermError(f"--format {args.format} is binary: give -o FILE")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0

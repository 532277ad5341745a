"""`exoterm sync [DIR]`: share progress with your other devices through a synced folder.

Writes this device's new answers, undos and setting changes as a new file under
`DIR/<device-id>/` and merges every other device's files (see `core/sync/folder.py`).
Without DIR, the `sync_dir` setting is used. Exit status 1 when a file had to be refused
(a newer exoterm's, or not a segment) or bad records were left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.textsafety import visible

if TYPE_CHECKING:
    from exoterm.core.config import Config

MAX_LISTED = 20  # problems listed one per line; the rest are counted


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync", help="share progress with your other devices through a synced folder",
        description="Write this device's new answers, undos and setting changes into DIR "
        "(a folder Syncthing, Nextcloud, Dropbox or a USB stick keeps in step) and merge "
        "what your other devices wrote there. Nothing in DIR is ever changed or deleted.")
    parser.add_argument("folder", nargs="?", type=Path, metavar="DIR",
                        help="the shared folder (default: the sync_dir setting)")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.store import Store
    from exoterm.core.sync.folder import sync
    from exoterm.core.sync.summary import summary, warnings
    from exoterm.core.texts import tr
    from exoterm.errors import ExotermError

    lang = ui_language(args, config)
    with Store.open(config.db_path(args.profile)) as store:
        folder = args.folder or (Path(store.settings.sync_dir) if store.settings.sync_dir else None)
        if folder is None:
            raise ExotermError(tr("sync.no_folder", lang))
        report = sync(store, folder)
    details = report.refused + report.merged.problems + report.waiting
    for line in details[:MAX_LISTED]:
        print(visible(line), file=sys.stderr)
    if len(details) > MAX_LISTED:
        print(f"… and {len(details) - MAX_LISTED} more", file=sys.stderr)
    for line in warnings(report, lang):
        print(visible(line), file=sys.stderr)
    print(visible(summary(report, str(folder), lang)))
    print(visible(tr("sync.device", lang, device=report.device)))
    return 1 if report.refused or report.merged.problems or report.newer else 0

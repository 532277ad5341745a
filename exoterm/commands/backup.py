"""`exoterm backup [--list]` and `exoterm restore FILE|--latest`: progress backups.

A backup is made automatically on the first start of each study day (the newest 7 are
kept); these commands make one on demand, list them, or bring one back. Restoring first
backs up the current database (or moves it aside when it cannot be read).
"""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup", help="back up your study progress now (or list backups)",
        description="Copy the progress database into the backups folder (newest 7 kept).")
    backup.add_argument("--list", action="store_true", help="list existing backups instead")
    backup.add_argument("--profile", default="default", help="learner profile (default: default)")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore", help="restore study progress from a backup",
        description="Replace the progress database with a backup. The current database is "
        "backed up first (or moved aside if it cannot be read); nothing is deleted.")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", type=Path, help="backup file to restore")
    which.add_argument("--latest", action="store_true", help="the newest good backup")
    restore.add_argument("--profile", default="default", help="learner profile (default: default)")
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.store import Store
    from exoterm.core.store import backup as store_backup
    from exoterm.core.texts import tr

    lang = ui_language(args, config)
    if args.list:
        backups = store_backup.list_backups(config.db_path(args.profile))
        for path in backups:
            print(tr("cli.backup.size", lang, path=path, size=path.stat().st_size))
        if not backups:
            print(tr("cli.backup.none", lang))
        return 0
    with Store.open(config.db_path(args.profile), daily_backup=False) as store:
        path = store.backup()
    print(tr("cli.backup.done", lang, path=path))
    return 0


def run_restore(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.store import backup as store_backup
    from exoterm.core.texts import tr

    lang = ui_language(args, config)
    target = config.db_path(args.profile)
    if args.latest:
        source = store_backup.newest_good_backup(target)
        if source is None:
            raise ExotermError(tr("cli.restore.no_good", lang,
                                  folder=store_backup.backups_dir(target)))
    else:
        source = args.file
        if not source.exists():
            raise ExotermError(tr("cli.no_file", lang, path=source))
    safety, moved = store_backup.restore(source, target, datetime.now(timezone.utc))
    if safety:
        print(tr("cli.restore.safety", lang, path=safety))
    if moved:
        print(tr("cli.restore.moved", lang, path=moved))
    print(tr("cli.restore.done", lang, target=target, source=source))
    return 0

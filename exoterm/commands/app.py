"""`exoterm` with no command: open the Textual app (imported only when needed).

The content is what the Config names (`load_configured`): the shipped deck plus any
`--deck` folders, or exactly `$EXOTERM_CONTENT` (a trainer trying the files being
written).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exoterm.core.config import Config


def run_app(args: argparse.Namespace, config: Config) -> int:
    """Run the app until the user quits; returns the exit code."""
    from exoterm.core.prefs import interface_language, read_prefs
    from exoterm.tui.loading import FirstLoad

    # The database (and Home's numbers), then the deck, load while Textual is imported and
    # sets up the screen: FirstLoad imports no Textual.
    first = FirstLoad(config, True, None, None, interface_language(config.lang,
                                                                   read_prefs(config.data_dir)))
    first.start()
    from exoterm.tui.app import ExotermApp

    practice = ("weak" if getattr(args, "weak", False) else
                "bookmarked" if getattr(args, "bookmarked", False) else None)
    app = ExotermApp(config, practice=practice, first_load=first)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)

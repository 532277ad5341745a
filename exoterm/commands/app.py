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
    from exoterm.tui.app import ExotermApp

    practice = ("weak" if getattr(args, "weak", False) else
                "bookmarked" if getattr(args, "bookmarked", False) else None)
    app = ExotermApp(config, practice=practice)
    app.preload()  # deck and database load while Textual sets up the screen
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)

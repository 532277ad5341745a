"""`exoterm` with no command: open the Textual app (imported only when needed).

The content is what `load_content()` picks by default: the shipped deck plus any
`--deck` folders, or exactly `$EXOTERM_CONTENT` (a trainer trying the files being
written; tests use a fixture deck this way).
"""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    """Run the app until the user quits; returns the exit code."""
    from exoterm.tui.app import ExotermApp

    app = ExotermApp(lang=getattr(args, "lang", None))
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)

"""`exoterm` with no command: open the Textual app (imported only when needed).

`EXOTERM_CONTENT=DIR` opens the content in DIR instead of the shipped deck, so a
trainer can browse and try the files being written (and tests can use a fixture deck).
"""

from __future__ import annotations

import argparse
import os


def run_app(args: argparse.Namespace) -> int:
    """Run the app until the user quits; returns the exit code."""
    from exoterm.tui.app import ExotermApp

    content = os.environ.get("EXOTERM_CONTENT")
    app = ExotermApp([content] if content else None, lang=getattr(args, "lang", None))
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)

"""`python -m exoterm` runs the command-line entry point."""

from exoterm.cli import main

raise SystemExit(main())

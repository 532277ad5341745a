"""The one Config: built from options and environment in cli.py, and nowhere else."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from exoterm.cli import build_parser, main
from exoterm.core.config import Config

PACKAGE = Path(__file__).resolve().parents[2] / "exoterm"
# Where the Config is built: cli.py hands os.environ to Config.build, which reads it.
BUILT_IN = (PACKAGE / "cli.py", PACKAGE / "core" / "config.py")
ENV_ACCESS = re.compile(r"\bos\.environ\b|\bgetenv\b|\benviron\[|\benviron\.get\b|import environ\b")


def test_only_the_cli_reads_the_environment() -> None:
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}"
                 for path in sorted(PACKAGE.rglob("*.py")) if path not in BUILT_IN
                 for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if ENV_ACCESS.search(line)]
    assert offenders == [], "read settings from the Config, not the environment"
    assert all(ENV_ACCESS.search(p.read_text("utf-8")) for p in BUILT_IN), "the check looks for the wrong thing"


def build(argv: list[str], env: dict[str, str]) -> Config:
    from exoterm.cli import build_config

    return build_config(build_parser().parse_args(argv), env)


def test_options_and_environment_become_one_config(tmp_path: Path) -> None:
    home, deck = tmp_path / "home", tmp_path / "deck"
    config = build([], {"EXOTERM_HOME": str(home)})
    assert (config.data_dir, config.cache_dir) == (home, home / "cache")
    assert config.content is None and config.decks == () and not config.only_decks
    config = build(["--data-dir", str(tmp_path / "flag"), "--lang", "en"],
                   {"EXOTERM_HOME": str(home), "EXOTERM_CACHE": str(tmp_path / "c")})
    assert (config.data_dir, config.cache_dir, config.lang) == (tmp_path / "flag", tmp_path / "c", "en")
    config = build([], {"EXOTERM_DECKS": os.pathsep.join([str(deck), str(home)]),
                        "EXOTERM_ONLY_DECKS": "1", "EXOTERM_CONTENT": str(deck)})
    assert config.decks == (deck, home) and config.only_decks and config.content == deck
    config = build(["--deck", "rel", "--only-decks"], {"EXOTERM_DECKS": str(home)})
    assert config.decks == (Path.cwd() / "rel",) and config.only_decks, "flags win"


def test_defaults_are_the_user_folders() -> None:
    config = build([], {})
    assert config == Config()
    assert config.data_dir != config.cache_dir and config.db_path().parent == config.data_dir
    assert config.db_path("hanako").name == "progress-hanako.sqlite3"


def test_data_dir_flag_reaches_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "mine"), "srs", "show"]) == 0
    assert (tmp_path / "mine" / "progress.sqlite3").exists()
    assert "EXOTERM_HOME" not in os.environ or os.environ["EXOTERM_HOME"] != str(tmp_path / "mine")


def test_opening_the_app_loads_no_command_module_and_no_yaml() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom exoterm.cli import parse_args\n"
            "args = parse_args(['--lang', 'en', '--deck', 'x'])\n"
            "assert args.command is None and args.lang == 'en' and args.deck == ['x'], args\n"
            "print(sorted(m for m in sys.modules if m.startswith('exoterm.commands.') or m == 'yaml'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [["--lang", "xx"], ["--bogus"], ["nonsense"]])
def test_mistakes_get_the_full_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2 and "COMMAND" in capsys.readouterr().err

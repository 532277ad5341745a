"""The one typed configuration: where files live and which content to study.

`cli.py` builds it once from the command line and the environment (`Config.build`; the
only place exoterm reads environment variables) and passes it to the command, the app and
the core functions they call. Everything else takes the values it needs as arguments, so
a test or a library caller states them instead of setting variables.

Environment variables (flags win where both exist):
  EXOTERM_HOME     data folder (`--data-dir`); also puts the cache under it, `<home>/cache`
  EXOTERM_CACHE    cache folder alone (parsed content, search index)
  EXOTERM_CONTENT  study exactly this folder or file (a trainer trying files; tests)
  EXOTERM_DECKS    extra deck folders, separated by os.pathsep (as `--deck`, repeatable)
  EXOTERM_ONLY_DECKS=1  only the deck folders, not the shipped content (`--only-decks`)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exoterm.core.paths import default_cache_dir, default_data_dir

PROFILE_CHARS = "1-32 letters, digits, - or _"


@dataclass(frozen=True, slots=True)
class Config:
    """Where progress and caches live, what content to study, the interface language."""

    data_dir: Path = field(default_factory=default_data_dir)
    cache_dir: Path = field(default_factory=default_cache_dir)
    content: Path | None = None  # exactly this folder/file instead of shipped + decks
    decks: tuple[Path, ...] = ()  # trainer deck folders, studied with the shipped content
    only_decks: bool = False  # the deck folders without the shipped content
    lang: str | None = None  # "ja" / "en" from --lang; None: the saved preference
    lrs_user: str | None = field(default=None, repr=False)  # EXOTERM_LRS_USER
    lrs_password: str | None = field(default=None, repr=False)  # EXOTERM_LRS_PASSWORD

    @classmethod
    def build(
        cls,
        environ: Mapping[str, str],
        *,
        data_dir: str | None = None,
        decks: Sequence[str] = (),
        only_decks: bool = False,
        lang: str | None = None,
    ) -> Config:
        """The configuration from command-line values (which win) and `environ`."""
        home = data_dir or environ.get("EXOTERM_HOME")
        data = Path(home).expanduser() if home else default_data_dir()
        cache_env = environ.get("EXOTERM_CACHE")
        if cache_env:
            cache = Path(cache_env).expanduser()
        else:
            cache = data / "cache" if home else default_cache_dir()
        content_env = environ.get("EXOTERM_CONTENT")
        env_decks = [d for d in environ.get("EXOTERM_DECKS", "").split(os.pathsep) if d]
        return cls(
            data_dir=data,
            cache_dir=cache,
            content=Path(content_env).expanduser() if content_env else None,
            decks=tuple(Path(os.path.abspath(d)) for d in (decks or env_decks)),
            only_decks=only_decks or environ.get("EXOTERM_ONLY_DECKS") == "1",
            lang=lang,
            lrs_user=environ.get("EXOTERM_LRS_USER") or None,
            lrs_password=environ.get("EXOTERM_LRS_PASSWORD") or None,
        )

    def db_path(self, profile: str = "default") -> Path:
        """Where a profile's database lives: `progress.sqlite3` or `progress-<profile>.sqlite3`."""
        from exoterm.core.store import db_path

        return db_path(profile, self.data_dir)

    def lrs_credentials_path(self, profile: str = "default") -> Path:
        """Where a profile's LRS user name and password are kept (mode 0600, never backed up)."""
        return self.data_dir / ("lrs-credentials.json" if profile == "default"
                                else f"lrs-credentials-{profile}.json")

"""The LRS user name and password of a profile: a JSON file readable by its owner only,
kept out of the progress database so no backup or export ever carries it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import NamedTuple

from exoterm.core import jsonsafe
from exoterm.core.fileio import write_file
from exoterm.errors import ExotermError

MAX_FILE = 64 * 1024  # bytes: a user name and a password


class Credentials(NamedTuple):
    user: str
    password: str

    def __repr__(self) -> str:  # never print a password, not even in a traceback
        return f"Credentials(user={self.user!r}, password=***)"


def save(path: Path, credentials: Credentials) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, json.dumps({"user": credentials.user, "password": credentials.password}),
               private=True)


def load(path: Path) -> Credentials | None:
    """The saved credentials, None when there are none; refused when others can read them."""
    try:
        st = path.stat()
        text = jsonsafe.read_small(path, MAX_FILE)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, jsonsafe.JsonError) as err:
        raise ExotermError(f"{path}: cannot read the LRS credentials ({err})") from err
    if os.name == "posix" and stat.S_IMODE(st.st_mode) & 0o077:
        raise ExotermError(f"{path}: other users can read this password file; run "
                           f"`chmod 600 {path}` (or `exoterm lrs set` again)")
    try:
        raw = jsonsafe.loads(text)  # a JsonError is a ValueError
        user, password = raw["user"], raw["password"]
    except (ValueError, KeyError, TypeError) as err:
        raise ExotermError(f"{path}: unreadable LRS credentials; run `exoterm lrs set` again") from err
    if not isinstance(user, str) or not isinstance(password, str):
        raise ExotermError(f"{path}: unreadable LRS credentials; run `exoterm lrs set` again")
    return Credentials(user, password)


def remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True

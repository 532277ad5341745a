"""The LRS setting of a profile: where statements go and how they name the learner and
the activities. Stored as JSON in the progress database; credentials are kept apart
(`xapi.credentials`), so they never reach a backup or an export."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from exoterm.core import jsonsafe
from exoterm.core.textsafety import disallowed
from exoterm.core.xapi.statements import DEFAULT_ACTIVITY_BASE, DEFAULT_HOME_PAGE
from exoterm.errors import ExotermError


@dataclass(frozen=True, slots=True)
class LrsSetting:
    """`url` is the LRS's xAPI endpoint (statements are sent to `url` + `statements`)."""

    url: str
    home_page: str = DEFAULT_HOME_PAGE
    activity_base: str = DEFAULT_ACTIVITY_BASE
    include_terms: bool = False  # term cards too, not only quiz items
    name: str | None = None  # the learner's real name, only when they chose to send it

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LrsSetting:
        try:
            raw = jsonsafe.loads(text)  # a JsonError is a ValueError
            setting = cls(url=check_url(raw["url"]), home_page=check_iri(raw["home_page"], "home page"),
                          activity_base=check_base(raw["activity_base"]),
                          include_terms=bool(raw.get("include_terms", False)),
                          name=raw.get("name") if isinstance(raw.get("name"), str) else None)
        except (ValueError, KeyError, TypeError, ExotermError) as err:
            raise ExotermError(f"the stored LRS setting is unreadable ({err}); "
                               "set it again with `exoterm lrs set URL`") from err
        return setting


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _address_chars(value: str) -> bool:
    """No space, control or bidi character: none belongs in an address, and the URL is
    printed (`lrs status`) after it came from a progress file or the command line."""
    return not any(c.isspace() for c in value) and disallowed(value, multiline=False) is None


def check_url(url: str) -> str:
    """The endpoint with a trailing slash; HTTPS required except on this computer."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or not _address_chars(url):
        raise ExotermError(f"LRS address must be an http(s) URL, not {url!r:.80}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ExotermError("LRS address must use https:// (http:// only for this computer, "
                           "127.0.0.1 or localhost): answers and passwords would travel unencrypted")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ExotermError("LRS address must not contain a user name, password, query or "
                           "fragment; give credentials with EXOTERM_LRS_USER/EXOTERM_LRS_PASSWORD")
    return url if url.endswith("/") else url + "/"


def check_iri(value: str, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or not _address_chars(value):
        raise ExotermError(f"{what} must be an http(s) address, not {value!r:.80}")
    return value


def check_base(value: str) -> str:
    value = check_iri(value, "activity base")
    return value if value.endswith("/") else value + "/"

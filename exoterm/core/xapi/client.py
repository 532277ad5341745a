"""A small xAPI 1.0.3 client over the standard library's HTTP: send statements, read them
back (following `more` links). Errors become `LrsError` with one readable line; whether a
retry could help is part of the error."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urljoin

from exoterm.core import jsonsafe
from exoterm.core.textsafety import visible
from exoterm.core.xapi.credentials import Credentials
from exoterm.errors import ExotermError

XAPI_VERSION = "1.0.3"
MAX_RESPONSE = 64 << 20  # a page of statements larger than this is not one


class LrsError(ExotermError):
    """The LRS could not be reached or refused the request; `retry` when trying later may help."""

    def __init__(self, message: str, *, retry: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retry, self.status = retry, status


class LrsClient:
    """Talks to the LRS whose xAPI endpoint is `url` (ending in `/`)."""

    def __init__(self, url: str, credentials: Credentials | None, *, timeout: float = 15.0) -> None:
        self.url, self.timeout = url, timeout
        self._headers = {"X-Experience-API-Version": XAPI_VERSION,
                         "Content-Type": "application/json", "Accept": "application/json"}
        if credentials is not None:
            token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
            self._headers["Authorization"] = f"Basic {token}"

    def _request(self, method: str, url: str, body: bytes | None = None) -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data: bytes = response.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as err:
            raise _http_error(err) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            reason = getattr(err, "reason", err)
            raise LrsError(f"cannot reach the LRS at {self.url}: {reason}", retry=True) from None
        if len(data) > MAX_RESPONSE:
            raise LrsError(f"the LRS at {self.url} sent more than {MAX_RESPONSE >> 20} MB at once",
                           retry=False)
        return data

    def send(self, statements: list[dict[str, Any]]) -> None:
        """POST a batch; statements the LRS already has (same id, same content) are fine."""
        body = json.dumps(statements, ensure_ascii=False).encode()
        self._request("POST", urljoin(self.url, "statements"), body)

    def statements(self, query: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        """Every statement matching `query` (xAPI GET parameters), page after page."""
        url: str | None = urljoin(self.url, "statements") + "?" + urlencode(query)
        while url:
            try:
                page = jsonsafe.loads(self._request("GET", url).decode("utf-8"), max_len=64 << 20)
                items = page["statements"]
                more = page.get("more") or None
            except (ValueError, KeyError, TypeError) as err:
                raise LrsError(f"the LRS at {self.url} sent an answer that is not an xAPI "
                               f"statement result ({err})", retry=False) from None
            if not isinstance(items, list):
                raise LrsError(f"the LRS at {self.url} sent no statement list", retry=False)
            yield from (s for s in items if isinstance(s, dict))
            url = urljoin(url, more) if isinstance(more, str) else None


def _http_error(err: urllib.error.HTTPError) -> LrsError:
    detail = ""
    try:
        text = err.read(2000).decode("utf-8", "replace")
        parsed = jsonsafe.loads(text)
        detail = str(parsed.get("detail", "")) if isinstance(parsed, dict) else ""
    except (OSError, ValueError):
        pass
    code = err.code
    if code in (401, 403):
        return LrsError(f"the LRS refused the credentials (HTTP {code}); set them again with "
                        "`exoterm lrs set URL`", retry=False)
    hint = f": {visible(detail[:200])}" if detail else ""
    return LrsError(f"the LRS answered HTTP {code}{hint}", retry=code == 429 or code >= 500,
                    status=code)

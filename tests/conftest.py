"""Settings shared by every test folder.

Hypothesis' per-example deadline is an absolute time limit, and the guide forbids
asserting absolute times: on a loaded 2-core CI machine a correct property can take
longer than 200 ms for one example. Speed is measured by benches/, not by tests.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("exoterm", deadline=None)
settings.load_profile("exoterm")


@pytest.fixture(autouse=True)
def _no_real_user_folders(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that forgets to name its folders gets throwaway ones, never the developer's
    real data and cache folders (platformdirs reads these on Linux)."""
    root = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cache"))

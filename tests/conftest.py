"""Settings shared by every test folder.

Hypothesis' per-example deadline is an absolute time limit, and the guide forbids
asserting absolute times: on a loaded 2-core CI machine a correct property can take
longer than 200 ms for one example. Speed is measured by benches/, not by tests.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("exoterm", deadline=None)
settings.load_profile("exoterm")

"""Parameter fitting: clamping into fsrs's bounds, fallbacks, and a real fit if possible."""

from __future__ import annotations

import builtins
import math
import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from exoterm.core.srs.optimize import clamp_parameters, fit_parameters
from exoterm.core.srs.settings import SrsSettings

UTC = timezone.utc


def histories(cards: int, reviews: int, seed: int = 7) -> dict[str, list[tuple[datetime, int]]]:
    rng = random.Random(seed)
    out = {}
    for c in range(cards):
        when, ivl, log = datetime(2024, 1, 1, 9, tzinfo=UTC), 1.0, []
        for _ in range(reviews):
            rating = rng.choices([1, 2, 3, 4], [0.1, 0.15, 0.65, 0.1])[0]
            log.append((when, rating))
            ivl = 1.0 if rating == 1 else ivl * (1.5 + rating * 0.5)
            when += timedelta(days=max(1, round(ivl)), minutes=rng.randint(0, 300))
        out[f"item:q{c}"] = log
    return out


def test_clamp_into_bounds() -> None:
    wild = [1e9 if i % 2 else -1e9 for i in range(len(DEFAULT_PARAMETERS))]
    clamped = clamp_parameters(wild)
    for value, low, high in zip(clamped, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS,
                                strict=True):
        assert low <= value <= high
    assert clamp_parameters([math.nan] * 21) == tuple(DEFAULT_PARAMETERS)
    SrsSettings(parameters=clamped)  # accepted by the settings check and by fsrs
    with pytest.raises(ValueError):
        clamp_parameters([1.0] * 19)


def test_too_few_reviews_keeps_parameters() -> None:
    result = fit_parameters(histories(10, 5), DEFAULT_PARAMETERS, UTC, 4)
    assert not result.fitted and result.parameters == tuple(DEFAULT_PARAMETERS)
    assert "only 50 reviews" in result.message and "400" in result.message


def test_missing_package_keeps_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_fsrs_rs(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("fsrs_rs_python"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fsrs_rs)
    result = fit_parameters(histories(50, 10), DEFAULT_PARAMETERS, UTC, 4)
    assert not result.fitted and "pip install 'exoterm[optimize]'" in result.message


def test_real_fit() -> None:
    pytest.importorskip("fsrs_rs_python")
    result = fit_parameters(histories(80, 8), DEFAULT_PARAMETERS, UTC, 4)
    assert result.fitted, result.message
    assert len(result.parameters) == 21
    SrsSettings(parameters=result.parameters)

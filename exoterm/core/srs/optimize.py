"""Fit FSRS parameters to the learner's own reviews, without torch.

Uses the optional `fsrs-rs-python` package (`pip install 'exoterm[optimize]'`). With too
few reviews, or without the package, the current parameters are kept and the result says
why. Fitted values are clamped into the bounds the `fsrs` library accepts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from exoterm.core.srs.clock import study_day

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem, FSRSReview  # noqa: F811

MIN_REVIEWS = 400
PACKAGE = "fsrs-rs-python"


@dataclass(frozen=True, slots=True)
class FitResult:
    """Parameters to use, whether they were fitted, and a message for the learner."""

    parameters: tuple[float, ...]
    fitted: bool
    message: str


def clamp_parameters(values: Sequence[float]) -> tuple[float, ...]:
    """`values` forced into fsrs's accepted bounds; NaN/inf fall back to the default."""
    if len(values) != len(DEFAULT_PARAMETERS):
        raise ValueError(f"expected {len(DEFAULT_PARAMETERS)} parameters, got {len(values)}")
    out = []
    for value, low, high, default in zip(values, LOWER_BOUNDS_PARAMETERS,
                                         UPPER_BOUNDS_PARAMETERS, DEFAULT_PARAMETERS, strict=True):
        v = float(value)
        out.append(default if not math.isfinite(v) else min(max(v, low), high))
    return tuple(out)


def _items(histories: Mapping[str, Sequence[tuple[datetime, int]]], tz: tzinfo,
           rollover_hour: int) -> list[FSRSItem]:
    """Training items in fsrs-rs form: each review with its history, days apart."""
    from fsrs_rs_python import FSRSItem, FSRSReview  # noqa: F811

    dated: list[tuple[date, FSRSItem]] = []
    for reviews in histories.values():
        ordered = sorted(reviews)
        days = [study_day(when, tz, rollover_hour) for when, _ in ordered]
        so_far: list[FSRSReview] = []
        for i, (day, (_when, rating)) in enumerate(zip(days, ordered, strict=True)):
            delta = (day - days[i - 1]).days if i else 0
            so_far.append(FSRSReview(rating, max(delta, 0)))
            if delta > 0:
                item = FSRSItem(list(so_far))
                if item.long_term_review_cnt() > 0:
                    dated.append((day, item))
    dated.sort(key=lambda pair: pair[0])
    return [item for _day, item in dated]


def fit_parameters(
    histories: Mapping[str, Sequence[tuple[datetime, int]]],
    current: Sequence[float],
    tz: tzinfo,
    rollover_hour: int,
    min_reviews: int = MIN_REVIEWS,
) -> FitResult:
    """Fit parameters from per-card (time, rating 1-4) histories, or explain why not."""
    keep = tuple(float(v) for v in current)
    count = sum(len(h) for h in histories.values())
    if count < min_reviews:
        return FitResult(keep, False, f"only {count} reviews so far; fitting needs at least "
                         f"{min_reviews}, so the current parameters are kept")
    try:
        from fsrs_rs_python import FSRS
    except ImportError:
        return FitResult(keep, False, f"the optional package {PACKAGE} is not installed "
                         "(pip install 'exoterm[optimize]'); the current parameters are kept")
    items = _items(histories, tz, rollover_hour)
    if not items:
        return FitResult(keep, False, "no reviews on separate days yet; parameters kept")
    try:
        fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
        params = clamp_parameters(fitted)
    except (ValueError, RuntimeError, TypeError) as err:
        return FitResult(keep, False, f"fitting failed ({err}); the current parameters are kept")
    return FitResult(params, True, f"fitted to {count} reviews ({len(items)} training items)")

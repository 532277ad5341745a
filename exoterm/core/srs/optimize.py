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
from exoterm.core.texts import tr

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem, FSRSReview  # noqa: F811

MIN_REVIEWS = 400
PACKAGE = "fsrs-rs-python"


@dataclass(frozen=True, slots=True)
class FitResult:
    """Parameters to use, whether they were fitted, and a message for the learner (a key of
    exoterm.core.texts with its values, shown in the learner's language)."""

    parameters: tuple[float, ...]
    fitted: bool
    key: str
    values: Mapping[str, object]

    def text(self, lang: str) -> str:
        return tr(self.key, lang, **self.values)

    @property
    def message(self) -> str:
        return self.text("en")


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
        return FitResult(keep, False, "cli.optimize.too_few", {"n": count, "min": min_reviews})
    try:
        from fsrs_rs_python import FSRS
    except ImportError:
        return FitResult(keep, False, "cli.optimize.no_package", {"package": PACKAGE})
    items = _items(histories, tz, rollover_hour)
    if not items:
        return FitResult(keep, False, "cli.optimize.one_day", {})
    try:
        fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
        params = clamp_parameters(fitted)
    except (ValueError, RuntimeError, TypeError) as err:
        return FitResult(keep, False, "cli.optimize.failed", {"error": err})
    return FitResult(params, True, "cli.optimize.fitted", {"n": count, "items": len(items)})

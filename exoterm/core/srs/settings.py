"""Scheduling settings of one profile, validated with messages that name the setting.

Stored as JSON values in the profile database's `settings` table; `from_values` checks
every value so a hand-edited or imported database cannot crash the scheduler.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import tzinfo
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from exoterm.core import jsonsafe
from exoterm.core.srs.clock import zone
from exoterm.core.texts import tr
from exoterm.errors import ExotermError

DIRECTIONS: tuple[str, ...] = ("ja>en", "en>ja", "def>term", "reading")
DEFAULT_DIRECTIONS: tuple[str, ...] = DIRECTIONS  # all four; reading cards only for kanji headwords
MAX_STEP_MINUTES = 30 * 24 * 60
DURABILITY: tuple[str, ...] = ("full", "normal")  # SQLite's synchronous=FULL / NORMAL
# Settings of this device, not of the learner: `exoterm sync` never shares them.
DEVICE_SETTINGS: tuple[str, ...] = ("durability", "sync_dir")
# Settings a card's state is computed with: when sync changes one, states are replayed.
SCHEDULING_SETTINGS: tuple[str, ...] = ("desired_retention", "learning_steps",
                                        "relearning_steps", "maximum_interval", "parameters")
MAX_PATH = 4096
_STEP = re.compile(r"^(\d+)([mhd]?)$")
_UNIT_MINUTES = {"": 1, "m": 1, "h": 60, "d": 24 * 60}


class SettingError(ExotermError):
    """A setting value refused: a key of exoterm.core.texts and its values, so that the
    learner reads why in the interface language (`str(err)` is the English text)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(tr(key, "en", **values))
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return tr(self.key, lang, **self.values)


@dataclass(frozen=True, slots=True)
class SrsSettings:
    """Everything that shapes a learner's schedule; defaults follow Anki's FSRS defaults."""

    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (1, 10)  # minutes
    relearning_steps: tuple[int, ...] = (10,)  # minutes
    maximum_interval: int = 36500  # days
    rollover_hour: int = 4
    new_per_day: int = 20
    reviews_per_day: int = 200
    timezone: str = ""  # IANA name; "" = the system's zone
    directions: tuple[str, ...] = DEFAULT_DIRECTIONS
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    learn_ahead_minutes: int = 20  # a learning card may come this early when nothing else is left
    bury_siblings: bool = True  # a card's siblings wait for the next study day once it is answered
    # "full": every answer is fsynced before it is acknowledged (survives a power cut);
    # "normal": survives any crash of the app, but a power cut can lose the last answers.
    durability: str = "full"
    # mock exams (模試): whether their answers move FSRS schedules (off: logged only, like
    # cram), and the pass line of 一般+状況設定 in percent (必修's 80 % is fixed by law)
    exam_moves_schedule: bool = False
    exam_pass_line: int = 65
    # A folder shared between devices (Syncthing, Nextcloud, a USB stick…): the app and
    # `review --plain` run `exoterm sync` on it at the start and end of a session; "" = off.
    sync_dir: str = ""

    def __post_init__(self) -> None:
        validate(self)

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def to_values(self) -> dict[str, str]:
        """Each setting as a JSON string, ready for the settings table."""
        return {k: json.dumps(v) for k, v in asdict(self).items()}

    @classmethod
    def from_values(cls, values: Mapping[str, str]) -> SrsSettings:
        """Settings from stored JSON strings; unknown keys are ignored, missing ones default."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in values:
                continue
            try:
                value = jsonsafe.loads(values[f.name])  # no RecursionError, NaN or 10**400
            except jsonsafe.JsonError as err:
                raise ExotermError(f"setting {f.name}: stored value is not valid JSON ({err})") from err
            kwargs[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)

    def with_value(self, key: str, text: str) -> SrsSettings:
        """A copy with `key` set from command-line text (e.g. "1m 10m", "0.9", "Asia/Tokyo")."""
        names = [f.name for f in fields(self)]
        if key not in names:
            raise ExotermError(f"unknown setting {key!r}; known: {', '.join(names)}")
        values = self.to_values()
        values[key] = json.dumps(parse_value(key, text))
        return SrsSettings.from_values(values)


def parse_value(key: str, text: str) -> Any:
    """Turn command-line text for setting `key` into its JSON-able value."""
    text = text.strip()
    if key in ("learning_steps", "relearning_steps"):
        return [parse_step(key, tok) for tok in re.split(r"[\s,]+", text) if tok]
    if key in ("directions",):
        return [tok for tok in re.split(r"[\s,]+", text) if tok]
    if key == "parameters":
        try:
            return [float(tok) for tok in re.split(r"[\s,]+", text) if tok]
        except ValueError as err:
            raise SettingError("setting.parameters_parse", error=err) from err
    if key in ("timezone", "durability"):
        return text
    if key == "sync_dir":
        return "" if text.lower() in ("", "off", "none") else os.path.abspath(text)
    if key in ("bury_siblings", "exam_moves_schedule"):
        word = text.lower()
        if word in ("true", "on", "yes", "1"):
            return True
        if word in ("false", "off", "no", "0"):
            return False
        raise SettingError("setting.on_off", name=key, got=repr(text))
    try:
        return jsonsafe.loads(text)
    except jsonsafe.JsonError as err:
        raise SettingError("setting.not_number", name=key, got=repr(text[:40])) from err


def parse_step(key: str, token: str) -> int:
    """A learning step like "10", "10m", "1h" or "1d", in minutes."""
    match = _STEP.match(token)
    if not match:
        raise SettingError("setting.step", name=key, got=repr(token))
    return int(match.group(1)) * _UNIT_MINUTES[match.group(2)]


def _number(name: str, value: object, low: float, high: float, integer: bool) -> None:
    ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if isinstance(value, bool) or not ok or not low <= float(value) <= high:  # type: ignore[arg-type]
        raise SettingError("setting.whole_range" if integer else "setting.range", name=name,
                           low=f"{low:g}", high=f"{high:g}", got=repr(value))


def _steps(name: str, steps: object) -> None:
    if not isinstance(steps, tuple) or len(steps) > 10:
        raise SettingError("setting.steps_max", name=name, got=repr(steps))
    for step in steps:
        _number(name, step, 1, MAX_STEP_MINUTES, integer=True)
    if any(b <= a for a, b in zip(steps, steps[1:], strict=False)):
        raise SettingError("setting.steps_increasing", name=name, got=repr(steps))


def validate(s: SrsSettings) -> None:
    """Raise ExotermError naming the first setting outside its allowed range."""
    _number("desired_retention", s.desired_retention, 0.7, 0.97, integer=False)
    _steps("learning_steps", s.learning_steps)
    _steps("relearning_steps", s.relearning_steps)
    _number("maximum_interval", s.maximum_interval, 3, 36500, integer=True)
    _number("rollover_hour", s.rollover_hour, 0, 23, integer=True)
    _number("new_per_day", s.new_per_day, 0, 9999, integer=True)
    _number("reviews_per_day", s.reviews_per_day, 0, 99999, integer=True)
    _number("learn_ahead_minutes", s.learn_ahead_minutes, 0, 24 * 60, integer=True)
    if not isinstance(s.bury_siblings, bool):
        raise SettingError("setting.bool", name="bury_siblings", got=repr(s.bury_siblings))
    if not isinstance(s.exam_moves_schedule, bool):
        raise SettingError("setting.bool", name="exam_moves_schedule",
                           got=repr(s.exam_moves_schedule))
    _number("exam_pass_line", s.exam_pass_line, 0, 100, integer=True)
    if not isinstance(s.timezone, str):
        raise SettingError("setting.timezone", got=repr(s.timezone))
    try:
        zone(s.timezone)
    except ValueError as err:
        raise SettingError("setting.timezone_unknown", got=repr(s.timezone)) from err
    bad = [d for d in s.directions if d not in DIRECTIONS] if isinstance(s.directions, tuple) else [1]
    if bad or not s.directions or len(set(s.directions)) != len(s.directions):
        raise SettingError("setting.directions", known=", ".join(DIRECTIONS),
                           got=repr(s.directions))
    _parameters(s.parameters)
    if s.durability not in DURABILITY:
        raise SettingError("setting.durability", known=", ".join(DURABILITY),
                           got=repr(s.durability))
    if not isinstance(s.sync_dir, str) or len(s.sync_dir) > MAX_PATH or "\0" in s.sync_dir \
            or (s.sync_dir and not os.path.isabs(s.sync_dir)):
        raise SettingError("setting.sync_dir")


def _parameters(params: object) -> None:
    n = len(LOWER_BOUNDS_PARAMETERS)
    if not isinstance(params, tuple) or len(params) != n:
        raise SettingError("setting.parameters_count", n=n)
    for i, (p, lo, hi) in enumerate(zip(params, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS,
                                        strict=True)):
        if isinstance(p, bool) or not isinstance(p, int | float) or math.isnan(p) or not lo <= p <= hi:
            raise SettingError("setting.parameters_range", i=i, low=f"{lo:g}", high=f"{hi:g}",
                               got=repr(p))

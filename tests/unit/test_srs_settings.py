"""Settings validation: every bad value is refused with a message naming the setting."""

from __future__ import annotations

import pytest

from exoterm.core.srs.settings import SrsSettings
from exoterm.errors import ExotermError


def test_defaults_are_anki_like() -> None:
    s = SrsSettings()
    assert (s.desired_retention, s.learning_steps, s.relearning_steps) == (0.9, (1, 10), (10,))
    assert (s.rollover_hour, s.new_per_day, s.reviews_per_day) == (4, 20, 200)
    assert SrsSettings.from_values(s.to_values()) == s


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"desired_retention": 0.5}, "desired_retention must be a number from 0.7 to 0.97"),
        ({"desired_retention": True}, "desired_retention"),
        ({"learning_steps": (10, 1)}, "learning_steps must be increasing"),
        ({"learning_steps": (0,)}, "learning_steps must be a whole number from 1"),
        ({"relearning_steps": tuple(range(1, 20))}, "relearning_steps must be a list"),
        ({"maximum_interval": 2}, "maximum_interval must be a whole number from 3 to 36500"),
        ({"rollover_hour": 24}, "rollover_hour must be a whole number from 0 to 23"),
        ({"new_per_day": -1}, "new_per_day"),
        ({"reviews_per_day": 1.5}, "reviews_per_day"),
        ({"timezone": "Mars/Base"}, "setting timezone: unknown time zone"),
        ({"directions": ("ja>fr",)}, "setting directions must be one or more of"),
        ({"directions": ()}, "setting directions"),
        ({"parameters": (1.0, 2.0)}, "setting parameters must be 21 numbers"),
        ({"learn_ahead_minutes": 1441}, "learn_ahead_minutes must be a whole number from 0 to 1440"),
        ({"learn_ahead_minutes": -1}, "learn_ahead_minutes"),
        ({"bury_siblings": 1}, "bury_siblings must be true or false"),
        ({"parameters": (500.0,) + SrsSettings().parameters[1:]}, "parameters[0] must be from"),
    ],
)
def test_bad_values_name_the_setting(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(ExotermError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        SrsSettings(**kwargs)  # type: ignore[arg-type]  # wrong types on purpose: the runtime checks


def test_command_line_values() -> None:
    s = SrsSettings().with_value("learning_steps", "1m 10m 1h 1d")
    assert s.learning_steps == (1, 10, 60, 1440)
    assert SrsSettings().with_value("directions", "ja>en,reading").directions == ("ja>en", "reading")
    assert SrsSettings().with_value("timezone", "Asia/Tokyo").timezone == "Asia/Tokyo"
    assert SrsSettings().with_value("new_per_day", "5").new_per_day == 5
    assert SrsSettings().learn_ahead_minutes == 20 and SrsSettings().bury_siblings is True
    assert SrsSettings().with_value("learn_ahead_minutes", "0").learn_ahead_minutes == 0
    assert SrsSettings().with_value("bury_siblings", "off").bury_siblings is False
    assert SrsSettings().with_value("bury_siblings", "On").bury_siblings is True
    with pytest.raises(ExotermError, match="bury_siblings: 'maybe' is not on or off"):
        SrsSettings().with_value("bury_siblings", "maybe")
    with pytest.raises(ExotermError, match="unknown setting 'colour'"):
        SrsSettings().with_value("colour", "red")
    with pytest.raises(ExotermError, match="step '5x' must look like"):
        SrsSettings().with_value("learning_steps", "5x")
    with pytest.raises(ExotermError, match="new_per_day"):
        SrsSettings().with_value("new_per_day", "many")


def test_stored_garbage_is_a_clear_error() -> None:
    with pytest.raises(ExotermError, match="setting rollover_hour: stored value is not valid"):
        SrsSettings.from_values({"rollover_hour": "{"})
    with pytest.raises(ExotermError, match="rollover_hour"):
        SrsSettings.from_values({"rollover_hour": '"four"'})

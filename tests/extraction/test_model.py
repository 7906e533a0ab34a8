"""The rule context's own __init__ (one dict update, for speed) takes the dataclass's fields with
their declared defaults, in their order; a time box stays a frozen value."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from extraction.model import TimeBox, Within
from extraction.rules.base import Context


@pytest.mark.parametrize("kind", [Context])
def test_the_init_takes_every_field_with_its_default(kind):
    parameters = list(inspect.signature(kind.__init__).parameters.values())[1:]
    fields = dataclasses.fields(kind)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, field in zip(parameters, fields, strict=True):
        want = inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
        assert parameter.default == want, field.name


def test_a_time_box_is_a_frozen_value():
    box = TimeBox("deadline", 0, 4, within=Within(3, "day"))
    assert box == TimeBox("deadline", 0, 4, Within(3, "day"))
    assert hash(box) == hash(TimeBox("deadline", 0, 4, Within(3, "day")))
    assert dataclasses.replace(box, end=5).end == 5 and box.end == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.end = 9  # type: ignore[misc]
    assert vars(box) == {f.name: getattr(box, f.name) for f in dataclasses.fields(TimeBox)}

"""The command line's fast JSON path accepts, answers and refuses exactly as `parse_input`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import InputError, assess, parse_input
from engine.json_input import assess_json, parse_input_json
from tests.engine.conftest import input_dicts
from tests.engine.test_validation import INVALID, VALID


def _outcome(call: Any) -> Any:
    try:
        return call()
    except InputError as error:
        return ("error", error.path, error.message)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(input_dicts())
def test_valid_input_decodes_to_the_same_typed_input(raw: dict[str, Any]) -> None:
    assert parse_input_json(json.dumps(raw)) == parse_input(raw)


@pytest.mark.parametrize(("raw", "path", "bad"), INVALID.values(), ids=INVALID.keys())
def test_invalid_input_gets_the_same_error(raw: Any, path: str, bad: str | None) -> None:
    text = json.dumps(raw)
    expected = _outcome(lambda: parse_input(json.loads(text)))
    assert expected[0] == "error"
    assert _outcome(lambda: parse_input_json(text)) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-5, 7000)
        | st.floats(allow_nan=False)
        | st.sampled_from(["2026-11-22", "2026-11-21", "calf", "fever_or_chills", "x"]),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["today", "date", "spasms", "count", "red_flags", "water_ml", "x"]),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_any_json_gets_the_same_outcome(raw: Any) -> None:
    text = json.dumps(raw)
    assert _outcome(lambda: parse_input_json(text)) == _outcome(
        lambda: parse_input(json.loads(text))
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(input_dicts())
def test_assess_json_answers_as_assess_does(raw: dict[str, Any]) -> None:
    assert assess_json(json.dumps(raw)) == assess(parse_input(raw))


@pytest.mark.parametrize(("raw", "path", "bad"), INVALID.values(), ids=INVALID.keys())
def test_assess_json_refuses_as_parse_input_does(raw: Any, path: str, bad: str | None) -> None:
    text = json.dumps(raw)
    assert _outcome(lambda: assess_json(text)) == _outcome(lambda: parse_input(json.loads(text)))


def test_the_documented_example_decodes() -> None:
    assert parse_input_json(json.dumps(VALID)) == parse_input(VALID)


def test_malformed_json_is_named() -> None:
    with pytest.raises(InputError) as caught:
        parse_input_json("{not json")
    assert caught.value.path == "input"

"""`ccvc.json_codec`: orjson where it answers as `json` does, the standard library elsewhere."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccvc import json_codec

# JSON values as a client may send them: any text (lone surrogates included), integers of any
# size, floats without NaN/inf (not JSON), nested lists and objects
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(values)
def test_reads_back_what_json_reads(value: Any) -> None:
    text = json_codec.dumps(value)
    assert json_codec.loads(text) == json.loads(json.dumps(value))
    assert json_codec.loads(json.dumps(value)) == json.loads(json.dumps(value))


@pytest.mark.parametrize(
    "text",
    [
        '{"person_id": 123456789012345678901234567890}',  # orjson alone: a float
        '{"n": -9223372036854775809}',
        '{"name": "\\ud800"}',  # a lone surrogate: orjson refuses it
        '{"n": NaN}',
        '{"n": 1e400}',
    ],
)
def test_inputs_orjson_reads_differently_are_read_as_json_reads_them(text: str) -> None:
    expected, got = json.loads(text), json_codec.loads(text)
    if isinstance(expected.get("n"), float) and math.isnan(expected["n"]):
        assert math.isnan(got["n"])
    else:
        assert got == expected
        assert type(next(iter(got.values()))) is type(next(iter(expected.values())))


@pytest.mark.parametrize(
    "value",
    [{"n": 2**70}, {"name": "\ud800"}, {1: "non-string key"}, {"nested": [{"big": -(2**64)}]}],
)
def test_values_orjson_refuses_are_written_as_json_writes_them(value: Any) -> None:
    assert json_codec.loads(json_codec.dumps(value)) == json.loads(json.dumps(value))


def test_compact_utf8() -> None:
    assert json_codec.dumps_bytes({"HoVaTen": "Nguyễn Văn A"}) == (
        '{"HoVaTen":"Nguyễn Văn A"}'.encode()
    )


def test_malformed_input_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        json_codec.loads(b"{not json")
    with pytest.raises(ValueError):
        json_codec.loads(b'{"a": "\xff"}')


@given(values)
def test_the_canonical_form_is_the_one_idempotency_hashes_were_made_of(value: Any) -> None:
    """A retry sent across an upgrade must hash as before: the sorted compact UTF-8 form is
    byte for byte `json`'s, for every value orjson encodes."""
    try:
        orjson.dumps(value)
    except TypeError:
        return  # encoded by json itself
    old = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert json_codec.dumps_bytes(value, sort_keys=True) == old.encode()

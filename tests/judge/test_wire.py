"""The wire format: round trips, and hostile frames from a child are rejected cleanly."""

from __future__ import annotations

import json
import math
import socket
import struct

import numpy as np
import pytest

from mldrills.judge.wire import (
    ChannelClosed,
    RefId,
    TensorArg,
    WireError,
    array_to_npy,
    decode_value,
    encode_plain,
    npy_to_array,
    recv_frame,
    send_frame,
)


def roundtrip(value: object) -> object:
    blobs: list[bytes] = []
    return decode_value(json.loads(json.dumps(encode_plain(value, blobs))), blobs)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -2.5,
        "text",
        [1, 2.0, "x"],
        (1, (2, 3)),
        {"a": [1, 2]},
        {1: "one"},
        [(1, 2), (3, 4)],
        [],
    ],
)
def test_plain_values_round_trip(value: object) -> None:
    assert roundtrip(value) == value


def test_arrays_and_non_finite_floats_round_trip() -> None:
    arr = np.arange(12, dtype=np.float32).reshape(3, 4)
    out = roundtrip({"a": arr, "s": np.float64(2.5), "nan": math.nan, "inf": -math.inf})
    assert isinstance(out, dict)
    np.testing.assert_array_equal(out["a"], arr)
    assert out["a"].dtype == np.float32
    assert out["s"] == 2.5 and math.isnan(out["nan"]) and out["inf"] == -math.inf


def test_zero_dimensional_arrays_keep_their_shape() -> None:
    out = roundtrip(np.array(3.5))
    assert isinstance(out, np.ndarray) and out.shape == () and out == 3.5


@pytest.mark.parametrize(
    "arr",
    [
        np.zeros((4, 8)),
        np.arange(5),
        np.array(3.5),
        np.ones((2, 3), np.float32).T,
        np.array([True, False]),
        np.array(["ab", "c"]),
        np.zeros((0, 3)),
        np.array([1 + 2j]),
        np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    ],
)
def test_npy_round_trip_keeps_dtype_shape_values_and_is_writable(arr: np.ndarray) -> None:
    out = npy_to_array(array_to_npy(arr))
    assert out.shape == arr.shape and out.dtype == arr.dtype
    np.testing.assert_array_equal(out, arr)
    assert out.flags.writeable


def test_truncated_npy_is_refused() -> None:
    with pytest.raises(WireError, match="data size"):
        npy_to_array(array_to_npy(np.zeros((4, 8)))[:-8])


def test_object_arrays_and_unknown_types_are_refused() -> None:
    with pytest.raises(WireError):
        array_to_npy(np.array([object()], dtype=object))
    with pytest.raises(WireError):
        encode_plain(object(), [])
    assert encode_plain(TensorArg(np.zeros(2)), [])["$T"] == 0
    assert encode_plain(RefId(7, "X"), []) == {"$r": 7}


@pytest.mark.parametrize(
    "payload",
    [
        {"$a": 5},
        {"$m": [[1]]},
        {"$t": "nope"},
        {"weird": 1},
        {"$lt": [[object.__name__, [1]]]},
        {"$m": [[[1], 2]]},
    ],
)
def test_malformed_values_raise_wire_errors(payload: object) -> None:
    with pytest.raises(WireError):
        decode_value(payload, [])


def test_pickled_npy_is_refused() -> None:
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(WireError):
        npy_to_array(buf.getvalue())


def test_frames_round_trip_and_oversize_headers_are_refused() -> None:
    a, b = socket.socketpair()
    with a, b:
        send_frame(a, {"op": "x"}, [b"12345"])
        header, blobs = recv_frame(b)
        assert header["op"] == "x" and blobs == [b"12345"]
        a.sendall(struct.pack("!IQ", 2**31, 2**31))
        with pytest.raises(WireError):
            recv_frame(b)
    c, d = socket.socketpair()
    with d:
        c.sendall(struct.pack("!IQ", 10, 10) + b"{")
        c.close()
        with pytest.raises(ChannelClosed):
            recv_frame(d)


def test_deep_nesting_is_refused() -> None:
    value: object = 1
    for _ in range(100):
        value = [value]
    with pytest.raises(WireError):
        decode_value(value, [])

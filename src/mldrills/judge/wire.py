"""The judge's wire format: length-framed JSON headers plus ``.npy`` blobs.

Both ends use this module, but they trust it differently: the child decodes what the
supervisor sends (trusted), the supervisor decodes what the child sends as hostile
bytes. Arrays cross as ``.npy`` loaded with ``allow_pickle=False``; everything that is
not plain data stays in the child and crosses as a reference id.
"""

from __future__ import annotations

import io
import json
import math
import re
import socket
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_HEADER = 8 << 20  # bytes of JSON in one frame
MAX_FRAME = 256 << 20  # bytes in one frame, blobs included
MAX_DEPTH = 32
_ALLOWED_KINDS = frozenset("biufcU")
_HDR = struct.Struct("!IQ")


class WireError(Exception):
    """A frame or value that breaks the format or its size limits."""


class ChannelClosed(WireError):
    """The other end closed the channel (for the child: it died or exited)."""


class FrameTooLarge(WireError):
    """A frame announced more bytes than the reader accepts; none of them were read."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"a message of {mb(size)} exceeds the limit of {mb(limit)}")
        self.size = size
        self.limit = limit


def mb(n: int) -> str:
    """Bytes as a short size for people: "300 MB", "0.5 MB"."""
    return f"{n / 1e6:.0f} MB" if n >= 10**7 else f"{n / 1e6:.1f} MB"


Blob = bytes | memoryview  # a received blob is a view into its frame's buffer


@dataclass(frozen=True)
class TensorArg:
    """An argument the child must turn into a ``torch.Tensor`` (from a numpy array)."""

    array: np.ndarray
    requires_grad: bool = False


@dataclass(frozen=True)
class RefId:
    """A value that lives in the child, named by its id; ``type`` is its class name."""

    id: int
    type: str


@dataclass(frozen=True)
class RefPath:
    """An argument the child looks up itself: a top-level name or a kept object, then
    attributes (``rig.model``), so passing it costs no round trip of its own."""

    target: dict[str, Any]


# ----------------------------------------------------------------------------- framing
def send_frame(sock: socket.socket, header: dict[str, Any], blobs: list[bytes]) -> None:
    """Send one frame: header JSON (with blob sizes) followed by the blobs."""
    header = dict(header, blobs=[len(b) for b in blobs])
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    total = len(head) + sum(len(b) for b in blobs)
    if len(head) > MAX_HEADER or total > MAX_FRAME:
        raise WireError(f"message of {total} bytes exceeds the {MAX_FRAME >> 20} MiB limit")
    if total < (1 << 20):  # one write: each extra write can wake the reader once more
        sock.sendall(b"".join([_HDR.pack(len(head), total), head, *blobs]))
        return
    sock.sendall(_HDR.pack(len(head), total) + head)
    for blob in blobs:
        sock.sendall(blob)


def _recv_exact(sock: socket.socket, n: int) -> bytearray:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise ChannelClosed("channel closed")
        got += k
    return buf


def recv_frame(sock: socket.socket, limit: int = MAX_FRAME) -> tuple[dict[str, Any], list[Blob]]:
    """Receive one frame; raise ``WireError`` for anything malformed or oversized.

    A frame larger than ``limit`` is refused from its length prefix, before any of it is
    read (``FrameTooLarge``; the channel is out of step after that). Blobs are views
    into one buffer, never copies: a reply costs about its own size here.
    """
    head_len, total = _HDR.unpack(_recv_exact(sock, _HDR.size))
    if head_len > MAX_HEADER or head_len > total:
        raise WireError(f"malformed frame: a header of {head_len} bytes")
    if total > min(limit, MAX_FRAME):
        raise FrameTooLarge(total, min(limit, MAX_FRAME))
    body = memoryview(_recv_exact(sock, total))  # one read for header and blobs
    try:
        header = json.loads(bytes(body[:head_len]))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"malformed frame header: {exc}") from None
    sizes = header.get("blobs") if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes):
        raise WireError("malformed frame header: bad blob list")
    if head_len + sum(sizes) != total:
        raise WireError("malformed frame: blob sizes do not add up")
    blobs: list[Blob] = []
    pos = head_len
    for size in sizes:
        blobs.append(body[pos : pos + size])
        pos += size
    return header, blobs


# ----------------------------------------------------------------------------- arrays
def array_to_npy(arr: np.ndarray) -> bytes:
    """Serialise a plain numeric array as ``.npy`` bytes."""
    if arr.dtype.kind not in _ALLOWED_KINDS:
        raise WireError(f"arrays of dtype {arr.dtype} cannot be sent (numbers only)")
    buf = io.BytesIO()
    # (np.ascontiguousarray would turn a 0-d array into shape (1,))
    np.save(buf, np.require(arr, requirements="C"), allow_pickle=False)
    return buf.getvalue()


_NPY_HEADER = re.compile(
    rb"\{'descr': '([<>|=][biufcU]\d+)', 'fortran_order': (False|True), "
    rb"'shape': \(((?:\d+, ?)*\d*)\), \} *\n"
)


def _fast_npy(blob: bytes | memoryview) -> np.ndarray | None:
    """Parse a plain version-1 ``.npy`` header directly (np.load's parser is ~4x slower).

    Returns None for anything unusual, which then goes through ``np.load``.
    """
    if len(blob) < 10 or blob[:8] != b"\x93NUMPY\x01\x00":
        return None
    head_len = int.from_bytes(blob[8:10], "little")
    m = _NPY_HEADER.fullmatch(blob[10 : 10 + head_len])
    if m is None:
        return None
    dtype = np.dtype(m.group(1).decode())
    shape = tuple(int(x) for x in m.group(3).decode().replace(" ", "").split(",") if x)
    count = math.prod(shape)
    if len(blob) - 10 - head_len != count * dtype.itemsize:
        raise WireError("data size does not match its header")
    flat = np.frombuffer(blob, dtype=dtype, count=count, offset=10 + head_len)
    fortran = m.group(2) == b"True"  # column-major data: reverse the shape, transpose
    arr = flat.reshape(shape[::-1]).T if fortran else flat.reshape(shape)
    if not arr.flags.writeable:  # a view of immutable bytes: copy; a received frame is ours
        arr = arr.copy(order="K")
    out: np.ndarray = arr
    return out


def npy_to_array(blob: bytes | memoryview) -> np.ndarray:
    """Load ``.npy`` bytes without pickle; reject non-numeric dtypes."""
    try:
        fast = _fast_npy(blob)
        if fast is not None:
            return fast
        arr = np.load(io.BytesIO(blob), allow_pickle=False)
    except Exception as exc:  # malformed bytes from an untrusted child
        raise WireError(f"malformed array: {exc}") from None
    if not isinstance(arr, np.ndarray) or arr.dtype.kind not in _ALLOWED_KINDS:
        raise WireError("malformed array: non-numeric dtype")
    return arr


# ----------------------------------------------------------------------------- values
def _float(x: float) -> Any:
    if math.isfinite(x):
        return x
    return {"$f": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


def encode_plain(obj: Any, blobs: list[bytes], depth: int = 0) -> Any:
    """Encode supervisor-side arguments (plain data, arrays, ``TensorArg``, ``RefId``,
    ``RefPath``)."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    t = type(obj)
    if obj is None or t is bool or t is int or t is str:
        return obj
    if t is float:
        return _float(obj)
    if isinstance(obj, RefId):
        return {"$r": obj.id}
    if isinstance(obj, RefPath):
        return {"$p": obj.target}
    if isinstance(obj, TensorArg):
        blobs.append(array_to_npy(np.asarray(obj.array)))
        return {"$T": len(blobs) - 1, "grad": obj.requires_grad}
    if isinstance(obj, np.ndarray | np.generic):
        blobs.append(array_to_npy(np.asarray(obj)))
        return {"$a": len(blobs) - 1, "scalar": isinstance(obj, np.generic)}
    if t is list:
        if obj and all(type(e) is tuple and plain_size(e) is not None for e in obj):
            return {"$lt": obj}  # a list of tuples of scalars: json writes it in C
        if plain_size(obj) is not None:
            return list(obj)
        return [encode_plain(v, blobs, depth + 1) for v in obj]
    if t is tuple:
        return {"$t": [encode_plain(v, blobs, depth + 1) for v in obj]}
    if t is dict:
        items = [
            [encode_plain(k, blobs, depth + 1), encode_plain(v, blobs, depth + 1)]
            for k, v in obj.items()
        ]
        return {"$m": items}
    raise WireError(f"cannot send a value of type {t.__name__}")


_SCALARS = (int, str, bool, type(None))


def plain_size(seq: Any) -> int | None:
    """Rough size in bytes when every item is a scalar JSON carries as is, else None."""
    size = 0
    for v in seq:
        tv = type(v)
        if tv is float:
            if not math.isfinite(v):
                return None
        elif tv not in _SCALARS:
            return None
        elif tv is str:
            size += len(v)
        size += 8
    return size


def decode_value(obj: Any, blobs: Sequence[Blob], depth: int = 0) -> Any:
    """Decode a value sent by the child; refs become ``RefId``, tensors numpy arrays."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if obj is None or type(obj) in (bool, int, float, str):
        return obj
    if type(obj) is list:
        return [decode_value(v, blobs, depth + 1) for v in obj]
    if type(obj) is not dict or len(obj) == 0:
        raise WireError("malformed value")
    if "$f" in obj:
        special = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(str(obj["$f"]))
        if special is None:
            raise WireError("malformed number")
        return special
    if "$a" in obj or "$T" in obj:
        idx = obj.get("$a", obj.get("$T"))
        if type(idx) is not int or not 0 <= idx < len(blobs):
            raise WireError("malformed array reference")
        arr = npy_to_array(blobs[idx])
        return arr[()] if obj.get("scalar") else arr
    if "$t" in obj:
        return tuple(decode_value(v, blobs, depth + 1) for v in _as_list(obj["$t"]))
    if "$lt" in obj:  # a list of tuples of plain scalars
        out_lt = []
        for item in _as_list(obj["$lt"]):
            if not all(v is None or type(v) in (bool, int, float, str) for v in _as_list(item)):
                raise WireError("malformed list of tuples")
            out_lt.append(tuple(item))
        return out_lt
    if "$m" in obj:
        out = {}
        for pair in _as_list(obj["$m"]):
            if type(pair) is not list or len(pair) != 2:
                raise WireError("malformed mapping")
            key = decode_value(pair[0], blobs, depth + 1)
            try:
                out[key] = decode_value(pair[1], blobs, depth + 1)
            except TypeError:
                raise WireError("mapping key is not hashable") from None
        return out
    if "$r" in obj:
        if type(obj["$r"]) is not int:
            raise WireError("malformed reference")
        return RefId(obj["$r"], str(obj.get("type", "object"))[:200])
    raise WireError("malformed value")


def _as_list(v: Any) -> list[Any]:
    if type(v) is not list:
        raise WireError("malformed value")
    return v

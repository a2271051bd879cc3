"""Reference solutions of packs/transformers against independent oracles.

Oracles: torch.nn.MultiheadAttention and torch.nn.functional (fused attention, layer_norm,
gelu), scipy.special.softmax in float64 numpy, and properties (causality, relative
positions) where no library implements the exact thing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.special import softmax

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _randn(*shape: int, seed: int = 0) -> Any:
    return torch.from_numpy(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


# ----------------------------------------------------------------------------- causal-self-attention

CSA_FILES = [
    "solution",
    "alternatives/fused-sdpa",
    "alternatives/einsum",
    "alternatives/loop-over-heads",
]


@pytest.mark.parametrize("name", CSA_FILES)
def test_causal_self_attention_matches_nn_multihead_attention(load_pack: Any, name: str) -> None:
    mod = load_pack("causal-self-attention", name)
    torch.manual_seed(0)
    attn = mod.CausalSelfAttention(16, 4).eval()
    oracle = torch.nn.MultiheadAttention(16, 4, batch_first=True).eval()
    with torch.no_grad():  # same weights: in_proj is q, k, v stacked like qkv
        oracle.in_proj_weight.copy_(attn.qkv.weight)
        oracle.in_proj_bias.copy_(attn.qkv.bias)
        oracle.out_proj.weight.copy_(attn.proj.weight)
        oracle.out_proj.bias.copy_(attn.proj.bias)
        x = _randn(3, 7, 16)
        future = torch.ones(7, 7, dtype=torch.bool).triu(1)  # True = not allowed here
        want, _ = oracle(x, x, x, attn_mask=future, need_weights=False)
        torch.testing.assert_close(attn(x), want, rtol=1e-5, atol=1e-5)


def test_causal_self_attention_is_causal_and_dropout_follows_mode(load_pack: Any) -> None:
    mod = load_pack("causal-self-attention")
    torch.manual_seed(1)
    attn = mod.CausalSelfAttention(8, 2, dropout=0.5).eval()
    x = _randn(1, 6, 8)
    x2 = x.clone()
    x2[:, 4] += 1.0
    with torch.no_grad():
        y, y2 = attn(x), attn(x2)
        assert torch.equal(y[:, :4], y2[:, :4]) and not torch.allclose(y[:, 4:], y2[:, 4:])
        assert torch.equal(attn(x), y)  # eval: deterministic
        attn.train()
        assert not torch.equal(attn(x), attn(x))


# ----------------------------------------------------------------------------- scaled-dot-product-attention

SDPA_FILES = [
    "solution",
    "alternatives/fused-sdpa",
    "alternatives/einsum-logsumexp",
    "alternatives/online-softmax",
]


def _numpy_attention(q: Any, k: Any, v: Any, keep: np.ndarray | None, bias: np.ndarray) -> Any:
    """float64 numpy: softmax over keys of scaled scores + bias; rows with no key -> 0."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]) + bias
    keep = np.broadcast_to(True if keep is None else keep, scores.shape)
    has_key = keep.any(axis=-1, keepdims=True)
    masked = np.where(keep, scores, np.where(has_key, -np.inf, 0.0))  # empty rows: dummy 0s
    return np.where(has_key, softmax(masked, axis=-1), 0.0) @ v


@pytest.mark.parametrize("name", SDPA_FILES)
def test_sdpa_matches_numpy_oracle(load_pack: Any, name: str) -> None:
    fn = load_pack("scaled-dot-product-attention", name).scaled_dot_product_attention
    rng = np.random.default_rng(3)
    q, k, v = _randn(2, 3, 4, 8, seed=1), _randn(2, 3, 6, 8, seed=2), _randn(2, 3, 6, 5, seed=3)
    keep = rng.random((2, 1, 4, 6)) < 0.5
    keep[0, 0, 1] = False  # one empty row
    bias = np.where(keep, rng.standard_normal(keep.shape), -np.inf)
    cases = [
        (None, None, 0.0),
        (torch.from_numpy(keep), keep, 0.0),
        (
            torch.from_numpy(bias.astype(np.float32)),
            np.isfinite(bias),
            np.nan_to_num(bias, neginf=0),
        ),
    ]
    for mask, oracle_keep, oracle_bias in cases:
        got = fn(q, k, v) if mask is None else fn(q, k, v, mask)
        want = _numpy_attention(q, k, v, oracle_keep, oracle_bias)
        assert got.shape == (2, 3, 4, 5) and torch.isfinite(got).all()
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-5)


def test_sdpa_reference_is_stable_and_leaves_inputs(load_pack: Any) -> None:
    fn = load_pack("scaled-dot-product-attention").scaled_dot_product_attention
    q, k, v = _randn(3, 16, seed=4) * 100, _randn(5, 16, seed=5) * 100, _randn(5, 2, seed=6)
    before = [a.clone() for a in (q, k, v)]
    got = fn(q, k, v)
    np.testing.assert_allclose(
        got.numpy(), _numpy_attention(q, k, v, None, 0.0), rtol=1e-4, atol=1e-4
    )
    assert all(torch.equal(a, b) for a, b in zip((q, k, v), before, strict=True))
    # gradients stay finite through an empty row (no NaN from 0/0 in backward)
    q.requires_grad_(True)
    keep = torch.ones(3, 5, dtype=torch.bool)
    keep[1] = False
    fn(q / 100, k / 100, v, keep).sum().backward()
    assert torch.isfinite(q.grad).all()


# ----------------------------------------------------------------------------- multi-head-attention

MHA_FILES = [
    "solution",
    "alternatives/functional-mha",
    "alternatives/einsum-per-head-weights",
    "alternatives/fused-sdpa",
]


@pytest.mark.parametrize("name", MHA_FILES)
def test_mha_matches_nn_multihead_attention_with_padding(load_pack: Any, name: str) -> None:
    mod = load_pack("multi-head-attention", name)
    torch.manual_seed(2)
    mha = mod.MultiHeadAttention(16, 4)
    oracle = torch.nn.MultiheadAttention(16, 4, batch_first=True)
    with torch.no_grad():
        for i, proj in enumerate((mha.q_proj, mha.k_proj, mha.v_proj)):
            oracle.in_proj_weight[16 * i : 16 * (i + 1)] = proj.weight
            oracle.in_proj_bias[16 * i : 16 * (i + 1)] = proj.bias
        oracle.out_proj.weight.copy_(mha.out_proj.weight)
        oracle.out_proj.bias.copy_(mha.out_proj.bias)
        query, key, value = (
            _randn(2, 3, 16, seed=7),
            _randn(2, 5, 16, seed=8),
            _randn(2, 5, 16, seed=9),
        )
        pad = torch.tensor([[False] * 5, [False, False, True, True, True]])
        want, _ = oracle(query, key, value, key_padding_mask=pad, need_weights=False)
        torch.testing.assert_close(mha(query, key, value, pad), want, rtol=1e-5, atol=1e-5)
        want, _ = oracle(query, key, value, need_weights=False)
        torch.testing.assert_close(mha(query, key, value), want, rtol=1e-5, atol=1e-5)


# ----------------------------------------------------------------------------- layer-norm

LN_FILES = [
    "solution",
    "alternatives/float64-statistics",
    "alternatives/var-mean-rsqrt",
    "alternatives/vector-norm",
]


@pytest.mark.parametrize("name", LN_FILES)
def test_layer_norm_matches_f_layer_norm(load_pack: Any, name: str) -> None:
    mod = load_pack("layer-norm", name)
    ln = mod.LayerNorm(8, eps=1e-3)
    assert torch.equal(ln.weight, torch.ones(8)) and torch.equal(ln.bias, torch.zeros(8))
    with torch.no_grad():
        ln.weight.copy_(_randn(8, seed=10))
        ln.bias.copy_(_randn(8, seed=11))
        for x in (_randn(2, 3, 8, seed=12) * 3 + 1, torch.full((2, 8), 4.0)):
            want = F.layer_norm(x, (8,), ln.weight, ln.bias, 1e-3)
            torch.testing.assert_close(ln(x), want, rtol=1e-5, atol=1e-5)
        # large offsets: the float64 computation is the oracle
        x = 10_000 + _randn(3, 8, seed=13)
        want = F.layer_norm(x.double(), (8,), ln.weight.double(), ln.bias.double(), 1e-3)
        torch.testing.assert_close(ln(x).double(), want, rtol=1e-2, atol=1e-2)


# ----------------------------------------------------------------------------- rms-norm

RMS_FILES = [
    "solution",
    "alternatives/torch-module",
    "alternatives/llama-rsqrt",
    "alternatives/vector-norm",
]


@pytest.mark.parametrize("name", RMS_FILES)
def test_rms_norm_matches_f_rms_norm(load_pack: Any, name: str) -> None:
    mod = load_pack("rms-norm", name)
    norm = mod.RMSNorm(8, eps=1e-4)
    assert [n for n, _ in norm.named_parameters()] == ["weight"]
    assert torch.equal(norm.weight, torch.ones(8))
    with torch.no_grad():
        norm.weight.copy_(_randn(8, seed=14))
        x = torch.cat([_randn(3, 8, seed=15) * 2 + 3, torch.zeros(1, 8), _randn(1, 8) * 1e-3])
        want = F.rms_norm(x, (8,), norm.weight, 1e-4)
        torch.testing.assert_close(norm(x), want, rtol=1e-5, atol=1e-5)
        # numpy oracle as well: x / sqrt(mean(x^2) + eps) * w
        xn = x.double().numpy()
        ref = xn / np.sqrt((xn**2).mean(-1, keepdims=True) + 1e-4) * norm.weight.double().numpy()
        np.testing.assert_allclose(norm(x).numpy(), ref, rtol=1e-5, atol=1e-6)


# ----------------------------------------------------------------------------- grouped-query-attention

GQA_FILES = [
    "solution",
    "alternatives/fused-sdpa-gqa",
    "alternatives/grouped-einsum",
    "alternatives/loop-over-query-heads",
]


@pytest.mark.parametrize("name", GQA_FILES)
def test_gqa_matches_fused_gqa_and_mha_limit(load_pack: Any, name: str) -> None:
    mod = load_pack("grouped-query-attention", name)
    torch.manual_seed(3)
    x = _randn(2, 6, 16, seed=16)
    with torch.no_grad():
        gqa = mod.GroupedQueryAttention(16, 4, 2)
        q = gqa.q_proj(x).view(2, 6, 4, 4).transpose(1, 2)
        k = gqa.k_proj(x).view(2, 6, 2, 4).transpose(1, 2)
        v = gqa.v_proj(x).view(2, 6, 2, 4).transpose(1, 2)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        want = gqa.out_proj(y.transpose(1, 2).reshape(2, 6, 16))
        torch.testing.assert_close(gqa(x), want, rtol=1e-5, atol=1e-5)

        full = mod.GroupedQueryAttention(16, 4, 4)  # n_kv_head == n_head: plain MHA
        oracle = torch.nn.MultiheadAttention(16, 4, bias=False, batch_first=True)
        oracle.in_proj_weight.copy_(
            torch.cat([full.q_proj.weight, full.k_proj.weight, full.v_proj.weight])
        )
        oracle.out_proj.weight.copy_(full.out_proj.weight)
        future = torch.ones(6, 6, dtype=torch.bool).triu(1)
        want, _ = oracle(x, x, x, attn_mask=future, need_weights=False)
        torch.testing.assert_close(full(x), want, rtol=1e-5, atol=1e-5)


# ----------------------------------------------------------------------------- rope

ROPE_FILES = ["solution", "alternatives/complex-multiply", "alternatives/rotation-matrices"]


def _numpy_rope(x: np.ndarray, positions: np.ndarray, base: float) -> np.ndarray:
    """Adjacent pairs as complex numbers, multiplied by exp(i * m * base^(-2j/d))."""
    d = x.shape[-1]
    z = x[..., 0::2].astype(np.float64) + 1j * x[..., 1::2]
    angles = np.outer(positions, base ** (-np.arange(0, d, 2) / d))
    rotated = z * np.exp(1j * angles)
    out = np.empty(x.shape, dtype=np.float64)
    out[..., 0::2], out[..., 1::2] = rotated.real, rotated.imag
    return out


@pytest.mark.parametrize("name", ROPE_FILES)
def test_rope_matches_complex_oracle_and_properties(load_pack: Any, name: str) -> None:
    mod = load_pack("rope", name)
    x = _randn(2, 5, 8, seed=17)
    positions = torch.tensor([0, 1, 4, 9, 300])
    for base in (10000.0, 500.0):
        got = mod.apply_rope(x, positions, base=base)
        want = _numpy_rope(x.numpy(), positions.numpy(), base)
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        mod.apply_rope(x).numpy(), _numpy_rope(x.numpy(), np.arange(5), 10000.0), atol=1e-5
    )
    # relative positions: shifting every position leaves q . k unchanged
    q, k = _randn(5, 8, seed=18), _randn(5, 8, seed=19)
    s0 = mod.apply_rope(q, positions) @ mod.apply_rope(k, positions).T
    s1 = mod.apply_rope(q, positions + 50) @ mod.apply_rope(k, positions + 50).T
    torch.testing.assert_close(s0, s1, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ROPE_FILES)
def test_rope_attention_rotates_queries_and_keys_only(load_pack: Any, name: str) -> None:
    mod = load_pack("rope", name)
    q, k, v = _randn(2, 4, 8, seed=20), _randn(2, 4, 8, seed=21), _randn(2, 4, 8, seed=22)
    pos = torch.tensor([2, 3, 4, 5])
    rq = torch.from_numpy(_numpy_rope(q.numpy(), pos.numpy(), 10000.0)).float()
    rk = torch.from_numpy(_numpy_rope(k.numpy(), pos.numpy(), 10000.0)).float()
    want = F.scaled_dot_product_attention(rq, rk, v, is_causal=True)
    torch.testing.assert_close(mod.rope_attention(q, k, v, pos), want, rtol=1e-5, atol=1e-5)
    assert torch.equal(q, _randn(2, 4, 8, seed=20))  # inputs untouched


# ----------------------------------------------------------------------------- sinusoidal-positions

SIN_FILES = [
    "solution",
    "alternatives/exp-log",
    "alternatives/python-loops",
    "alternatives/complex-phasors",
]


@pytest.mark.parametrize("name", SIN_FILES)
def test_sinusoidal_table_matches_definition(load_pack: Any, name: str) -> None:
    fn = load_pack("sinusoidal-positions", name).sinusoidal_positions
    p, i = np.meshgrid(np.arange(30), np.arange(8), indexing="ij")  # (30, 8) each
    for base in (10000.0, 100.0):
        angle = p / base ** (2 * i / 16)
        want = np.stack([np.sin(angle), np.cos(angle)], axis=-1).reshape(30, 16)
        got = fn(30, 16, base)
        assert got.dtype == torch.float32
        np.testing.assert_allclose(got.numpy(), want, atol=1e-5)
    assert fn(0, 6).shape == (0, 6)
    pe = fn(64, 16).double()
    dots = (pe[:-3] * pe[3:]).sum(-1)  # PE[p] . PE[p+3] is the same for every p
    torch.testing.assert_close(dots, torch.full_like(dots, float(dots[0])), atol=1e-4, rtol=0)


# ----------------------------------------------------------------------------- gelu-mlp

GELU_FILES = [
    "solution",
    "alternatives/library-calls",
    "alternatives/ndtr-and-sigmoid",
    "alternatives/erfc-einsum",
]


@pytest.mark.parametrize("name", GELU_FILES)
def test_gelu_and_mlp_match_torch(load_pack: Any, name: str) -> None:
    mod = load_pack("gelu-mlp", name)
    x = torch.cat([torch.linspace(-8, 8, 201), torch.tensor([-1e4, 1e4])])
    for approx in ("none", "tanh"):
        torch.testing.assert_close(
            mod.gelu(x, approx), F.gelu(x, approximate=approx), rtol=1e-5, atol=1e-6
        )
    with pytest.raises(ValueError):
        mod.gelu(x, "sigmoid")
    torch.manual_seed(4)
    mlp = mod.MLP(8, 24, dropout=0.5).eval()
    oracle = torch.nn.Sequential(torch.nn.Linear(8, 24), torch.nn.GELU(), torch.nn.Linear(24, 8))
    with torch.no_grad():
        oracle[0].load_state_dict(mlp.fc.state_dict())
        oracle[2].load_state_dict(mlp.proj.state_dict())
        h = _randn(2, 3, 8, seed=23)
        torch.testing.assert_close(mlp(h), oracle(h), rtol=1e-5, atol=1e-5)


# ----------------------------------------------------------------------------- swiglu

SWIGLU_FILES = ["solution", "alternatives/fused-gate-up", "alternatives/einsum-manual-silu"]


@pytest.mark.parametrize("name", SWIGLU_FILES)
def test_swiglu_matches_numpy_and_llama_sizes(load_pack: Any, name: str) -> None:
    mod = load_pack("swiglu", name)
    block = mod.SwiGLU(8, 20)
    assert all(p.ndim == 2 for p in block.parameters())  # no biases
    x = _randn(3, 8, seed=24)
    g = x.double().numpy() @ block.gate_proj.weight.double().detach().numpy().T
    u = x.double().numpy() @ block.up_proj.weight.double().detach().numpy().T
    want = (g / (1 + np.exp(-g)) * u) @ block.down_proj.weight.double().detach().numpy().T
    np.testing.assert_allclose(block(x).detach().numpy(), want, rtol=1e-5, atol=1e-5)
    # published LLaMA widths (7B: 4096 -> 11008, 13B: 5120 -> 13824, 65B: 8192 -> 22016)
    assert [mod.swiglu_hidden_size(d) for d in (4096, 5120, 8192)] == [11008, 13824, 22016]
    assert mod.swiglu_hidden_size(96) == 256 and mod.swiglu_hidden_size(100, 64) == 320

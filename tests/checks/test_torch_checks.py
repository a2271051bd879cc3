"""mldrills.checks.torch: the attention oracle, the variant naming, and each probe.

Pure functions are tested in-process against torch; the probes that need a child
(``build``, gradients, dropout, in-place) run through a real judge over the fixture
pack ``tests/checks/packs/fixtures/torch-probe``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from mldrills.checks import CheckFailed  # noqa: E402
from mldrills.checks import torch as tc  # noqa: E402

RNG = np.random.default_rng(0)


def _qkv(*shape: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tc.randn(RNG, *shape), tc.randn(RNG, *shape), tc.randn(RNG, *shape)


def _t(a: np.ndarray) -> Any:
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


# ----------------------------------------------------------------------------- attend


def test_attend_matches_torch_sdpa_plain_and_causal() -> None:
    q, k, v = _qkv(2, 3, 5, 4)
    for causal in (False, True):
        want = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), is_causal=causal)
        np.testing.assert_allclose(tc.attend(q, k, v, causal=causal), want.numpy(), atol=1e-12)


def test_attend_bool_and_additive_masks_agree_with_torch() -> None:
    q, k, v = _qkv(2, 1, 4, 3)
    keep = RNG.random((2, 1, 4, 4)) < 0.6
    keep[..., 0] = True  # no empty row here: torch and we agree on those separately
    additive = np.where(keep, 0.0, -np.inf)
    want = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), attn_mask=torch.from_numpy(keep))
    np.testing.assert_allclose(tc.attend(q, k, v, mask=keep), want.numpy(), atol=1e-12)
    np.testing.assert_allclose(tc.attend(q, k, v, mask=additive), want.numpy(), atol=1e-12)


def test_attend_fully_masked_row_conventions() -> None:
    q, k, v = _qkv(3, 2)
    keep = np.ones((3, 3), dtype=bool)
    keep[1] = False
    assert np.all(tc.attend(q, k, v, mask=keep)[1] == 0.0)
    assert np.all(np.isnan(tc.attend(q, k, v, mask=keep, empty_rows="nan")[1]))
    uniform = tc.attend(q, k, v, mask=keep, empty_rows="uniform")[1]
    np.testing.assert_allclose(uniform, v.astype(float).mean(axis=0), atol=1e-12)


def test_attend_switches() -> None:
    q, k, v = _qkv(4, 3)
    no_scale = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), scale=1.0)
    np.testing.assert_allclose(tc.attend(q, k, v, scale=1.0), no_scale.numpy(), atol=1e-12)
    cols = torch.softmax(_t(q) @ _t(k).T / math.sqrt(3), dim=0) @ _t(v)
    np.testing.assert_allclose(tc.attend(q, k, v, softmax_dim=-2), cols.numpy(), atol=1e-12)
    after = (torch.softmax(_t(q) @ _t(k).T / math.sqrt(3), dim=-1) * torch.ones(4, 4).tril()) @ _t(
        v
    )
    np.testing.assert_allclose(
        tc.attend(q, k, v, causal=True, mask_after_softmax=True), after.numpy(), atol=1e-12
    )
    sees_next = tc.attend(q, k, v, causal=True, causal_offset=1)
    want = F.scaled_dot_product_attention(
        _t(q), _t(k), _t(v), attn_mask=torch.ones(4, 4, dtype=torch.bool).tril(1)
    )
    np.testing.assert_allclose(sees_next, want.numpy(), atol=1e-12)


# ----------------------------------------------------------------------------- variants


def _mha_reference(q: np.ndarray, k: np.ndarray, v: np.ndarray, n_head: int) -> np.ndarray:
    y = tc.attend(
        tc.split_heads(q, n_head), tc.split_heads(k, n_head), tc.split_heads(v, n_head), causal=True
    )
    return tc.merge_heads(y)


def test_mha_variants_name_the_mistake_that_was_made() -> None:
    q, k, v = _qkv(2, 5, 8)
    good = _mha_reference(q, k, v, 4)
    variants = tc.mha_variants(q, k, v, 4, causal=True)
    tc.close(good, good, variants=variants)  # the right answer passes
    wrong = tc.merge_heads(
        tc.attend(q.reshape(2, 4, 5, 2), k.reshape(2, 4, 5, 2), v.reshape(2, 4, 5, 2), causal=True)
    )
    with pytest.raises(CheckFailed) as exc:
        tc.close(wrong, good, variants=variants)
    assert "split with view(B, n_head, T, head_size) without the transpose" in str(exc.value.hint)
    for mistake in ("scores not scaled", "softmax over the queries", "off by one"):
        name = next(n for n in variants if mistake in n)
        with pytest.raises(CheckFailed) as exc:
            tc.close(variants[name].astype(np.float32), good, variants=variants)
        assert exc.value.hint == f"likely mistake: {name}"


def test_gqa_variant_names_tiled_kv_heads() -> None:
    q = tc.randn(RNG, 1, 4, 8)
    k, v = tc.randn(RNG, 1, 4, 4), tc.randn(RNG, 1, 4, 4)
    variants = tc.mha_variants(q, k, v, 4, n_kv_head=2)
    tiled = variants[next(n for n in variants if ".repeat()" in n)]
    kh = np.repeat(tc.split_heads(k, 2), 2, axis=1)
    vh = np.repeat(tc.split_heads(v, 2), 2, axis=1)
    good = tc.merge_heads(tc.attend(tc.split_heads(q, 4), kh, vh))
    with pytest.raises(CheckFailed) as exc:
        tc.close(tiled, good, variants=variants)
    assert "repeat_interleave" in str(exc.value.hint)


def test_close_drops_invisible_variants_and_merges_twins() -> None:
    good = np.ones(3)
    with pytest.raises(CheckFailed) as exc:
        tc.close(
            np.zeros(3),
            good,
            variants={"same as right": np.ones(3), "a": np.zeros(3), "b": np.zeros(3)},
        )
    assert exc.value.hint is not None
    assert "same as right" not in exc.value.hint
    assert "a; or b (this input cannot tell these apart)" in exc.value.hint


def test_fused_qkv_variants_correct_path_matches_a_torch_module() -> None:
    x = tc.randn(RNG, 2, 5, 8)
    qkv, proj = torch.nn.Linear(8, 24), torch.nn.Linear(8, 8)
    params = {
        "qkv.weight": qkv.weight.detach().numpy(),
        "qkv.bias": qkv.bias.detach().numpy(),
        "proj.weight": proj.weight.detach().numpy(),
        "proj.bias": proj.bias.detach().numpy(),
    }
    with torch.no_grad():
        q, k, v = qkv(torch.from_numpy(x)).view(2, 5, 3, 2, 4).permute(2, 0, 3, 1, 4)
        y = proj(
            F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(2, 5, 8)
        ).numpy()
    variants = tc.fused_qkv_variants(params, x, 2)
    unscaled = variants["scores not scaled by 1/sqrt(d_k)"]
    assert not np.allclose(unscaled, y, atol=1e-4)
    with pytest.raises(CheckFailed) as exc:
        tc.close(unscaled, y, variants=variants)
    assert exc.value.hint == "likely mistake: scores not scaled by 1/sqrt(d_k)"


def test_projected_variants_use_separate_projections() -> None:
    lin = {n: torch.nn.Linear(8, 8) for n in ("q_proj", "k_proj", "v_proj", "out_proj")}
    params = {
        f"{n}.{k}": v.detach().numpy() for n, m in lin.items() for k, v in m.state_dict().items()
    }
    x, mem = tc.randn(RNG, 1, 3, 8), tc.randn(RNG, 1, 4, 8)
    mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([lin[n].weight for n in ("q_proj", "k_proj", "v_proj")]))
        mha.in_proj_bias.copy_(torch.cat([lin[n].bias for n in ("q_proj", "k_proj", "v_proj")]))
        mha.out_proj.load_state_dict(lin["out_proj"].state_dict())
        want = mha(torch.from_numpy(x), torch.from_numpy(mem), torch.from_numpy(mem))[0].numpy()
    variants = tc.projected_variants(params, x, mem, mem, 2)
    tc.close(want, want, variants=variants)  # the oracle's answer is not flagged
    unscaled = variants["scores not scaled by 1/sqrt(d_k)"]
    assert not np.allclose(unscaled, want, atol=1e-4)


def test_norm_variants_against_torch() -> None:
    x, w, b = tc.randn(RNG, 2, 3, 6), tc.randn(RNG, 6), tc.randn(RNG, 6)
    xt = torch.from_numpy(x).double()
    ln = tc.layer_norm_variants(x, w, b, 1e-5)
    unbiased = (xt - xt.mean(-1, keepdim=True)) / torch.sqrt(xt.var(-1, keepdim=True) + 1e-5)
    np.testing.assert_allclose(
        ln[next(n for n in ln if "unbiased" in n)], unbiased.numpy() * w + b, rtol=1e-6
    )
    np.testing.assert_allclose(
        ln["bias not added"] + b, F.layer_norm(xt, (6,), _t(w), _t(b), 1e-5).numpy(), rtol=1e-6
    )
    rms = tc.rms_norm_variants(x, w, 1e-6)
    np.testing.assert_allclose(
        rms["weight not applied"] * w, F.rms_norm(xt, (6,), _t(w), 1e-6).numpy(), rtol=1e-6
    )


def test_rope_oracle_and_variants() -> None:
    x = tc.randn(RNG, 2, 5, 8)
    pos = np.array([0, 2, 3, 7, 11])
    z = torch.view_as_complex(_t(x).reshape(2, 5, 4, 2).contiguous())
    theta = 10000.0 ** (-torch.arange(0, 8, 2, dtype=torch.float64) / 8)
    turned = torch.view_as_real(
        z * torch.polar(torch.ones(5, 4, dtype=torch.float64), torch.outer(_t(pos), theta))
    ).reshape(2, 5, 8)
    np.testing.assert_allclose(tc.rope(x, pos), turned.numpy(), atol=1e-12)
    variants = tc.rope_variants(x, pos)  # at the default base, "base ignored" is no mistake
    assert all(not np.allclose(v, turned.numpy()) for n, v in variants.items() if "base" not in n)


def test_sinusoidal_and_gelu_oracles() -> None:
    table = tc.sinusoidal(4, 6)
    angle = np.arange(4)[:, None] / 10000.0 ** (np.arange(0, 6, 2) / 6)
    np.testing.assert_allclose(table[:, 0::2], np.sin(angle), atol=1e-12)
    np.testing.assert_allclose(table[:, 1::2], np.cos(angle), atol=1e-12)
    assert len(tc.sinusoidal_variants(4, 6)) == 6
    x = np.linspace(-4, 4, 33)
    exact = F.gelu(_t(x)).numpy()
    variants = tc.gelu_variants(x)
    tanh_used = "the tanh approximation used where the exact (erf) GELU was asked"
    np.testing.assert_allclose(
        variants[tanh_used],
        F.gelu(_t(x), approximate="tanh").numpy(),
        atol=1e-12,
    )
    assert not any(np.allclose(v, exact, atol=1e-6) for v in variants.values())


# ----------------------------------------------------------------------------- probes


def _prefix_mean(offset: int = 0, row0_uniform: bool = False) -> Callable[[np.ndarray], Any]:
    """(B, T, C) -> mean over positions j <= t + offset (a stand-in for attention)."""

    def fn(x: np.ndarray) -> np.ndarray:
        n = x.shape[1]
        out = np.stack([x[:, : min(n, t + 1 + offset)].mean(axis=1) for t in range(n)], axis=1)
        if row0_uniform:
            out[:, 0] = x.mean(axis=1)
        return out

    return fn


def _leak_message(fn: Callable[[np.ndarray], Any]) -> str:
    with pytest.raises(CheckFailed) as exc:
        tc.check_causal(fn, tc.randn(RNG, 2, 6, 3), np.random.default_rng(1))
    return exc.value.message


def test_check_causal_passes_a_causal_function() -> None:
    tc.check_causal(_prefix_mean(), tc.randn(RNG, 2, 6, 3), np.random.default_rng(1))


@pytest.mark.parametrize(
    ("fn", "first", "kind"),
    [
        (_prefix_mean(offset=99), 0, "total leakage"),
        (_prefix_mean(offset=1), 4, "off by one: position 4 sees token 5"),
        (_prefix_mean(row0_uniform=True), 0, "only position 0 sees the future"),
    ],
)
def test_check_causal_names_first_leak_and_kind(fn: Any, first: int, kind: str) -> None:
    msg = _leak_message(fn)
    assert "changing only position 5" in msg
    assert f"the first, position {first}" in msg
    assert kind in msg


def test_check_causal_reports_nan_first() -> None:
    def nan_row0(x: np.ndarray) -> np.ndarray:
        out = _prefix_mean()(x)
        out[:, 0] = np.nan
        return out

    msg = _leak_message(nan_row0)
    assert "NaN" in msg and "index [0, 0, 0]" in msg


def test_check_batch_independent() -> None:
    x = tc.randn(RNG, 3, 4, 2)
    tc.check_batch_independent(lambda a: np.tanh(a), x, np.random.default_rng(2))
    with pytest.raises(CheckFailed, match="example 0's output changed"):
        tc.check_batch_independent(lambda a: a - a.mean(axis=0), x, np.random.default_rng(2))
    with pytest.raises(CheckFailed, match="reordering the examples"):
        tc.check_batch_independent(
            lambda a: a * np.arange(3)[:, None, None], x, np.random.default_rng(2)
        )


def test_check_finite_names_the_position() -> None:
    arr = np.zeros((2, 3, 4))
    arr[1, 2, 3] = np.inf
    assert tc.check_finite(np.zeros(2)) is not None
    with pytest.raises(CheckFailed, match=r"the first \(inf\) is at b=1, t=2, c=3"):
        tc.check_finite(arr, axis_names=("b", "t", "c"))


# ----------------------------------------------------------------------------- through the judge

FIXTURE = Path(__file__).parent / "packs"

REFERENCE = (FIXTURE / "fixtures" / "torch-probe" / "solution.py").read_text()


@pytest.fixture(scope="module")
def grade() -> Iterator[Callable[[str], dict[str, Any]]]:
    """Grade code against the torch-probe fixture: name -> (status, message)."""
    from mldrills.content import Catalog
    from mldrills.grading import Judge

    with Judge(Catalog(FIXTURE), preload_torch=True, slots=1) as judge:

        def run(code: str) -> dict[str, Any]:
            res = judge.grade("torch-probe", code, hidden=False)
            return {c.name: (c.status, f"{c.message}\n{c.hint}") for c in res.checks}

        yield run


def _patched(old: str, new: str) -> str:
    assert old in REFERENCE
    return REFERENCE.replace(old, new)


def test_reference_passes_every_probe(grade: Callable[[str], dict[str, Any]]) -> None:
    assert {s for s, _ in grade(REFERENCE).values()} == {"pass"}


def test_build_names_missing_and_renamed_parameters(grade: Callable[[str], dict[str, Any]]) -> None:
    res = grade(REFERENCE.replace("self.lin", "self.proj"))
    status, msg = res["same as reference"]
    assert status == "fail"
    assert "missing: lin.weight (8, 8), lin.bias (8,)" in msg
    assert "unexpected: proj.weight (8, 8), proj.bias (8,)" in msg


def test_gradient_probe_names_a_cut_graph(grade: Callable[[str], dict[str, Any]]) -> None:
    res = grade(_patched("h = self.lin(x)", "h = self.lin(x).detach()"))
    status, msg = res["gradients"]
    assert status == "fail" and "autograd graph is cut" in msg
    assert res["same as reference"][0] == "pass"


def test_dropout_probe(grade: Callable[[str], dict[str, Any]]) -> None:
    always = grade(_patched("self.drop(h.cumsum", "nn.functional.dropout(h.cumsum"))
    assert "still active in eval mode" in always["dropout"][1]
    never = grade(_patched("self.drop = nn.Dropout(dropout)", "self.drop = nn.Identity()"))
    assert "dropout is never applied" in never["dropout"][1]
    unscaled = grade(
        _patched(
            "return self.drop(h.cumsum(dim=1) / counts)",
            "y = h.cumsum(dim=1) / counts\n"
            "        if self.training:\n"
            "            y = y * (torch.rand_like(y) > self.drop.p)\n"
            "        return y",
        )
    )
    assert "not scaled by 1/(1 - p)" in unscaled["dropout"][1]
    # A train-mode output with NaN in it is named as such, never as "nan% away".
    nan = grade(
        _patched(
            "return self.drop(h.cumsum(dim=1) / counts)",
            "y = self.drop(h.cumsum(dim=1) / counts)\n"
            "        if self.training:\n"
            "            y = torch.where(torch.rand_like(y) < 0.01, float('nan'), y)\n"
            "        return y",
        )
    )
    status, message = nan["dropout"]
    assert status == "fail" and "nan%" not in message.lower()
    assert "NaN or inf" in message


def test_causal_and_batch_probes_through_the_judge(grade: Callable[[str], dict[str, Any]]) -> None:
    res = grade(_patched("h.cumsum(dim=1) / counts", "h.mean(dim=1, keepdim=True).expand_as(h)"))
    assert "total leakage" in res["causal"][1]
    res = grade(_patched("h = self.lin(x)", "h = self.lin(x) - self.lin(x).mean(dim=0)"))
    assert "example 0's output changed" in res["batch"][1]


def test_unchanged_probe_catches_in_place_ops(grade: Callable[[str], dict[str, Any]]) -> None:
    res = grade(_patched("return 2 * x", "return x.mul_(2)"))
    assert res["unchanged"][0] == "fail" and "modified in place" in res["unchanged"][1]

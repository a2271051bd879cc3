"""Every drill's answer recomputed by an independent plain-Python implementation.

The drill files state their formulas as data; these functions restate them in ordinary
code from the raw parameters, so a wrong expression in a TOML file fails here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from statistics import NormalDist
from typing import Any

import pytest

from mldrills.content.drill_gen import generate
from mldrills.content.drills import DrillSet

PACKS = Path(__file__).resolve().parents[2] / "packs"
SEEDS = range(12)  # enough for every variant of a drill to be drawn
P = dict[str, Any]


def kv_cache_bytes(p: P) -> float:
    return (
        2 * p["layers"] * p["kv_heads"] * p["head_dim"] * p["context"] * p["batch"] * p["bytes_per"]
    )


def attention_score_memory(p: P) -> float:
    return p["batch"] * p["heads"] * p["seq"] ** 2 * p["bytes_per"]


def gpt_param_count(p: P) -> float:
    d = p["d_model"]
    per_block = 4 * d * d + 2 * d * (4 * d)  # q, k, v, o + up and down projections
    return p["layers"] * per_block + p["vocab"] * d + p["n_ctx"] * d


def moe_capacity(p: P) -> float:
    loads, k, experts = p["loads"], 2, 8
    tokens = sum(loads) // k
    capacity = math.ceil(p["cf"] * tokens * k / experts)
    return sum(max(load - capacity, 0) for load in loads)


def training_flops(p: P) -> float:
    flops = 6 * p["n_billion"] * 1e9 * p["tokens_billion"] * 1e9
    return flops / (p["gpus"] * p["peak_tflops"] * 1e12 * p["mfu"])


def lora_param_count(p: P) -> float:
    d, r = p["d_model"], p["rank"]
    shapes = [(d, d), (d, d), (d, 4 * d), (4 * d, d)]
    return p["layers"] * sum(r * (d_in + d_out) for d_in, d_out in shapes)


def perplexity_from_nll(p: P) -> float:
    total = round(p["mean_true"] * p["tokens"], 1)
    bits = total / p["tokens"] / math.log(2)
    return bits if p["variant"] == "bits" else 2**bits


def split_gain_leaf_weight(p: P) -> float:
    def score(g: float, h: float) -> float:
        return g * g / (h + p["lam"])

    gl, gr, hl, hr = p["gl"], p["gr"], p["hl"], p["hr"]
    if p["variant"] == "leaf":
        return -gl / (hl + p["lam"])
    gain = score(gl, hl) + score(gr, hr) - score(gl + gr, hl + hr)
    return gain / 2 - p["gamma"]


def logistic_odds(p: P) -> float:
    logit = math.log(p["p0"]) - math.log(1 - p["p0"]) + p["w"] * p["delta"]
    return 1 / (1 + math.exp(-logit))


def confusion_matrix_metrics(p: P) -> float:
    tp, fp, fn = p["tp"], p["fp"], p["fn"]
    return {
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "f1": 2 * tp / (2 * tp + fp + fn),
    }[p["variant"]]


def ece_table(p: P) -> float:
    mids = [0.1, 0.3, 0.5, 0.7, 0.9]
    total, acc_sum = sum(p["counts"]), 0.0
    for n, mid, off, gap in zip(p["counts"], mids, p["conf_off"], p["gap"], strict=True):
        conf = round(mid + off, 2)
        acc = round(min(max(mid + off + gap, 0), 1), 2)
        acc_sum += n * abs(acc - conf)
    return acc_sum / total


def ab_sample_size(p: P) -> float:
    p1 = p["p1"]
    p2 = p1 * (1 + p["lift"])
    z = NormalDist().inv_cdf(1 - p["alpha"] / 2) + NormalDist().inv_cdf(p["power"])
    return math.ceil(z**2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2)


def ucb_score(p: P) -> float:
    t = sum(p["pulls"])
    pairs = zip(p["means"], p["pulls"], strict=True)
    scores = [m + math.sqrt(2 * math.log(t) / n) for m, n in pairs]
    return scores.index(max(scores)) + 1 if p["variant"] == "arm" else max(scores)


def beta_posterior_mean(p: P) -> float:
    a = p["a"] + p["clicks"]
    b = p["b"] + p["impressions"] - p["clicks"]
    return a / (a + b)


def adam_mixed_precision_memory(p: P) -> float:
    return 16 * p["n_billion"] * 1e9


def zero_stage_memory(p: P) -> float:
    n, g, stage = p["n_billion"] * 1e9, p["gpus"], p["stage"]
    weights = 2 * n / (g if stage == 3 else 1)
    grads = 2 * n / (g if stage >= 2 else 1)
    return weights + grads + 12 * n / g


def ring_allreduce_bytes(p: P) -> float:
    size, n = p["n_billion"] * 1e9 * p["bytes_per"], p["ranks"]
    return 2 * (n - 1) / n * size


def pipeline_bubble(p: P) -> float:
    return (p["stages"] - 1) / (p["micro"] + p["stages"] - 1)


def psi_histograms(p: P) -> float:
    e_total, a_total = sum(p["expected"]), sum(p["actual"])
    return sum(
        (a / a_total - e / e_total) * math.log((a / a_total) / (e / e_total))
        for e, a in zip(p["expected"], p["actual"], strict=True)
    )


def serving_cost_month(p: P) -> float:
    replicas = math.ceil(p["qps"] / (p["per_replica"] * p["util"]))
    return replicas * p["price"] * 730


def latency_percentiles(p: P) -> float:
    ordered = sorted(p["lat"])
    rank = math.ceil(p["q"] / 100 * len(ordered))
    return ordered[rank - 1] / 1000  # ms -> s


def padding_waste(p: P) -> float:
    lengths = p["lengths"]
    slots = len(lengths) * max(lengths)
    return (slots - sum(lengths)) / slots


def cost_savings_per_month(p: P) -> float:
    new = round(p["old"] * p["frac"], 2)
    return (p["old"] - new) * p["volume"] / 1000


ORACLES: dict[str, Callable[[P], float]] = {
    "kv-cache-bytes": kv_cache_bytes,
    "attention-score-memory": attention_score_memory,
    "gpt-param-count": gpt_param_count,
    "moe-capacity": moe_capacity,
    "training-flops": training_flops,
    "lora-param-count": lora_param_count,
    "perplexity-from-nll": perplexity_from_nll,
    "split-gain-leaf-weight": split_gain_leaf_weight,
    "logistic-odds": logistic_odds,
    "confusion-matrix-metrics": confusion_matrix_metrics,
    "ece-table": ece_table,
    "ab-sample-size": ab_sample_size,
    "ucb-score": ucb_score,
    "beta-posterior-mean": beta_posterior_mean,
    "adam-mixed-precision-memory": adam_mixed_precision_memory,
    "zero-stage-memory": zero_stage_memory,
    "ring-allreduce-bytes": ring_allreduce_bytes,
    "pipeline-bubble": pipeline_bubble,
    "psi-histograms": psi_histograms,
    "serving-cost-month": serving_cost_month,
    "latency-percentiles": latency_percentiles,
    "padding-waste": padding_waste,
    "cost-savings-per-month": cost_savings_per_month,
}


def test_every_drill_has_an_oracle() -> None:
    assert set(DrillSet(PACKS).slugs) == set(ORACLES)


def test_every_variant_is_recomputed() -> None:
    drills = DrillSet(PACKS)
    for slug in drills.slugs:
        drill = drills.get(slug)
        drawn = {generate(drill, seed).variant for seed in SEEDS}
        assert drawn == ({v.name for v in drill.variants} or {None}), slug


@pytest.mark.parametrize("slug", sorted(ORACLES))
def test_answer_matches_independent_formula(slug: str) -> None:
    drill = DrillSet(PACKS).get(slug)
    for seed in SEEDS:
        instance = generate(drill, seed)
        expected = ORACLES[slug]({**instance.params, "variant": instance.variant})
        assert instance.answer == pytest.approx(expected, rel=1e-9, abs=1e-12), (slug, seed)


def test_gpt2_small_is_about_124m() -> None:
    """The convention reproduces the published GPT-2 small size (124M)."""
    params = {"layers": 12, "d_model": 768, "vocab": 50257, "n_ctx": 1024}
    assert gpt_param_count(params) == pytest.approx(124e6, rel=0.01)


def test_cost_savings_example_from_the_syllabus() -> None:
    """$0.42 -> $0.19 per 1,000 predictions at 2B a month is about $460K a month."""
    saving = (0.42 - 0.19) * 2e9 / 1000
    assert saving == pytest.approx(460_000)
    assert cost_savings_per_month({"old": 0.42, "frac": 0.19 / 0.42, "volume": 2e9}) == (
        pytest.approx(460_000)
    )

# Flash-attention style: walk over blocks of keys keeping a running max, a running sum and
# an unnormalised output; never builds the full score matrix at once.
import math

import torch


def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k) + mask) v, one block of keys at a time."""
    Tk, block = k.shape[-2], 2
    lead = torch.broadcast_shapes(q.shape[:-2], k.shape[:-2])
    run_max = torch.full((*lead, q.shape[-2], 1), -math.inf, dtype=q.dtype)
    run_sum = torch.zeros_like(run_max)
    acc = torch.zeros((*lead, q.shape[-2], v.shape[-1]), dtype=q.dtype)
    for start in range(0, Tk, block):
        cols = slice(start, start + block)
        s = q @ k[..., cols, :].transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., Tq, blk)
        if mask is not None:
            m = (
                mask.expand(*mask.shape[:-1], Tk)[..., cols]
                if mask.shape[-1] == 1
                else mask[..., cols]
            )
            s = s.masked_fill(~m, -math.inf) if m.dtype == torch.bool else s + m
        new_max = torch.maximum(run_max, s.amax(dim=-1, keepdim=True))
        safe = torch.where(torch.isfinite(new_max), new_max, 0.0)  # rows with no key yet
        p = torch.exp(s - safe)  # (..., Tq, blk), zeros where blocked
        rescale = torch.exp(run_max - safe)
        run_sum = run_sum * rescale + p.sum(dim=-1, keepdim=True)
        acc = acc * rescale + p @ v[..., cols, :]
        run_max = new_max
    return torch.where(run_sum > 0, acc / run_sum.clamp_min(torch.finfo(q.dtype).tiny), 0.0)

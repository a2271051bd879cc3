# mistake: runs the softmax in float32 (.float()) whatever the input dtype, losing float64 precision
# caught-by: float64 inputs keep float64 precision
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    empty = torch.isneginf(scores).all(dim=-1, keepdim=True)
    weights = torch.softmax(scores.masked_fill(empty, 0.0).float(), dim=-1).masked_fill(empty, 0.0)
    return weights.to(v.dtype) @ v

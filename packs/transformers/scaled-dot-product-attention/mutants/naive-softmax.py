# mistake: hand-written softmax exp(s) / sum(exp(s)) without subtracting the row max: exp overflows for large scores
# caught-by: large scores stay finite
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    e = torch.exp(scores)
    total = e.sum(dim=-1, keepdim=True)
    return torch.where(total > 0, e / total.clamp_min(1e-30), 0.0) @ v

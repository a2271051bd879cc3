# mistake: normalises over dim=-2 (the queries) instead of dim=-1 (the keys)
# caught-by: no mask, batch and heads (2, 3, 5, 8)
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    empty = torch.isneginf(scores).all(dim=-2, keepdim=True)
    weights = torch.softmax(scores.masked_fill(empty, 0.0), dim=-2).masked_fill(empty, 0.0)
    return weights @ v

# mistake: zeroes the blocked weights after the softmax, so the remaining weights no longer sum to 1
# caught-by: boolean mask: True means may attend
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    if mask is not None:
        keep = mask if mask.dtype == torch.bool else torch.isfinite(mask)
        weights = weights.masked_fill(~keep, 0.0)
    return weights @ v

# Library calls: F.cross_entropy with reduction="sum" and ignore_index does the masking for
# perplexity; the smoothed loss is written as the cross-entropy against an explicit target
# distribution q (a dense (N, K) matrix).
import torch
import torch.nn.functional as F


def perplexity(logits, targets, pad_id):
    V = logits.shape[-1]
    total = F.cross_entropy(logits.reshape(-1, V).double(), targets.reshape(-1),
                            ignore_index=pad_id, reduction="sum")
    return torch.exp(total / (targets != pad_id).sum())


def label_smoothed_cross_entropy(logits, targets, smoothing, ignore_index=-100):
    K = logits.shape[-1]
    keep = targets != ignore_index
    q = torch.full((int(keep.sum()), K), smoothing / K)
    q[torch.arange(len(q)), targets[keep]] += 1.0 - smoothing
    return -(q * logits[keep].log_softmax(dim=-1)).sum(dim=-1).mean()

# Both through F.cross_entropy directly: ignore_index for the padding and the mean over real
# tokens, label_smoothing for the smoothed loss (the statement allows library calls).
import math

import torch.nn.functional as F


def perplexity(logits, targets, pad_id):
    V = logits.shape[-1]
    mean_nll = F.cross_entropy(
        logits.double().view(-1, V), targets.view(-1), ignore_index=pad_id, reduction="mean"
    )
    return math.exp(float(mean_nll))


def label_smoothed_cross_entropy(logits, targets, smoothing, ignore_index=-100):
    return F.cross_entropy(logits, targets, ignore_index=ignore_index, label_smoothing=smoothing)

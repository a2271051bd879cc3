import torch


def perplexity(logits: torch.Tensor, targets: torch.Tensor, pad_id: int) -> float:
    """exp of the mean next-token NLL (nats) over every position whose target is not pad_id."""
    raise NotImplementedError


def label_smoothed_cross_entropy(
    logits: torch.Tensor, targets: torch.Tensor, smoothing: float, ignore_index: int = -100
) -> torch.Tensor:
    """Cross-entropy against (1 - eps) * one-hot + eps / K, averaged over non-ignored rows."""
    raise NotImplementedError

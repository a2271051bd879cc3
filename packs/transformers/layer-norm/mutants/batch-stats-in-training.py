# mistake: in training mode takes the mean and variance over the batch (BatchNorm's rule), per token only in eval mode
# caught-by: the same in training and eval mode
import torch
import torch.nn as nn


class LayerNorm(nn.Module):
    """Normalise each vector over its last dimension, then scale by weight and shift by bias."""

    def __init__(self, d_model: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d_model))  # gain, starts at 1
        self.bias = nn.Parameter(torch.zeros(d_model))  # shift, starts at 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:  # BatchNorm's rule: statistics over every token of the batch
            dims = tuple(range(x.dim() - 1))
            mean = x.mean(dim=dims, keepdim=True)
            centered = x - mean
            var = (centered * centered).mean(dim=dims, keepdim=True)
        else:
            mean = x.mean(dim=-1, keepdim=True)  # (..., 1)
            centered = x - mean
            var = (centered * centered).mean(dim=-1, keepdim=True)
        return centered / torch.sqrt(var + self.eps) * self.weight + self.bias

import torch
import torch.nn as nn


class LoRALinear(nn.Module):
    """A frozen nn.Linear plus a trainable low-rank update (alpha / r) * B @ A."""

    def __init__(
        self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True
    ) -> None:
        super().__init__()
        # self.base = nn.Linear(in_features, out_features, bias=bias)   (frozen)
        # self.lora_A: (r, in_features), self.lora_B: (out_features, r)
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (..., in_features) -> (..., out_features)."""
        raise NotImplementedError

    def merge(self) -> None:
        """Fold the update into base.weight (a no-op when already merged)."""
        raise NotImplementedError

    def unmerge(self) -> None:
        """Take the update back out of base.weight (a no-op when not merged)."""
        raise NotImplementedError

# mistake: gives B a random init like A instead of zeros, so B A is not zero and training starts away from the base model
# caught-by: at init: B is zero, A is not, and the output equals the base layer
import math

import torch
import torch.nn as nn


class LoRALinear(nn.Module):
    """A frozen nn.Linear plus a trainable low-rank update (alpha / r) * B @ A."""

    def __init__(
        self, in_features: int, out_features: int, r: int, alpha: float, bias: bool = True
    ) -> None:
        super().__init__()
        self.base = nn.Linear(in_features, out_features, bias=bias)
        self.base.requires_grad_(False)  # the pretrained weights stay fixed
        self.lora_A = nn.Parameter(torch.empty(r, in_features))  # (r, d_in)
        self.lora_B = nn.Parameter(torch.empty(out_features, r))
        nn.init.kaiming_uniform_(self.lora_B, a=math.sqrt(5))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.scaling = alpha / r
        self.merged = False

    def delta_weight(self) -> torch.Tensor:
        """The update the adapter adds to the base weight, (d_out, d_in)."""
        return self.scaling * (self.lora_B @ self.lora_A)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.base(x)  # (..., d_out)
        if not self.merged:  # once merged, the update already lives in base.weight
            y = y + self.scaling * ((x @ self.lora_A.T) @ self.lora_B.T)  # (..., r) -> (..., d_out)
        return y

    @torch.no_grad()
    def merge(self) -> None:
        """Fold the update into base.weight (a no-op when already merged)."""
        if not self.merged:
            self.base.weight += self.delta_weight()
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        """Take the update back out of base.weight (a no-op when not merged)."""
        if self.merged:
            self.base.weight -= self.delta_weight()
            self.merged = False

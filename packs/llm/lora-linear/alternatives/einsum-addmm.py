# The adapter path through einsum, a zero-initialised B from nn.init, and merge/unmerge
# with a single in-place addmm_ (beta 1, alpha +-scaling) on the frozen weight.
import math

import torch
import torch.nn as nn


class LoRALinear(nn.Module):
    def __init__(self, in_features, out_features, r, alpha, bias=True):
        super().__init__()
        self.base = nn.Linear(in_features, out_features, bias=bias)
        self.base.weight.requires_grad_(False)
        if self.base.bias is not None:
            self.base.bias.requires_grad_(False)
        self.lora_A = nn.Parameter(torch.empty(r, in_features))
        self.lora_B = nn.Parameter(torch.empty(out_features, r))
        nn.init.normal_(self.lora_A, std=1.0 / math.sqrt(in_features))
        nn.init.zeros_(self.lora_B)
        self.s = alpha / r
        self._merged = False

    def forward(self, x):
        out = self.base(x)
        if self._merged:
            return out
        low = torch.einsum("...i,ri->...r", x, self.lora_A)
        return out + self.s * torch.einsum("...r,or->...o", low, self.lora_B)

    @torch.no_grad()
    def _fold(self, sign):
        self.base.weight.addmm_(self.lora_B, self.lora_A, alpha=sign * self.s)

    def merge(self):
        if not self._merged:
            self._fold(1.0)
            self._merged = True

    def unmerge(self):
        if self._merged:
            self._fold(-1.0)
            self._merged = False

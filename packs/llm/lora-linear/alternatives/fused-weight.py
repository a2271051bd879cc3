# Builds the effective weight W + (alpha/r) B A on the fly and calls F.linear once; merge
# and unmerge move the update between that sum and base.weight. A is drawn from a normal.
import torch
import torch.nn as nn
import torch.nn.functional as F


class LoRALinear(nn.Module):
    def __init__(self, in_features, out_features, r, alpha, bias=True):
        super().__init__()
        self.base = nn.Linear(in_features, out_features, bias=bias)
        for p in self.base.parameters():
            p.requires_grad = False
        self.lora_A = nn.Parameter(torch.randn(r, in_features) / r)
        self.lora_B = nn.Parameter(torch.zeros(out_features, r))
        self.scale = alpha / r
        self.is_merged = False

    def _update(self):
        return torch.addmm(torch.zeros_like(self.base.weight), self.lora_B, self.lora_A,
                           alpha=self.scale)

    def forward(self, x):
        w = self.base.weight if self.is_merged else self.base.weight + self._update()
        return F.linear(x, w, self.base.bias)

    def merge(self):
        if not self.is_merged:
            with torch.no_grad():
                self.base.weight.add_(self._update())
            self.is_merged = True

    def unmerge(self):
        if self.is_merged:
            with torch.no_grad():
                self.base.weight.sub_(self._update())
            self.is_merged = False

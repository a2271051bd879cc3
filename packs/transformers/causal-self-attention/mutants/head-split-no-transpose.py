# mistake: splits heads with reshape(B, n_head, T, hs) directly instead of (B, T, n_head, hs) then transpose, so a "head" slices across positions
# caught-by: heads split and merged correctly
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, n_head, dropout=0.0):
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        B, T, C = x.shape
        hs = C // self.n_head
        q, k, v = self.qkv(x).split(C, dim=2)
        q = q.reshape(B, self.n_head, T, hs)
        k = k.reshape(B, self.n_head, T, hs)
        v = v.reshape(B, self.n_head, T, hs)
        att = q @ k.transpose(-2, -1) / math.sqrt(hs)
        visible = torch.ones(T, T, dtype=torch.bool).tril()
        att = F.softmax(att.masked_fill(~visible, float("-inf")), dim=-1)
        y = self.drop(att) @ v
        y = y.reshape(B, T, C)
        return self.drop(self.proj(y))

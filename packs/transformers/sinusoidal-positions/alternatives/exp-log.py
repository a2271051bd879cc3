# The common float32 formulation: frequencies as exp(-2i * ln(base) / d), then an outer product.
import math

import torch


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """Sinusoidal table with exp/log frequencies, all in float32."""
    position = torch.arange(n_positions, dtype=torch.float32).unsqueeze(1)  # (n, 1)
    div_term = torch.exp(
        torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(base) / d_model)
    )
    pe = torch.zeros(n_positions, d_model)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)
    return pe

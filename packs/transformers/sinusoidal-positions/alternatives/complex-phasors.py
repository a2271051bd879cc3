# e^{i p w} = cos(p w) + i sin(p w): one complex table, then (imag, real) interleaved.
import torch


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """Sinusoidal table from unit complex numbers."""
    freq = base ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)  # (d/2,)
    angles = torch.outer(torch.arange(n_positions, dtype=torch.float64), freq)  # (n, d/2)
    z = torch.polar(torch.ones_like(angles), angles)
    return torch.stack([z.imag, z.real], dim=-1).reshape(n_positions, d_model).float()

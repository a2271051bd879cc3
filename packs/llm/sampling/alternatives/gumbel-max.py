# Top-k by sorting, top-p by ranking every pair of tokens (no sort, no cumsum), and the
# draw by the Gumbel-max trick: argmax(z + Gumbel noise) is distributed as softmax(z).
import torch


def make_generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def filter_logits(logits, temperature=1.0, top_k=None, top_p=None):
    z = logits / temperature
    V = z.shape[-1]
    if top_k is not None and top_k < V:
        kth = z.sort(dim=-1, descending=True).values[:, top_k - 1 : top_k]  # (B, 1)
        z = torch.where(z >= kth, z, torch.full_like(z, float("-inf")))
    if top_p is not None and top_p < 1.0:
        probs = z.softmax(dim=-1)
        # rank of each token: more probable first, equal probabilities by lower id
        ids = torch.arange(V)
        above = (probs.unsqueeze(-1) > probs.unsqueeze(-2)) | (
            (probs.unsqueeze(-1) == probs.unsqueeze(-2)) & (ids.view(V, 1) < ids.view(1, V))
        )  # above[b, j, i]: token j ranks before token i
        mass_above = (probs.unsqueeze(-1) * above).sum(dim=-2)  # (B, V)
        z = z.masked_fill(mass_above >= top_p, float("-inf"))
    return z


def sample_next(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    if temperature == 0:
        return logits.argmax(dim=-1)
    z = filter_logits(logits, temperature, top_k, top_p).double()
    u = torch.rand(z.shape, generator=generator, dtype=torch.float64)
    return (z - torch.log(-torch.log(u))).argmax(dim=-1)

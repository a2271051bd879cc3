# Top-k through kthvalue, top-p through a stable argsort and an inverse permutation, and the
# draw by inverting the cumulative distribution with one uniform number per row.
import torch


def make_generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def filter_logits(logits, temperature=1.0, top_k=None, top_p=None):
    z = logits / temperature
    V = z.shape[-1]
    if top_k is not None and top_k < V:
        kth = -torch.kthvalue(-z, top_k, dim=-1, keepdim=True).values  # k-th largest
        z = z.masked_fill(z < kth, float("-inf"))
    if top_p is not None and top_p < 1.0:
        probs = torch.softmax(z, dim=-1)
        order = torch.argsort(-probs, dim=-1, stable=True)  # ties keep increasing id
        ranked = probs.gather(-1, order)
        above = ranked.cumsum(-1) - ranked
        rank_of = torch.argsort(order, dim=-1)  # inverse permutation: token -> its rank
        z = z.masked_fill(above.gather(-1, rank_of) >= top_p, float("-inf"))
    return z


def sample_next(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    if temperature == 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(filter_logits(logits, temperature, top_k, top_p).double(), dim=-1)
    cdf = probs.cumsum(-1)  # (B, V)
    u = torch.rand(probs.shape[0], 1, generator=generator, dtype=torch.float64) * cdf[:, -1:]
    ids = torch.searchsorted(cdf, u, right=True).squeeze(-1)  # first token whose cdf exceeds u
    return ids.clamp(max=probs.shape[-1] - 1)

# mistake: backward on each micro-batch's mean loss without scaling, so accumulation adds accum_steps gradients
# caught-by: gradient accumulation
import torch

Params = dict[str, torch.Tensor]


def forward(params: Params, X: torch.Tensor) -> torch.Tensor:
    """The model: a two-layer tanh MLP, (n, d) -> (n,)."""
    h = torch.tanh(X @ params["W1"] + params["b1"])  # (n, H)
    return (h @ params["W2"]).squeeze(-1) + params["b2"]  # (n,)


def loss_fn(pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the examples given."""
    return ((pred - y) ** 2).mean()


def data_parallel_grads(
    params: Params, X: torch.Tensor, y: torch.Tensor, world_size: int, accum_steps: int
) -> tuple[Params, list[Params]]:
    """All-reduced gradient of the full-batch loss, and each worker's local gradient."""
    n = X.shape[0]
    shards = list(zip(torch.tensor_split(X, world_size), torch.tensor_split(y, world_size)))
    local_grads = []
    for X_w, y_w in shards:
        # each worker owns a replica of the parameters with its own .grad buffers
        replica = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        n_w = X_w.shape[0]
        for X_mb, y_mb in zip(torch.tensor_split(X_w, accum_steps),
                              torch.tensor_split(y_w, accum_steps)):
            # weight by the micro-batch's share of the shard: the sum is the shard's mean loss
            loss = loss_fn(forward(replica, X_mb), y_mb)
            loss.backward()  # accumulates into replica[k].grad
        local_grads.append({k: p.grad for k, p in replica.items()})
    # all-reduce: sum the workers' gradients, each weighted by its share of the global batch
    shares = [X_w.shape[0] / n for X_w, _ in shards]
    synced = {k: sum(g[k] * share for g, share in zip(local_grads, shares)) for k in params}
    return synced, local_grads

# mistake: rounds the shard size down, so the padded last shard is under-counted
# caught-by: parameter count not divisible by the world size
# Bytes per parameter of mixed-precision Adam: 16-bit weights and gradients, and an
# optimizer state of fp32 master weights, first moment and second moment.
WEIGHT_BYTES = 2
GRAD_BYTES = 2
OPTIMIZER_BYTES = 4 + 4 + 4

# Which of (weights, grads, optimizer state) each ZeRO stage shards across the ranks.
SHARDED = {
    0: (False, False, False),
    1: (False, False, True),
    2: (False, True, True),
    3: (True, True, True),
}


def zero_memory(n_params: int, world_size: int, stage: int) -> dict[str, int]:
    """Bytes of model state one GPU holds under ZeRO `stage` (0-3), by kind and in total."""
    shard = n_params // world_size  # ceil: the last rank's shard is padded to full size
    weights, grads, optim = (
        (shard if sharded else n_params) * size
        for sharded, size in zip(SHARDED[stage], (WEIGHT_BYTES, GRAD_BYTES, OPTIMIZER_BYTES))
    )
    return {"params": weights, "grads": grads, "optimizer": optim,
            "total": weights + grads + optim}


def max_trainable_params(gpu_bytes: int, world_size: int, stage: int) -> int:
    """Largest parameter count whose model state fits in `gpu_bytes` per GPU (0 if none)."""

    def fits(n: int) -> bool:
        return zero_memory(n, world_size, stage)["total"] <= gpu_bytes

    # the total grows with n, so binary-search the boundary: fits(lo) and not fits(hi)
    lo, hi = 0, 1
    while fits(hi):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo

# mistake: searches one parameter at a time (hopeless at billions of parameters)
# caught-by: largest model at cluster scale, found fast
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
    shard = -(-n_params // world_size)  # ceil: the last rank's shard is padded to full size
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

    n = 0
    while fits(n + 1):
        n += 1
    return n

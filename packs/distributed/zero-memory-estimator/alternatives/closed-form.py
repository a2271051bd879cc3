# Write the total as a*n + b*ceil(n/N) and solve for n directly, then correct the
# estimate by the few parameters the ceiling can cost.
BYTES = {0: (16, 0), 1: (4, 12), 2: (2, 14), 3: (0, 16)}  # (unsharded, sharded) bytes/param


def zero_memory(n_params, world_size, stage):
    shard = (n_params + world_size - 1) // world_size
    weights = 2 * (shard if stage >= 3 else n_params)
    grads = 2 * (shard if stage >= 2 else n_params)
    optim = 12 * (shard if stage >= 1 else n_params)
    return {"params": weights, "grads": grads, "optimizer": optim, "total": weights + grads + optim}


def _total(n, world_size, stage):
    a, b = BYTES[stage]
    return a * n + b * ((n + world_size - 1) // world_size)


def max_trainable_params(gpu_bytes, world_size, stage):
    a, b = BYTES[stage]
    # ignoring the ceiling, n * (a + b/N) <= M gives n <= M*N / (a*N + b)
    n = gpu_bytes * world_size // (a * world_size + b)
    while n > 0 and _total(n, world_size, stage) > gpu_bytes:
        n -= 1
    while _total(n + 1, world_size, stage) <= gpu_bytes:
        n += 1
    return n

# mistake: solves for the count with float arithmetic (gpu_bytes / bytes per parameter), so the answer is a float and ignores the padded last shard
# caught-by: max_trainable_params returns an int
def zero_memory(n_params, world_size, stage):
    shard = -(-n_params // world_size)
    weights = 2 * (shard if stage >= 3 else n_params)
    grads = 2 * (shard if stage >= 2 else n_params)
    optim = 12 * (shard if stage >= 1 else n_params)
    return {"params": weights, "grads": grads, "optimizer": optim, "total": weights + grads + optim}


def max_trainable_params(gpu_bytes, world_size, stage):
    sharded = (0, 12, 14, 16)[stage]  # bytes per parameter that are split across ranks
    per_param = (16 - sharded) + sharded / world_size
    return gpu_bytes // per_param  # floor division of floats is still a float

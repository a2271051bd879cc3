# zero_memory from per-kind byte counts; max_trainable_params by bisect over a range object
# (a lazy sequence, so a range of 10**15 integers costs nothing) with the total as the key.
from bisect import bisect_right

BYTES = {"params": 2, "grads": 2, "optimizer": 12}
SHARDED_FROM = {"params": 3, "grads": 2, "optimizer": 1}  # the first stage sharding each kind


def zero_memory(n_params, world_size, stage):
    shard = (n_params + world_size - 1) // world_size
    out = {
        kind: BYTES[kind] * (shard if stage >= SHARDED_FROM[kind] else n_params) for kind in BYTES
    }
    out["total"] = sum(out.values())
    return out


def max_trainable_params(gpu_bytes, world_size, stage):
    upper = gpu_bytes // 2 * world_size + 2  # more than fits: every kind costs >= 2/N bytes
    candidates = range(upper)
    # the number of n in [0, upper) whose total fits, minus one, is the largest that fits
    fitting = bisect_right(
        candidates, gpu_bytes, key=lambda n: zero_memory(n, world_size, stage)["total"]
    )
    return max(fitting - 1, 0)

def zero_memory(n_params: int, world_size: int, stage: int) -> dict[str, int]:
    """Bytes of model state one GPU holds under ZeRO `stage` (0-3), by kind and in total."""
    raise NotImplementedError


def max_trainable_params(gpu_bytes: int, world_size: int, stage: int) -> int:
    """Largest parameter count whose model state fits in `gpu_bytes` per GPU (0 if none)."""
    raise NotImplementedError

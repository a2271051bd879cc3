"""Trusted probes for training-loop exercises (registered into ``probes.HELPERS``).

A *rig* is a tiny, seeded training setup (model, loader, optimizer, loss) whose parts
record what a learner's loop does to them: the mode flags and autograd state seen by
each forward pass, whether each batch was moved with ``.to(device)``, the gradients
and learning rates when ``optimizer.step()`` runs, and how many earlier batches still
have an autograd graph alive when the next batch is fetched. Recording is all they
do: no expected value lives here. A check builds the same rig in the supervisor
(``build_training_rig(spec)`` is deterministic) to run the reference on a twin.

torch is looked up lazily: this module is imported by the fork server before torch
is (and in judges without torch), so torch classes are created on first use.
"""

from __future__ import annotations

import functools
import gc
import math
import weakref
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np

from mldrills.probes.integrity import ProbeTampered

LIVE_GRAPHS_GC = 2  # above this many live graphs, collect cycles before recording


def _torch() -> Any:
    import torch  # already loaded in a torch judge: a dictionary lookup, no file access

    return torch


# ----------------------------------------------------------------------------- recorder
class _Token:
    """An object tied to one batch's autograd graph: alive exactly as long as the graph."""


class Recorder:
    """The log a rig's parts write to; plain data only, read by ``rig_log``."""

    def __init__(self) -> None:
        self.batch = -1  # index of the batch most recently handed out by the loader
        self.passes = 0  # times the loader was iterated
        self.forwards: list[dict[str, Any]] = []
        self.losses: list[dict[str, Any]] = []
        self.steps: list[dict[str, Any]] = []
        self.fetches: list[dict[str, Any]] = []
        self._graphs: list[weakref.ref[_Token]] = []
        self._collected_in_pass = -1  # gc is slow with torch loaded: at most once per pass

    def __deepcopy__(self, memo: dict[int, Any]) -> Recorder:
        return self  # a deep-copied model keeps reporting to the same log

    def __reduce__(self) -> tuple[type[Recorder], tuple[()]]:
        return Recorder, ()  # a pickled model (torch.save) comes back with an empty log

    def new_graph(self) -> _Token:
        """A token to attach to a new autograd graph."""
        token = _Token()
        self._graphs.append(weakref.ref(token))
        return token

    def live_graphs(self) -> int:
        """How many graphs of earlier forward passes are still referenced."""
        self._graphs = [r for r in self._graphs if r() is not None]
        if len(self._graphs) > LIVE_GRAPHS_GC and self._collected_in_pass != self.passes:
            self._collected_in_pass = self.passes  # rule out reference cycles that gc would free
            gc.collect()
            self._graphs = [r for r in self._graphs if r() is not None]
        return len(self._graphs)

    def clear(self) -> None:
        """Forget what was recorded (not the graphs still alive)."""
        self.batch, self.passes, self._collected_in_pass = -1, 0, -1
        self.forwards, self.losses, self.steps, self.fetches = [], [], [], []

    def as_dict(self) -> dict[str, Any]:
        """Everything recorded, as plain data."""
        return {
            "passes": self.passes,
            "forwards": self.forwards,
            "losses": self.losses,
            "steps": self.steps,
            "fetches": self.fetches,
            "live_graphs": self.live_graphs(),
        }


def _mode(module: Any) -> str:
    flags = {bool(m.training) for m in module.modules()}
    return "mixed" if len(flags) > 1 else ("train" if flags.pop() else "eval")


# ----------------------------------------------------------------------------- torch classes
@functools.cache
def _classes() -> SimpleNamespace:
    """Define the torch-backed probe classes (once per process, on first use)."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional
    tensor_base: Any = torch.Tensor
    function_base: Any = torch.autograd.Function
    module_base: Any = nn.Module

    class Staged(tensor_base):  # type: ignore[misc]
        """A batch tensor that has not been moved yet; ``.to(device)`` returns a plain one."""

        @classmethod
        def __torch_function__(
            cls, func: Any, types: Any, args: Any = (), kwargs: Any = None
        ) -> Any:
            kwargs = kwargs or {}
            out = super().__torch_function__(func, types, args, kwargs)
            if func is torch.Tensor.to and _names_device(torch, args, kwargs):
                return out.as_subclass(torch.Tensor)
            return out

    class Mark(function_base):  # type: ignore[misc]
        """Identity whose graph node holds a token, to see how long the graph lives."""

        @staticmethod
        def forward(ctx: Any, x: Any, token: _Token) -> Any:
            ctx.token = token
            return x.view_as(x)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad, None

    class SeededDropout(module_base):  # type: ignore[misc]
        """Dropout drawing its masks from its own generator (same masks in every process)."""

        def __init__(self, p: float, seed: int) -> None:
            super().__init__()
            self.p = p
            self.gen = torch.Generator().manual_seed(seed)

        def forward(self, x: Any) -> Any:
            if not self.training or self.p == 0:
                return x
            keep = torch.rand(x.shape, generator=self.gen) >= self.p
            return x * keep / (1 - self.p)

    class ProbeNet(module_base):  # type: ignore[misc]
        """Linear -> BatchNorm -> ReLU -> Dropout -> Linear, logging every forward pass."""

        def __init__(self, spec: dict[str, Any], recorder: Recorder) -> None:
            super().__init__()
            self.fc1 = nn.Linear(spec["n_in"], spec["hidden"])
            self.norm = nn.BatchNorm1d(spec["hidden"]) if spec["batchnorm"] else nn.Identity()
            self.drop = SeededDropout(spec["dropout"], spec["seed"] + 1)
            self.fc2 = nn.Linear(spec["hidden"], spec["n_out"])
            self.recorder = recorder

        def forward(self, x: Any) -> Any:
            rec = self.recorder
            rec.forwards.append(
                {
                    "batch": rec.batch,
                    "mode": _mode(self),
                    "grad": bool(torch.is_grad_enabled()),
                    "moved": not isinstance(x, Staged),
                }
            )
            h = self.drop(F.relu(self.norm(self.fc1(x))))  # (B, hidden)
            logits = self.fc2(h)  # (B, n_out)
            if torch.is_grad_enabled():
                logits = Mark.apply(logits, rec.new_graph())
            return logits

    class ProbeLoss(module_base):  # type: ignore[misc]
        """Mean cross-entropy (like nn.CrossEntropyLoss) logging each call: value, size, moved."""

        def __init__(self, recorder: Recorder) -> None:
            super().__init__()
            self.recorder = recorder

        def forward(self, logits: Any, targets: Any) -> Any:
            loss = F.cross_entropy(logits, targets)
            self.recorder.losses.append(
                {
                    "batch": self.recorder.batch,
                    "value": float(loss.detach()),
                    "size": int(targets.shape[0]),
                    "targets_moved": not isinstance(targets, Staged),
                    "logits_moved": not isinstance(logits, Staged),
                }
            )
            return loss

    class ParamBag(module_base):  # type: ignore[misc]
        """Parameters with chosen values and gradients (``None`` allowed)."""

        def __init__(self, values: list[np.ndarray], grads: list[np.ndarray | None]) -> None:
            super().__init__()
            self.params = nn.ParameterList(
                nn.Parameter(torch.tensor(np.asarray(v), dtype=torch.float32)) for v in values
            )
            for p, g in zip(self.params, grads, strict=True):
                p.grad = None if g is None else torch.tensor(np.asarray(g), dtype=torch.float32)

        def as_list(self) -> list[Any]:
            """The parameters as a list (kept in the child by the caller)."""
            return list(self.params)

    ns = SimpleNamespace(
        Staged=Staged,
        Mark=Mark,
        SeededDropout=SeededDropout,
        ProbeNet=ProbeNet,
        ProbeLoss=ProbeLoss,
        ParamBag=ParamBag,
    )
    for name, cls in vars(ns).items():  # importable by name, so pickle and deepcopy work
        cls.__module__, cls.__qualname__ = __name__, name
        globals()[name] = cls
    return ns


def _names_device(torch: Any, args: Any, kwargs: Any) -> bool:
    """Whether a ``Tensor.to(...)`` call names a device (not only a dtype)."""
    if kwargs.get("device") is not None:
        return True
    if len(args) > 1:
        target = args[1]
        return isinstance(target, str | int | torch.device | torch.Tensor)
    return False


# ----------------------------------------------------------------------------- loader
class _Sized:
    """Stands in for ``loader.dataset``: only its length is meaningful."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n


class ProbeLoader:
    """A DataLoader stand-in: fixed batches, fresh tensors per pass, fetches logged."""

    def __init__(
        self, batches: list[tuple[np.ndarray, np.ndarray]], recorder: Recorder, staged: bool
    ) -> None:
        self.arrays = batches  # (inputs, targets) as numpy arrays, for the supervisor's use
        self.recorder = recorder
        self.staged = staged
        self.dataset = _Sized(sum(len(y) for _, y in batches))
        self.batch_size = len(batches[0][1]) if batches else 0

    def __len__(self) -> int:
        return len(self.arrays)

    def __iter__(self) -> Any:
        torch = _torch()
        staged = _classes().Staged
        rec = self.recorder
        rec.passes += 1
        for i, (x, y) in enumerate(self.arrays):
            rec.fetches.append({"batch": i, "live_graphs": rec.live_graphs()})
            rec.batch = i
            xt, yt = torch.from_numpy(x.copy()), torch.from_numpy(y.copy())
            if self.staged:
                xt, yt = xt.as_subclass(staged), yt.as_subclass(staged)
            yield xt, yt


# ----------------------------------------------------------------------------- rigs
RIG_DEFAULTS: dict[str, Any] = {
    "seed": 0,
    "sizes": [4, 4, 4, 2],  # examples per batch
    "n_in": 5,
    "hidden": 16,
    "n_out": 3,
    "dropout": 0.25,
    "batchnorm": True,
    "lr": 0.1,
    "momentum": 0.0,
    "groups": 1,  # 2: weights in one param group, biases and norm parameters in another
    "staged": True,  # batches arrive un-moved and must go through .to(device)
    "stale_grads": False,  # the model starts with leftover gradients
}


class Rig:
    """The parts handed to a learner's loop, plus the recorder they share."""

    def __init__(self, spec: dict[str, Any]) -> None:
        torch = _torch()
        unknown = set(spec) - set(RIG_DEFAULTS)
        if unknown:
            raise ValueError(f"unknown rig option(s): {sorted(unknown)}")
        spec = {**RIG_DEFAULTS, **spec}
        rng = np.random.default_rng(spec["seed"])
        self.recorder = Recorder()
        self.model = _probe_net(spec, self.recorder, rng)
        self.names = {id(p): n for n, p in self.model.named_parameters()}
        self.optimizer = torch.optim.SGD(
            _param_groups(self.model, spec["groups"]), lr=spec["lr"], momentum=spec["momentum"]
        )
        self._hook = self.optimizer.register_step_pre_hook(self._on_step)
        self.loss_fn = _classes().ProbeLoss(self.recorder)
        w_true = rng.normal(size=(spec["n_in"], spec["n_out"]))
        batches = []
        for size in spec["sizes"]:
            x = rng.normal(size=(size, spec["n_in"])).astype(np.float32)
            y = np.argmax(x @ w_true + 0.5 * rng.normal(size=(size, spec["n_out"])), axis=1)
            batches.append((x, y.astype(np.int64)))
        self.loader = ProbeLoader(batches, self.recorder, spec["staged"])
        if spec["stale_grads"]:
            for p in self.model.parameters():
                p.grad = torch.from_numpy(rng.normal(size=tuple(p.shape)).astype(np.float32))

    def _on_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        grads = {}
        for group in optimizer.param_groups:
            for p in group["params"]:
                grads[self.names[id(p)]] = None if p.grad is None else _array(p.grad)
        self.recorder.steps.append(
            {
                "batch": self.recorder.batch,
                "lrs": [float(g["lr"]) for g in optimizer.param_groups],
                "grads": grads,
            }
        )

    def intact(self) -> list[str]:
        """Parts of this rig that no longer record (empty when all of them still do)."""
        rec = self.recorder
        broken = [
            name
            for name, part in (
                ("model", self.model),
                ("loss_fn", self.loss_fn),
                ("loader", self.loader),
            )
            if getattr(part, "recorder", None) is not rec or "forward" in vars(part)
        ]
        hooks = getattr(self.optimizer, "_optimizer_step_pre_hooks", {})
        if hooks.get(self._hook.id) != self._on_step:  # (a scheduler may wrap step itself)
            broken.append("optimizer")
        return broken

    def log(self, clear: bool = True) -> dict[str, Any]:
        """What the parts recorded since the last cleared log."""
        broken = self.intact()
        if broken:
            raise ProbeTampered(
                f"the training rig's {', '.join(broken)} stopped recording what happens to it: "
                "your code replaced its recorder, hook or forward, so this check cannot trust it"
            )
        out = self.recorder.as_dict()
        if clear:
            self.recorder.clear()
        return out


def _probe_net(spec: dict[str, Any], recorder: Recorder, rng: np.random.Generator) -> Any:
    """A ProbeNet with seeded weights; torch's global generator is left as it was."""
    with _torch().random.fork_rng(devices=[]):  # nn.Linear's default init draws from it
        model = _classes().ProbeNet(spec, recorder)
    _init_weights(model, rng)
    return model


def _init_weights(model: Any, rng: np.random.Generator) -> None:
    """Seeded weights from numpy, so every process builds the same model."""
    torch = _torch()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.startswith("norm.weight"):
                values = 1.0 + 0.1 * rng.normal(size=tuple(p.shape))
            elif name.endswith("bias"):
                values = 0.1 * rng.normal(size=tuple(p.shape))
            else:
                values = rng.normal(size=tuple(p.shape)) / math.sqrt(p.shape[1])
            p.copy_(torch.from_numpy(values.astype(np.float32)))


def _param_groups(model: Any, groups: int) -> list[dict[str, Any]]:
    named = list(model.named_parameters())
    if groups == 1:
        return [{"params": [p for _, p in named]}]
    weights = [p for n, p in named if n.endswith("weight") and p.ndim == 2]
    others = [p for n, p in named if not (n.endswith("weight") and p.ndim == 2)]
    return [{"params": weights}, {"params": others}]


def _array(t: Any) -> np.ndarray:
    return np.asarray(t.detach().cpu().numpy().copy())


def build_training_rig(spec: dict[str, Any]) -> Rig:
    """A rig from ``spec`` (keys of ``RIG_DEFAULTS``); the same spec builds the same rig."""
    return Rig(spec)


# ----------------------------------------------------------------------------- early stopping
class FitRig:
    """A model plus ``train_epoch(model)`` / ``validate(model)`` callables for a fit loop.

    ``train_epoch`` changes every parameter and buffer in place by a seeded amount (as
    an optimizer would); ``validate`` returns the scripted metric of the epochs trained
    so far, so calling it twice in one epoch gives the same value.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.seed = int(spec.get("seed", 0))
        self.metrics = [float(m) for m in spec.get("metrics", [])]
        spec = {**RIG_DEFAULTS, "seed": self.seed, "dropout": 0.0}
        self.model = _probe_net(spec, Recorder(), np.random.default_rng(self.seed))
        self.epochs = 0
        self.train_calls = 0
        self.validate_calls = 0

    def train_epoch(self, model: Any) -> None:
        """One 'epoch': an in-place, seeded change of the weights and buffers."""
        self.train_calls += 1
        self.epochs += 1
        nudge_(model, self.seed * 1000 + self.epochs)

    def validate(self, model: Any) -> float:
        """The scripted metric for the number of epochs trained so far."""
        self.validate_calls += 1
        if self.epochs == 0:
            raise RuntimeError("validate() was called before any train_epoch()")
        if self.epochs > len(self.metrics):
            raise RuntimeError(f"training ran past the {len(self.metrics)} epochs scripted")
        return self.metrics[self.epochs - 1]

    def log(self) -> dict[str, Any]:
        """How often each callable was called."""
        return {"train_calls": self.train_calls, "validate_calls": self.validate_calls}


def build_fit_rig(spec: dict[str, Any]) -> FitRig:
    """A fit rig from ``{"seed": int, "metrics": [...]}``; deterministic."""
    return FitRig(spec)


def nudge_(module: Any, seed: int, scale: float = 0.1) -> None:
    """Change every parameter and floating buffer in place by seeded noise."""
    torch = _torch()
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        for name, t in sorted(module.state_dict(keep_vars=True).items()):
            if t.dtype.is_floating_point:
                delta = scale * rng.normal(size=tuple(t.shape))
                if name.endswith("running_var"):
                    t.mul_(torch.from_numpy(np.exp(delta)).to(t.dtype))  # stays positive
                else:
                    t.add_(torch.from_numpy(delta).to(t.dtype))
            else:
                t.add_(1)  # integer counters such as num_batches_tracked


# ----------------------------------------------------------------------------- helpers
def training_rig(spec: dict[str, Any]) -> Rig:
    """Build a training rig in the child (see ``RIG_DEFAULTS`` for the options)."""
    return build_training_rig(spec)


def rig_log(rig: Rig | FitRig, clear: bool = True) -> dict[str, Any]:
    """What a rig recorded, as plain data (and start a fresh log when ``clear``)."""
    return rig.log(clear) if isinstance(rig, Rig) else rig.log()


def fit_rig(spec: dict[str, Any]) -> FitRig:
    """Build an early-stopping rig in the child."""
    return build_fit_rig(spec)


def state_arrays(module: Any) -> dict[str, np.ndarray]:
    """Every entry of ``module.state_dict()`` (parameters and buffers) as an array."""
    return {name: _array(t) for name, t in module.state_dict().items()}


def param_bag(values: list[np.ndarray], grads: list[np.ndarray | None]) -> Any:
    """A module holding parameters with the given values and gradients."""
    return _classes().ParamBag(values, grads)


def structure(obj: Any, depth: int = 0) -> Any:
    """Types, dtypes and shapes of a (nested) value, to check what kind of thing it is."""
    torch = _torch()
    if depth > 8:
        return {"kind": "..."}
    if isinstance(obj, torch.Tensor):
        return {
            "kind": "tensor",
            "dtype": str(obj.dtype).replace("torch.", ""),
            "shape": list(obj.shape),
            "device": str(obj.device),
            "requires_grad": bool(obj.requires_grad),
            "grad_fn": None if obj.grad_fn is None else type(obj.grad_fn).__name__,
        }
    if isinstance(obj, np.ndarray):
        return {"kind": "ndarray", "dtype": str(obj.dtype), "shape": list(obj.shape)}
    if isinstance(obj, dict):
        return {"kind": "dict", "items": {str(k): structure(v, depth + 1) for k, v in obj.items()}}
    if isinstance(obj, list | tuple):
        return {
            "kind": type(obj).__name__,
            "items": [structure(v, depth + 1) for v in obj[:64]],
        }
    return {"kind": f"{type(obj).__module__}.{type(obj).__qualname__}"}


def length(obj: Any) -> int:
    """``len(obj)`` of a child-side object (a Dataset, say)."""
    return len(obj)


def item(obj: Any, key: Any) -> Any:
    """``obj[key]`` of a child-side object."""
    return obj[key]


def loader_batches(
    dataset: Any,
    batch_size: int,
    collate_fn: Callable[..., Any],
    collate_kwargs: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Iterate a real DataLoader (in order, no workers); each batch with its structure."""
    torch = _torch()
    fn = functools.partial(collate_fn, **collate_kwargs) if collate_kwargs else collate_fn
    loader = torch.utils.data.DataLoader(
        dataset, batch_size=batch_size, shuffle=False, collate_fn=fn, num_workers=0
    )
    return [{"value": b, "structure": structure(b)} for b in loader]


HELPERS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        training_rig,
        rig_log,
        fit_rig,
        state_arrays,
        nudge_,
        param_bag,
        structure,
        length,
        item,
        loader_batches,
    )
}

"""One submission, one box: a cgroup per judge slot for memory, processes and CPU share.

Every process a submission starts lives in its slot's cgroup, so the memory limit counts
all of them together (tmpfs and shared-memory pages included), ``pids.max`` bounds a
fork bomb, equal CPU shares keep one submission from starving the others, and the whole
group can be killed at once at the end of a job, or by the supervisor when the fork
server died. Both hierarchies are supported: cgroup v1 (a writable memory, pids, cpu and
freezer hierarchy, as root) and a delegated cgroup v2 subtree (``Delegate=yes``).
Groups are created once per slot under the fork server's own group and reused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

V1_CONTROLLERS = ("memory", "pids", "freezer")
V2_CONTROLLERS = ("memory", "pids")
# A CPU share per slot is opt-in (MLDRILLS_JUDGE_CPU_SHARE): on a machine busy with
# other work, a child in a cpu group of its own ran its checks 25-40% slower than one
# scheduled as a plain task (benchmarks/containment_cost.py).
CPU = "cpu"
PIDS_MAX = 128  # tasks (threads too) per submission
PREFIX = "mldrills-judge-"
LEAF = "mldrills-main"  # v2: where the service's own processes go when we need its group


def _mounts() -> list[tuple[str, str, str, set[str]]]:
    """(fs type, mount point, root within the hierarchy, super options) of cgroup mounts."""
    out = []
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            left, _, right = line.partition(" - ")
            parts, rparts = left.split(), right.split()
            if len(parts) < 5 or len(rparts) < 3 or not rparts[0].startswith("cgroup"):
                continue
            out.append((rparts[0], parts[4], parts[3], set(rparts[2].split(","))))
    return out


def _own_paths() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    out: dict[str, str] = {}
    with open("/proc/self/cgroup") as fh:
        for line in fh:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            for c in ctrls.split(",") if ctrls else [""]:
                out[c] = path
    return out


def _join(mount: str, root: str, path: str) -> Path:
    rel = path[len(root) :] if root != "/" and path.startswith(root) else path
    return Path(mount) / rel.lstrip("/")


def _write(path: Path, value: str) -> None:
    with open(path, "w") as fh:
        fh.write(value)


def _read(path: Path) -> str:
    with open(path) as fh:
        return fh.read()


@dataclass
class Cgroups:
    """The slots' cgroups of one fork server: ``v1`` or ``v2``."""

    kind: str
    top: dict[str, Path]  # controller (v1) or "unified" (v2) -> mldrills-judge-<pid> dir
    cpu: bool = False  # an equal CPU share per slot
    slots: dict[int, dict[str, Path]] = field(default_factory=dict)
    oom_seen: dict[int, int] = field(default_factory=dict)

    # ------------------------------------------------------------------ setup
    @classmethod
    def create(cls, nslots: int, cpu: bool = False) -> Cgroups:
        """Make a group per slot below this process's own groups; OSError says why not.

        ``cpu`` adds the cpu controller: an equal CPU share per slot.
        """
        errors = []
        for make in (_make_v2, _make_v1):
            try:
                top = make(cpu)
            except OSError as exc:
                errors.append(str(exc))
                continue
            kind = "v2" if "unified" in top else "v1"
            with contextlib.suppress(OSError):
                remove_stale(kind, top)
            groups = cls(kind, top, cpu=cpu)
            try:
                for slot in range(nslots):
                    groups._make_slot(slot)
            except OSError:
                groups.destroy()
                raise
            return groups
        raise OSError("; ".join(errors))

    def _make_slot(self, slot: int) -> None:
        dirs = {}
        for ctrl, top in self.top.items():
            d = top / f"slot{slot}"
            d.mkdir(exist_ok=True)
            dirs[ctrl] = d
        self.slots[slot] = dirs
        _write(self._file(slot, "pids", "pids.max"), str(PIDS_MAX))
        if self.kind == "v2":
            _write(dirs["unified"] / "memory.oom.group", "1")  # an OOM ends the whole box
            with contextlib.suppress(OSError):
                _write(dirs["unified"] / "memory.swap.max", "0")
        self.oom_seen[slot] = self._oom_count(slot)

    def _file(self, slot: int, ctrl: str, name: str) -> Path:
        return self.slots[slot]["unified" if self.kind == "v2" else ctrl] / name

    # ------------------------------------------------------------------ per job
    def join(self, slot: int) -> None:
        """Move the calling process into the slot's groups (in the child, still root)."""
        pid = str(os.getpid())
        for d in self.slots[slot].values():
            _write(d / "cgroup.procs", pid)

    def set_memory(self, slot: int, limit: int) -> None:
        """Cap the memory of everything in the slot (processes, tmpfs, shm) at ``limit``."""
        name = "memory.max" if self.kind == "v2" else "memory.limit_in_bytes"
        _write(self._file(slot, "memory", name), str(limit))

    def _oom_count(self, slot: int) -> int:
        name = "memory.events" if self.kind == "v2" else "memory.oom_control"
        for line in _read(self._file(slot, "memory", name)).splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def took_oom(self, slot: int) -> bool:
        """Whether the memory limit killed a process in the slot since the last call."""
        try:
            now = self._oom_count(slot)
        except OSError:
            return False
        seen, self.oom_seen[slot] = self.oom_seen.get(slot, 0), now
        return now > seen

    def oom_eventfd(self, slot: int) -> int:
        """An eventfd that becomes readable when the slot hits its memory limit (v1)."""
        if self.kind != "v1":
            return -1
        efd = os.eventfd(0, os.EFD_CLOEXEC | os.EFD_NONBLOCK)
        ofd = os.open(self._file(slot, "memory", "memory.oom_control"), os.O_RDONLY)
        try:
            _write(self._file(slot, "memory", "cgroup.event_control"), f"{efd} {ofd}")
        except OSError:
            os.close(efd)
            raise
        finally:
            os.close(ofd)
        return efd

    def procs(self, slot: int) -> list[int]:
        """Processes in the slot's group."""
        return _procs(self.slots[slot]["unified" if self.kind == "v2" else "pids"])

    def kill(self, slot: int, reap: Callable[[], None] | None = None) -> bool:
        """Kill every process of the slot; True once the group is empty.

        ``reap`` collects the dead (the fork server passes its own reaper, which keeps
        the exit status of its direct children).
        """
        return kill_group(self.kind, self.slots[slot], reap=reap)

    def destroy(self) -> None:
        """Kill everything in every slot and remove the groups."""
        remove_tree(self.kind, self.top)

    def exported(self) -> dict[str, Any]:
        """Kind and top dirs, for the supervisor to clean up if this server dies."""
        return {"kind": self.kind, "top": {c: str(p) for c, p in self.top.items()}}

    # ------------------------------------------------------------------ doctor
    def describe(self) -> dict[str, str]:
        """Controller -> one line on how it is used."""
        where = self.top["unified" if self.kind == "v2" else "memory"].parent
        out = {
            "memory": f"cgroup {self.kind}: one memory limit per submission, all its "
            f"processes and tmpfs/shm pages together, killed as a group (under {where})",
            "pids": f"cgroup {self.kind}: at most {PIDS_MAX} tasks per submission",
        }
        if self.cpu:
            out["cpu"] = f"cgroup {self.kind}: an equal CPU share per slot"
        return out


def _make_v1(cpu: bool) -> dict[str, Path]:
    mounts = {c: (m, r) for t, m, r, opts in _mounts() if t == "cgroup" for c in opts}
    own = _own_paths()
    controllers = V1_CONTROLLERS + ((CPU,) if cpu else ())
    missing = [c for c in controllers if c not in mounts or c not in own]
    if missing:
        raise OSError(f"cgroup v1: no {', '.join(missing)} hierarchy")
    top = {}
    try:
        for ctrl in controllers:
            mount, root = mounts[ctrl]
            d = _join(mount, root, own[ctrl]) / f"{PREFIX}{os.getpid()}"
            d.mkdir(exist_ok=True)
            top[ctrl] = d
    except OSError as exc:
        remove_tree("v1", top)
        raise OSError(f"cgroup v1: cannot create groups: {exc}") from None
    with contextlib.suppress(OSError):  # a child group inherits nothing by default
        _write(top["memory"] / "memory.use_hierarchy", "1")
    return top


def _make_v2(cpu: bool) -> dict[str, Path]:
    mount = next(((m, r) for t, m, r, _ in _mounts() if t == "cgroup2"), None)
    if mount is None:
        raise OSError("cgroup v2: not mounted")
    own = _join(mount[0], mount[1], _own_paths().get("", "/"))
    have = _read(own / "cgroup.controllers").split()
    controllers = V2_CONTROLLERS + ((CPU,) if cpu else ())
    missing = [c for c in controllers if c not in have]
    if missing:
        raise OSError(f"cgroup v2: {own} lacks the {', '.join(missing)} controller(s)")
    want = " ".join(f"+{c}" for c in controllers)
    try:
        _delegate(own, want)
        top = own / f"{PREFIX}{os.getpid()}"
        top.mkdir(exist_ok=True)
        _write(top / "cgroup.subtree_control", want)
    except OSError as exc:
        raise OSError(
            f"cgroup v2: cannot delegate {own} ({exc.strerror or exc}); run the judge in "
            "a delegated subtree of its own (systemd Delegate=yes)"
        ) from None
    return {"unified": top}


def _delegate(own: Path, want: str) -> None:
    """Enable the controllers for groups below ``own``.

    v2 allows that only in a group without processes of its own. In a delegated service
    group (systemd ``Delegate=yes``) the service's processes sit in it, so they are moved
    into a leaf first, as systemd's own documentation asks of a delegatee.
    """
    try:
        _write(own / "cgroup.subtree_control", want)
        return
    except OSError as exc:
        if exc.errno != errno.EBUSY:
            raise
    leaf = own / LEAF
    leaf.mkdir(exist_ok=True)
    for pid in _procs(own):
        with contextlib.suppress(ProcessLookupError):  # it may have exited meanwhile
            _write(leaf / "cgroup.procs", str(pid))
    _write(own / "cgroup.subtree_control", want)


def _procs(d: Path) -> list[int]:
    try:
        return [int(p) for p in _read(d / "cgroup.procs").split()]
    except (OSError, ValueError):
        return []


def kill_group(
    kind: str,
    dirs: dict[str, Path],
    deadline: float = 2.0,
    reap: Callable[[], None] | None = None,
) -> bool:
    """Kill every process in one group (v2 ``cgroup.kill``, v1 freeze then SIGKILL)."""
    end = time.monotonic() + deadline
    d = dirs["unified" if kind == "v2" else "pids"]
    freezer = dirs.get("freezer")
    if kind == "v2":
        with contextlib.suppress(OSError):
            _write(d / "cgroup.kill", "1")
    killed: set[int] = set()
    while procs := _procs(d):
        if kind == "v1" and not killed.issuperset(procs):
            _freeze_and_kill(d, freezer, killed)
        if time.monotonic() > end:
            return False
        (reap or _reap)()  # the killed linger in the list until they have exited
        time.sleep(0.0005)
    return True


def _freeze_and_kill(d: Path, freezer: Path | None, killed: set[int]) -> None:
    """v1: freeze the group so nothing forks between listing and killing, kill, thaw."""
    if freezer is not None:
        with contextlib.suppress(OSError):
            _write(freezer / "freezer.state", "FROZEN")
    for pid in _procs(d):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        killed.add(pid)
    if freezer is not None:
        with contextlib.suppress(OSError):
            _write(freezer / "freezer.state", "THAWED")


def _reap() -> None:
    """Reap zombies we adopted (the fork server is a subreaper); never blocks."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def remove_tree(kind: str, top: dict[str, Path]) -> None:
    """Kill everything below ``top`` (one fork server's groups) and remove the groups."""
    for ctrl_top in top.values():
        slots = [p for p in ctrl_top.iterdir() if p.is_dir()] if ctrl_top.exists() else []
        for slot_dir in slots:
            if kind == "v2":
                kill_group(kind, {"unified": slot_dir})
            else:
                kill_group(kind, {c: t / slot_dir.name for c, t in top.items()})
            with contextlib.suppress(OSError):
                slot_dir.rmdir()
        with contextlib.suppress(OSError):
            ctrl_top.rmdir()


def remove_stale(kind: str, top: dict[str, Path]) -> int:
    """Remove the groups beside ``top`` left by fork servers that died; how many went.

    A supervisor cleans up after its own fork server; this catches the case where both
    died (a machine-wide kill, an OOM of the supervisor).
    """
    parents = {c: p.parent for c, p in top.items()}
    gone = 0
    for d in next(iter(parents.values())).glob(f"{PREFIX}*"):
        pid = d.name[len(PREFIX) :]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            remove_tree(kind, {c: p / d.name for c, p in parents.items()})
            gone += 1
    return gone

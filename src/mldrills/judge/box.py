"""A box per judge slot: its cgroup, a bounded tmpfs work dir, private IPC and /dev/shm.

The fork server prepares one box per slot ahead of time and reuses it: a child only
joins it (``enter``), and between jobs the box is emptied (``end`` kills every process
in it, ``reset`` swaps in fresh tmpfs mounts: constant time however deep or wide the
tree the learner left, whatever modes it set). Layers that this machine cannot give
(not root, no writable cgroup hierarchy) are reported with the reason and the judge
falls back to the per-process limits and a plain work dir.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mldrills.judge import sandbox
from mldrills.judge.cgroups import Cgroups

WORK_MB = 256  # bytes a submission may keep in its work dir
WORK_INODES = 10_000  # files and directories in it
SHM_MB = 256
SHM_INODES = 1024
HEADROOM_MB = 64  # the child's copy-on-write pages of the warm interpreter (~15 MiB measured)


class Boxes:
    """The slots' boxes of one fork server."""

    def __init__(self, base: Path, nslots: int, uid_base: int | None) -> None:
        self.base = base
        self.nslots = nslots
        self.uid_base = uid_base
        self.cgroups: Cgroups | None = None
        self.tmpfs = False
        self.ipc = False
        self.oom_fds: dict[int, int] = {}  # eventfd -> slot
        self.limits: dict[int, int] = {}  # slot -> memory limit in MiB
        self.oomed: dict[int, bool] = {}  # slots whose OOM event came since their last end
        self.notes: dict[str, str] = {}
        self.reap: Callable[[], None] = _no_reap  # the fork server's reaper keeps exit codes

    # ------------------------------------------------------------------ setup
    def setup(self, enabled: bool, cpu_share: bool = False) -> None:
        """Create every slot's box, with what this machine allows."""
        for slot in range(self.nslots):
            for d in (self.work(slot), self.shm(slot)):
                d.mkdir(mode=0o700, exist_ok=True)
        why = self._unavailable(enabled)
        if why:
            for key in ("cgroup", "ipc", "tmpfs"):
                self.notes[key] = why
        else:
            self._setup_namespaces()
            self._setup_cgroups(cpu_share)
        for slot in range(self.nslots):
            self._fresh(slot)

    def _unavailable(self, enabled: bool) -> str:
        if not enabled:
            return "disabled (containment off)"
        if os.geteuid() != 0:
            return "needs root"
        return ""

    def _setup_namespaces(self) -> None:
        try:
            sandbox.private_mounts()
        except OSError as exc:
            self.notes["tmpfs"] = self.notes["ipc"] = f"no mount namespace: {exc}"
            return
        self.tmpfs = True
        self.ipc = os.path.isdir("/dev/shm")
        if not self.ipc:
            self.notes["ipc"] = "no /dev/shm on this machine"

    def _setup_cgroups(self, cpu_share: bool) -> None:
        if not cpu_share:
            self.notes["cgroup-cpu"] = (
                "off (MLDRILLS_JUDGE_CPU_SHARE=on gives each slot an equal CPU share; "
                "it slows checks on a machine busy with other work)"
            )
        try:
            self.cgroups = Cgroups.create(self.nslots, cpu=cpu_share)
        except OSError as exc:
            self.notes["cgroup"] = f"unavailable: {exc}; per-process rlimits only"
            return
        for slot in range(self.nslots):
            with contextlib.suppress(OSError):
                fd = self.cgroups.oom_eventfd(slot)
                if fd >= 0:
                    self.oom_fds[fd] = slot

    def work(self, slot: int) -> Path:
        """The slot's work dir (the child's cwd and HOME)."""
        return self.base / f"slot{slot}"

    def shm(self, slot: int) -> Path:
        """The slot's private /dev/shm."""
        return self.base / f"shm{slot}"

    def _fresh(self, slot: int) -> None:
        uid = self.uid_base + slot if self.uid_base is not None else os.geteuid()
        for d, size, inodes in (
            (self.work(slot), WORK_MB, WORK_INODES),
            (self.shm(slot), SHM_MB, SHM_INODES),
        ):
            if self.tmpfs:
                opts = f"size={size}m,nr_inodes={inodes},mode=0700,uid={uid},gid={uid}"
                sandbox.mount(
                    "mldrills-judge", str(d), "tmpfs", sandbox.MS_NOSUID | sandbox.MS_NODEV, opts
                )
            else:
                if self.uid_base is not None:
                    os.chown(d, uid, uid)
                os.chmod(d, 0o700)  # the learner may have opened it to everyone

    # ------------------------------------------------------------------ per job
    def enter(self, slot: int) -> None:
        """In the child, still root: join the slot's cgroup, private IPC and /dev/shm."""
        if self.cgroups is not None:
            self.cgroups.join(slot)
        if self.ipc:
            sandbox.unshare(sandbox.CLONE_NEWNS | sandbox.CLONE_NEWIPC, "IPC and mounts")
            sandbox.mount(str(self.shm(slot)), "/dev/shm", None, sandbox.MS_BIND)

    def arm(self, slot: int, memory_mb: int) -> None:
        """Set the slot's memory limit for the next job (its processes, tmpfs and shm)."""
        if self.cgroups is not None:
            limit = memory_mb + HEADROOM_MB
            self.cgroups.set_memory(slot, limit << 20)
            self.limits[slot] = limit

    def end(self, slot: int) -> int | None:
        """Kill every process of the slot; the memory limit in MiB if it was hit."""
        if self.cgroups is None:
            return None
        fd = next((f for f, s in self.oom_fds.items() if s == slot), -1)
        hit = self._drained(fd) | self.oomed.pop(slot, False)
        self.cgroups.kill(slot, self.reap)
        hit |= self.cgroups.took_oom(slot)  # counts only kills the kernel made itself
        return self.limits.get(slot) if hit else None

    @staticmethod
    def _drained(fd: int) -> bool:
        try:
            return fd >= 0 and os.eventfd_read(fd) > 0
        except BlockingIOError:
            return False

    def on_oom(self, fd: int) -> None:
        """The kernel signalled an OOM in a slot: end the whole submission, not one process."""
        slot = self.oom_fds.get(fd)
        if slot is not None and self.cgroups is not None and self._drained(fd):
            self.oomed[slot] = True
            self.cgroups.kill(slot, self.reap)

    def reset(self, slot: int) -> None:
        """Empty the slot's work dir and /dev/shm for the next job."""
        if self.tmpfs:
            for d in (self.work(slot), self.shm(slot)):
                sandbox.detach(str(d))
        else:
            wipe(self.work(slot))
            wipe(self.shm(slot))
        self._fresh(slot)

    def close(self) -> None:
        """Kill everything in every box and remove the cgroups."""
        for fd in self.oom_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.cgroups is not None:
            self.cgroups.destroy()

    # ------------------------------------------------------------------ doctor
    def report(self) -> dict[str, Any]:
        """Layer name -> {"active", "detail"} for the box layers."""
        cg = self.cgroups.describe() if self.cgroups else {}
        out: dict[str, Any] = {}
        for ctrl in ("memory", "pids", "cpu"):
            out[f"cgroup-{ctrl}"] = {
                "active": ctrl in cg,
                "detail": cg.get(
                    ctrl, self.notes.get(f"cgroup-{ctrl}", self.notes.get("cgroup", "unavailable"))
                ),
            }
        out["ipc-namespace"] = {
            "active": self.ipc,
            "detail": self.notes.get(
                "ipc", "new IPC namespace and private /dev/shm per submission"
            ),
        }
        out["tmpfs-quota"] = {
            "active": self.tmpfs,
            "detail": self.notes.get(
                "tmpfs", f"work dir: tmpfs of {WORK_MB} MiB and {WORK_INODES} inodes per slot"
            ),
        }
        return out


def _no_reap() -> None:
    return None


def wipe(d: Path, deadline: float = 10.0) -> None:
    """Empty ``d`` without recursion, whatever its depth or the modes inside it.

    Directories are flattened: the children of each first-level directory are moved up
    into ``d`` and the emptied directory removed, so only two directory fds are ever
    open and no path grows long.
    """
    end = time.monotonic() + deadline
    top = os.open(d, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    moved = 0
    try:
        while (names := os.listdir(top)) and time.monotonic() < end:
            for name in names:
                moved = _remove_one(top, name, moved)
    finally:
        os.close(top)


def _remove_one(top: int, name: str, moved: int) -> int:
    with contextlib.suppress(OSError):
        if not stat.S_ISDIR(os.lstat(name, dir_fd=top).st_mode):
            os.unlink(name, dir_fd=top)
            return moved
        os.chmod(name, 0o700, dir_fd=top, follow_symlinks=False)
        sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=top)
        try:
            for child in os.listdir(sub):
                if stat.S_ISDIR(os.lstat(child, dir_fd=sub).st_mode):
                    moved += 1
                    os.rename(child, f".wipe-{moved}", src_dir_fd=sub, dst_dir_fd=top)
                else:
                    os.unlink(child, dir_fd=sub)
        finally:
            os.close(sub)
        os.rmdir(name, dir_fd=top)
    return moved

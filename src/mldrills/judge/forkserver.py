"""The pre-warmed fork server: imports numpy and torch once, then forks sandboxed children.

Started by the supervisor as a fresh interpreter (``python -I -m
mldrills.judge.forkserver FD``) so it never holds tests, expected values or secrets:
a child can read all of its parent's memory. Protocol on the control socket (FD):

- ``spawn {memory_mb}`` -> ``{pid, slot}`` plus the child's channel fd
- ``finish {pid}`` -> ``{exit, signal, oom_mib}``: kill the child's box, reap it, sweep it
- ``info`` -> which isolation layers are active; ``shutdown``
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import select
import shutil
import signal
import socket
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mldrills.judge import runner, sandbox
from mldrills.judge.box import Boxes
from mldrills.judge.warm import PRELOAD, SINGLE_THREAD_ENV, tame_thread_probes, warm_torch
from mldrills.judge.wire import ChannelClosed, recv_frame, send_frame

PRESPAWN = 2  # children kept forked and sandboxed, waiting for a submission
UID_BLOCK = 16  # sandbox uids reserved by one fork server


class ForkServer:
    """Owns the slots and the prepared isolation; forks one child per request."""

    def __init__(self, ctl: socket.socket, config: dict[str, Any]) -> None:
        self.ctl = ctl
        self.pid = os.getpid()
        self.config = config
        self.layers = sandbox.Layers()
        self.children: dict[int, int] = {}  # pid -> slot
        self.base = Path(tempfile.mkdtemp(prefix="mldrills-judge-"))
        os.chmod(self.base, 0o711)
        nslots = int(config.get("slots", 4))
        self.free = list(range(nslots))
        self.rulesets: dict[int, int] = {}
        self.roots: list[str] = []
        self.boxes = Boxes(self.base, nslots, None)
        self.boxes.reap = self._reap_orphans
        self.reaped: dict[int, int] = {}
        self.ready: dict[int, tuple[int, socket.socket]] = {}  # slot -> pre-forked child
        self.released: list[int] = []  # pids to reap and sweep when idle
        with contextlib.suppress(OSError):  # Linux only; elsewhere orphans go to init
            sandbox.become_subreaper()  # orphaned grandchildren come back to us to be reaped
        self.preloaded = self._preload()
        self._prepare(nslots)
        # Move everything imported so far out of the collector's reach. Otherwise a
        # child's first full collection walks ~300k inherited objects (and faults their
        # copy-on-write pages in): ~145 ms, enough to make linear code look quadratic.
        gc.collect()
        gc.freeze()

    # ------------------------------------------------------------------ setup
    def _preload(self) -> list[str]:
        loaded = []
        for name in PRELOAD:
            with contextlib.suppress(ImportError):
                __import__(name)
                loaded.append(name)
        loaded += tame_thread_probes()
        return loaded + (warm_torch() if self.config.get("torch", True) else [])

    def _prepare(self, nslots: int) -> None:
        isolation = self.config.get("isolation", "auto")
        notes = self.layers.notes
        if isolation == "off":
            for key in ("user", "landlock", "seccomp", "netns"):
                notes[key] = "disabled (isolation=off)"
            self.boxes.setup(False)
            return
        is_root = os.geteuid() == 0
        if is_root:
            self.layers.uid_base = self._claim_uids(int(self.config.get("uid_base", 61000)), nslots)
            try:
                sandbox.unshare_network()
                self.layers.netns = True
            except OSError as exc:
                notes["netns"] = f"unavailable: {exc}"
        else:
            notes["user"] = "not running as root: submissions run as the current user"
            notes["netns"] = "needs root; Landlock and seccomp still block the network"
        self.boxes.uid_base = self.layers.uid_base
        self.boxes.setup(bool(self.config.get("box", True)), bool(self.config.get("cpu_share")))
        abi = sandbox.landlock_abi()
        if abi:
            try:
                exclude = [Path(p) for p in self.config.get("exclude", [])]
                self.roots = sandbox.readable_roots(exclude)
                self.layers.landlock_abi = abi
                for slot in range(nslots):
                    self._build_ruleset(slot)
                notes["landlock"] = (
                    f"ABI {abi}: reads limited to {len(self.roots)} paths, no TCP"
                    + (", abstract unix sockets and signals scoped" if abi >= 6 else "")
                )
            except OSError as exc:
                notes["landlock"] = f"unavailable: {exc}"
        else:
            notes["landlock"] = "kernel has no Landlock"
        try:
            self.layers.seccomp = sandbox.Seccomp()
        except OSError as exc:
            notes["seccomp"] = f"unavailable (libseccomp): {exc}"

    def _claim_uids(self, first: int, nslots: int) -> int:
        """Claim a block of sandbox uids no other judge on this machine uses.

        Each slot's uid is swept (every process of it killed) after a job, so two fork
        servers sharing uids would kill each other's children. A block is held with an
        exclusive lock on a file for as long as this server lives.
        """
        lock_dir = _own_private_dir(Path(tempfile.gettempdir()) / "mldrills-judge-uids")
        if nslots > UID_BLOCK:
            raise OSError(f"at most {UID_BLOCK} slots per judge")
        for block in range(256):
            base = first + block * UID_BLOCK
            fd = os.open(lock_dir / f"{base}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            self.uid_lock = fd  # held until exit; closed in children before they run code
            return base
        raise OSError("no free block of sandbox uids (256 judges running?)")

    def _slot_dir(self, slot: int) -> Path:
        return self.boxes.work(slot)

    def _build_ruleset(self, slot: int) -> None:
        """The slot's Landlock ruleset, rebuilt whenever fresh mounts replace its dirs.

        A rule names an inode: the root of a new tmpfs needs a new rule.
        """
        old = self.rulesets.pop(slot, None)
        if old is not None:
            os.close(old)
        files = ["/dev/null", "/dev/zero", "/dev/urandom"]
        rw = [str(self.boxes.work(slot)), str(self.boxes.shm(slot))]
        self.rulesets[slot] = sandbox.build_landlock(
            self.layers.landlock_abi, self.roots, rw, files
        )

    def _report(self) -> dict[str, Any]:
        return {**self.layers.report(), **self.boxes.report()}

    # ------------------------------------------------------------------ loop
    def serve(self) -> None:
        """Answer control requests until shutdown or until the supervisor goes away.

        Between requests the server does its deferred work: reaping and sweeping
        released children and forking the next ready ones, so neither is on the path
        of a grade.
        """
        send_frame(
            self.ctl,
            {
                "ready": True,
                "layers": self._report(),
                "preloaded": self.preloaded,
                "pid": os.getpid(),
                "cgroups": self.boxes.cgroups.exported() if self.boxes.cgroups else None,
            },
            [],
        )
        while True:
            wait: list[Any] = [self.ctl, *self.boxes.oom_fds]
            ready = select.select(wait, [], [], 0 if self._has_idle_work() else None)[0]
            for fd in ready:
                if fd in self.boxes.oom_fds:
                    self.boxes.on_oom(fd)
            if self.ctl not in ready:
                if self._has_idle_work():
                    self._idle_step()
                continue
            try:
                req, _ = recv_frame(self.ctl)
            except ChannelClosed:
                break
            op = req.get("op")
            if op == "spawn":
                self._spawn(int(req.get("memory_mb", 0)))
            elif op == "release":
                self._release(int(req["pid"]))
            elif op == "finish":
                self._finish(int(req["pid"]))
            elif op == "info":
                send_frame(self.ctl, {"layers": self._report()}, [])
            elif op == "shutdown":
                break
        for pid in list(self.children):
            self._kill_and_reap(pid)
        self.boxes.close()
        shutil.rmtree(self.base, ignore_errors=True)

    # ------------------------------------------------------------------ slots
    def _has_idle_work(self) -> bool:
        return bool(self.released) or (bool(self.free) and len(self.ready) < PRESPAWN)

    def _idle_step(self) -> None:
        """One unit of deferred work: clean a released slot, or fork a ready child."""
        if self.released:
            pid = self.released.pop(0)
            slot = self.children.get(pid)
            self._kill_and_reap(pid)
            if slot is not None:
                self._sweep(slot)
                self.free.append(slot)
        elif self.free and len(self.ready) < PRESPAWN:
            slot = self.free.pop(0)
            self.ready[slot] = self._fork_child(slot)

    def _spawn(self, memory_mb: int) -> None:
        """Hand the supervisor a ready child (forking one now if none is ready)."""
        if not self.ready:
            while self.released and not self.free:
                self._idle_step()
            if not self.free:
                send_frame(self.ctl, {"error": "busy: every slot is running a submission"}, [])
                return
            slot = self.free.pop(0)
            self.ready[slot] = self._fork_child(slot)
        slot = next(iter(self.ready))
        pid, parent_end = self.ready.pop(slot)
        if self._died_waiting(pid):  # never blame a submission for a child that was gone
            parent_end.close()
            self.children.pop(pid, None)
            self._sweep(slot)
            pid, parent_end = self._fork_child(slot)
        if memory_mb > 0:
            self.boxes.arm(slot, memory_mb)
        socket.send_fds(
            self.ctl, [json.dumps({"pid": pid, "slot": slot}).encode()], [parent_end.fileno()]
        )
        parent_end.close()

    def _died_waiting(self, pid: int) -> bool:
        """Whether a pre-forked child ended while it waited in the pool."""
        if pid in self.reaped:
            del self.reaped[pid]
            return True
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True
        return done == pid

    def _fork_child(self, slot: int) -> tuple[int, socket.socket]:
        parent_end, child_end = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # child: never returns
            parent_end.close()
            self._child(slot, child_end)
        child_end.close()
        self.children[pid] = slot
        return pid, parent_end

    def _child(self, slot: int, chan: socket.socket) -> None:
        """Sandbox this freshly forked process, then serve the supervisor on ``chan``.

        The CPU and memory budgets of the exercise arrive with the first request
        (``load``) and only lower the limits set here.
        """
        code = 70
        try:
            os.setsid()
            self.boxes.enter(slot)  # its cgroup, IPC namespace and /dev/shm, while root
            keep = {chan.fileno(), self.rulesets.get(slot, -1)}
            null = os.open("/dev/null", os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            for fd in range(3, 1024):
                if fd not in keep:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            os.chdir(self._slot_dir(slot))
            os.umask(0o077)
            sandbox.set_limits(sandbox.Limits())
            if self.layers.uid_base is not None:
                sandbox.drop_user(self.layers.uid_base + slot, slot in self.rulesets)
            with contextlib.suppress(OSError):  # Linux only; after the uid switch clears it
                sandbox.die_with_parent(self.pid)
            if slot in self.rulesets or self.layers.seccomp is not None:
                sandbox.no_new_privs()  # required by both; failing here is fatal
            if slot in self.rulesets:
                sandbox.landlock_restrict(self.rulesets[slot])
                os.close(self.rulesets[slot])
            if self.layers.seccomp is not None:
                self.layers.seccomp.load()
            os.environ.clear()
            os.environ.update(
                {
                    "HOME": str(self._slot_dir(slot)),
                    "LANG": "C.UTF-8",
                    "PATH": "/usr/bin:/bin",
                    **SINGLE_THREAD_ENV,
                }
            )
            runner.serve(chan)
            code = 0
        except BaseException:  # a broken child must never fall back into the server loop
            code = 71
        finally:
            os._exit(code)

    def _release(self, pid: int) -> None:
        """The supervisor is done with this child: stop it now, clean up when idle."""
        if pid in self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            self.released.append(pid)

    def _finish(self, pid: int) -> None:
        """Stop the child and say how it ended (the supervisor waits for this answer)."""
        slot = self.children.get(pid)
        send_frame(self.ctl, self._kill_and_reap(pid), [])
        if slot is not None:
            self._sweep(slot)
            self.free.append(slot)

    def _kill_and_reap(self, pid: int) -> dict[str, Any]:
        slot = self.children.pop(pid, None)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        status = self.reaped.pop(pid, None)
        if status is None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = 0
        oom = self.boxes.end(slot) if slot is not None else None  # what the child left
        out: dict[str, Any] = {"exit": None, "signal": None, "oom_mib": oom}
        if os.WIFEXITED(status):
            out["exit"] = os.WEXITSTATUS(status)
        elif os.WIFSIGNALED(status):
            out["signal"] = os.WTERMSIG(status)
        return out

    def _reap_orphans(self) -> None:
        """Reap adopted grandchildren; keep the status of our own children for finish."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in self.children:
                self.reaped[pid] = status

    def _sweep(self, slot: int) -> None:
        """Kill anything left in the slot's box (or, without cgroups, run by its user)."""
        self.boxes.end(slot)
        if self.layers.uid_base is not None and self.boxes.cgroups is None:
            uid = self.layers.uid_base + slot
            deadline = time.monotonic() + 2.0
            # Killed processes linger as zombies until reaped (they are reparented to
            # us, the subreaper), and /proc still lists them under the uid: loop until
            # the uid owns nothing, dead or alive.
            while _uid_has_processes(uid) and time.monotonic() < deadline:
                pid = os.fork()
                if pid == 0:
                    try:
                        os.setresuid(uid, uid, uid)
                        os.kill(-1, signal.SIGKILL)
                    finally:
                        os._exit(0)
                os.waitpid(pid, 0)
                self._reap_orphans()
                time.sleep(0.002)
        self._reap_orphans()
        self.boxes.reset(slot)
        if self.layers.landlock_abi and self.boxes.tmpfs:
            self._build_ruleset(slot)


def _own_private_dir(path: Path) -> Path:
    """``path`` as a directory only we can write, created if missing.

    It sits in a shared temp dir: another user could have made it first (or a symlink in
    its place) to watch or hold our lock files, so anything not ours is refused.
    """
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise OSError(
            f"refusing the lock directory {path}: it must be a directory owned by uid "
            f"{os.geteuid()} and writable by it only (found uid {info.st_uid}, "
            f"mode {stat.filemode(info.st_mode)}); remove it or set TMPDIR"
        )
    return path


def _uid_has_processes(uid: int) -> bool:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    return True
            except OSError:
                continue
    return False


def main() -> None:
    """Entry point: ``python -I -m mldrills.judge.forkserver FD CONFIG_JSON``."""
    ctl = socket.socket(fileno=int(sys.argv[1]))
    config = json.loads(sys.argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when we stop
    server = ForkServer(ctl, config)
    server.serve()


if __name__ == "__main__":
    main()

"""Isolation layers for a judge child: rlimits, user switch, Landlock, seccomp, netns.

Everything expensive (Landlock rulesets, the seccomp filter) is built once in the fork
server; a child only applies it (~0.1 ms). Each layer reports whether it is active, so
``mldrills doctor`` can say exactly what protects a submission on this machine.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

# Landlock (generic syscall numbers: the same on x86_64 and aarch64).
_SYS_LL_CREATE, _SYS_LL_ADD, _SYS_LL_RESTRICT = 444, 445, 446
_LL_VERSION = 1 << 0
_LL_RULE_PATH_BENEATH = 1
_FS_EXECUTE, _FS_WRITE_FILE, _FS_READ_FILE, _FS_READ_DIR = 1, 2, 4, 8
_FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 14, 1 << 15
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1, 2

_PR_SET_PDEATHSIG, _PR_SET_KEEPCAPS, _PR_SET_NO_NEW_PRIVS = 1, 8, 38
_CAP_DAC_READ_SEARCH = 2
_CLONE_NEWNET = 0x40000000
CLONE_NEWNS, CLONE_NEWIPC = 0x20000, 0x08000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
_NS_FLAGS = (0x20000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x80)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("a", ctypes.c_uint64),
        ("b", ctypes.c_uint64),
    ]


def _err(what: str) -> OSError:
    e = ctypes.get_errno()
    return OSError(e, f"{what}: {os.strerror(e)}")


def _prctl(option: int, arg: int) -> None:
    prctl = getattr(_libc, "prctl", None)
    if prctl is None:  # not Linux: the callers treat this layer as unavailable
        raise OSError(errno.ENOSYS, "prctl is Linux-only")
    if prctl(option, ctypes.c_ulong(arg), 0, 0, 0) != 0:
        raise _err(f"prctl({option})")


# ----------------------------------------------------------------------------- Landlock
def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is unavailable."""
    abi = _libc.syscall(_SYS_LL_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(_LL_VERSION))
    return int(abi) if abi > 0 else 0


def _fs_all(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= 1 << 13  # REFER
    if abi >= 3:
        rights |= _FS_TRUNCATE
    if abi >= 5:
        rights |= _FS_IOCTL_DEV
    return rights


def _file_rights(abi: int, rights: int) -> int:
    allowed = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV
    return rights & allowed & _fs_all(abi)


def build_landlock(
    abi: int, read_paths: list[str], rw_paths: list[str], rw_files: list[str]
) -> int:
    """Create a ruleset fd allowing reads of ``read_paths`` and writes of ``rw_paths``."""
    attr = _RulesetAttr(fs=_fs_all(abi), net=0, scoped=0)
    size = 8
    if abi >= 4:
        attr.net, size = _NET_BIND_TCP | _NET_CONNECT_TCP, 16
    if abi >= 6:
        attr.scoped, size = _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL, 24
    fd = _libc.syscall(
        _SYS_LL_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)
    )
    if fd < 0:
        raise _err("landlock_create_ruleset")
    read = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR
    for path, rights in (
        [(p, read) for p in read_paths]
        + [(p, _fs_all(abi)) for p in rw_paths]
        + [(p, _FS_READ_FILE | _FS_WRITE_FILE | _FS_TRUNCATE) for p in rw_files]
    ):
        _add_rule(int(fd), abi, path, rights)
    return int(fd)


def _add_rule(ruleset: int, abi: int, path: str, rights: int) -> None:
    try:
        pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist on this machine needs no rule
    try:
        if not os.path.isdir(path):
            rights = _file_rights(abi, rights)
        rule = _PathBeneath(allowed=rights & _fs_all(abi), fd=pfd)
        if (
            _libc.syscall(
                _SYS_LL_ADD,
                ctypes.c_int(ruleset),
                ctypes.c_int(_LL_RULE_PATH_BENEATH),
                ctypes.byref(rule),
                ctypes.c_uint32(0),
            )
            != 0
        ):
            raise _err(f"landlock_add_rule({path})")
    finally:
        os.close(pfd)


def landlock_restrict(ruleset: int) -> None:
    """Confine the calling process (and its future children) to the ruleset."""
    if _libc.syscall(_SYS_LL_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
        raise _err("landlock_restrict_self")


# ----------------------------------------------------------------------------- seccomp
class Seccomp:
    """A seccomp filter built with libseccomp once and loaded in each child."""

    BLOCKED = (
        "ptrace",
        "process_vm_readv",
        "process_vm_writev",
        "unshare",
        "setns",
        "mount",
        "umount2",
        "pivot_root",
        "chroot",
        "bpf",
        "io_uring_setup",
        "io_uring_enter",
        "io_uring_register",
        "perf_event_open",
        "keyctl",
        "add_key",
        "request_key",
        "open_by_handle_at",
        "name_to_handle_at",
        "kexec_load",
        "kexec_file_load",
        "init_module",
        "finit_module",
        "delete_module",
        "userfaultfd",
        "swapon",
        "swapoff",
        "reboot",
        "syslog",
        "acct",
        "quotactl",
        "fanotify_init",
        "mknod",
        "mknodat",
    )

    UNIX_BLOCKED = ("connect", "bind", "listen", "accept", "accept4")

    def __init__(self) -> None:
        name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
        self.lib = ctypes.CDLL(name, use_errno=True)
        self.lib.seccomp_init.restype = ctypes.c_void_p
        self.lib.seccomp_init.argtypes = [ctypes.c_uint32]
        self.lib.seccomp_rule_add_array.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint32,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.POINTER(_ArgCmp),
        ]
        self.lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        self.lib.seccomp_load.argtypes = [ctypes.c_void_p]
        self.ctx = self.lib.seccomp_init(0x7FFF0000)  # default: allow
        if not self.ctx:
            raise OSError("seccomp_init failed")
        eperm = 0x00050000 | errno.EPERM
        for name_ in self.BLOCKED:
            self._rule(eperm, name_, [])
        self._rule(0x00050000 | errno.ENOSYS, "clone3", [])  # glibc falls back to clone
        for flag in _NS_FLAGS:  # clone(2) may not create namespaces
            self._rule(eperm, "clone", [_ArgCmp(arg=0, op=7, a=flag, b=flag)])
        # Only unix sockets (the judge channel); no network of any family.
        eacces = 0x00050000 | errno.EACCES
        self._rule(eacces, "socket", [_ArgCmp(arg=0, op=1, a=1, b=0)])
        # No way to reach a host service's unix socket: nothing connects, binds or
        # listens (the child's channel is inherited), and no datagram socket can send
        # to a path. Connected pairs (socketpair, multiprocessing.Pipe) still work.
        for name_ in self.UNIX_BLOCKED:
            self._rule(eperm, name_, [])
        dgram = _ArgCmp(arg=1, op=7, a=0xF, b=2)  # (type & SOCK_TYPE_MASK) == SOCK_DGRAM
        self._rule(eacces, "socket", [dgram])
        self._rule(eacces, "socketpair", [dgram])

    def _rule(self, action: int, name: str, cmps: list[_ArgCmp]) -> None:
        nr = self.lib.seccomp_syscall_resolve_name(name.encode())
        if nr < 0:
            return  # not a syscall on this architecture
        arr = (_ArgCmp * max(1, len(cmps)))(*cmps)
        rc = self.lib.seccomp_rule_add_array(self.ctx, action, nr, len(cmps), arr)
        if rc != 0:
            raise OSError(-rc, f"seccomp_rule_add({name}) failed")

    def load(self) -> None:
        """Install the filter on the calling thread (needs no_new_privs)."""
        rc = self.lib.seccomp_load(self.ctx)
        if rc != 0:
            raise OSError(-rc, "seccomp_load failed")


# ----------------------------------------------------------------------------- child setup
@dataclass
class Limits:
    """Resource limits of one child."""

    cpu_seconds: int = 600
    memory_mb: int = 4096
    processes: int = 32
    file_mb: int = 16
    open_files: int = 64


@dataclass
class Layers:
    """What the fork server could set up; ``active`` maps layer name to a one-line status."""

    uid_base: int | None = None
    landlock_abi: int = 0
    seccomp: Seccomp | None = None
    netns: bool = False
    notes: dict[str, str] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        """Layer name -> {"active": bool, "detail": str}, for doctor and results."""
        return {
            "rlimits": {"active": True, "detail": "CPU, address space, processes, files"},
            "user": {
                "active": self.uid_base is not None,
                "detail": self.notes.get("user", "unprivileged uid per slot"),
            },
            "landlock": {
                "active": self.landlock_abi > 0,
                "detail": self.notes.get("landlock", f"ABI {self.landlock_abi}"),
            },
            "seccomp": {
                "active": self.seccomp is not None,
                "detail": self.notes.get("seccomp", "no sockets but unix, no ptrace"),
            },
            "landlock-scopes": {
                "active": self.landlock_abi >= 6,
                "detail": "abstract unix sockets and signals only within the sandbox"
                if self.landlock_abi >= 6
                else "needs Landlock ABI 6 (Linux 6.12)",
            },
            "seccomp-unix": {
                "active": self.seccomp is not None,
                "detail": "no connect, bind, listen or datagram sockets: host unix "
                "sockets are out of reach; socketpair works"
                if self.seccomp is not None
                else self.notes.get("seccomp", "unavailable"),
            },
            "netns": {
                "active": self.netns,
                "detail": self.notes.get("netns", "empty network namespace"),
            },
        }


def current_vm_bytes() -> int:
    """Virtual memory size of this process (``VmSize``) in bytes."""
    with open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def set_limits(limits: Limits) -> None:
    """Apply rlimits; the address-space limit is the current size plus the budget.

    Called once when a child is forked (generous CPU and memory) and again by the
    runner with the exercise's budgets: limits can only be lowered after that.
    """
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb << 20, limits.file_mb << 20))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _base_vm[0] = current_vm_bytes()  # read now: /proc is out of reach once sandboxed
    set_budget(limits.cpu_seconds, limits.memory_mb)


_base_vm = [0]


def set_budget(cpu_seconds: int, memory_mb: int) -> None:
    """Limit CPU seconds, and memory beyond what the process mapped when it was forked."""
    mem = _base_vm[0] + memory_mb * (1 << 20)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))


def drop_user(uid: int, keep_read_search: bool) -> None:
    """Become ``uid`` (group ``uid``); optionally keep only CAP_DAC_READ_SEARCH.

    The capability lets the child read interpreter files under directories only root may
    enter (pyenv under /root, say); Landlock still confines reads to its allow-list, so
    it is only kept when Landlock is active.
    """
    if keep_read_search:
        _prctl(_PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if keep_read_search:
        hdr = _CapHeader(version=0x20080522, pid=0)
        data = (_CapData * 2)()
        data[0].effective = data[0].permitted = 1 << _CAP_DAC_READ_SEARCH
        if _libc.capset(ctypes.byref(hdr), ctypes.byref(data)) != 0:
            raise _err("capset")
        _prctl(_PR_SET_KEEPCAPS, 0)


def no_new_privs() -> None:
    """Forbid gaining privileges through exec (needed by Landlock and seccomp)."""
    _prctl(_PR_SET_NO_NEW_PRIVS, 1)


def die_with_parent(parent: int) -> None:
    """Kill this process when the fork server (``parent``) exits.

    Call it after the uid switch: changing credentials clears the setting. If the
    parent is already gone, exit now.
    """
    _prctl(_PR_SET_PDEATHSIG, 9)
    if os.getppid() != parent:
        os._exit(72)


def become_subreaper() -> None:
    """Adopt orphaned descendants, so the server can reap what a child left behind."""
    _prctl(36, 1)  # PR_SET_CHILD_SUBREAPER


def unshare(flags: int, what: str) -> None:
    """Move the calling process into new namespaces (``CLONE_NEW*`` flags; root only)."""
    if _libc.unshare(ctypes.c_int(flags)) != 0:
        raise _err(f"unshare({what})")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    """mount(2); ``fstype`` None for a bind or a propagation change."""
    rc = _libc.mount(
        source.encode(),
        target.encode(),
        fstype.encode() if fstype else None,
        ctypes.c_ulong(flags),
        data.encode() if data else None,
    )
    if rc != 0:
        raise _err(f"mount({target})")


def detach(target: str) -> None:
    """Lazily unmount ``target`` (MNT_DETACH): the kernel frees it once unused."""
    if _libc.umount2(target.encode(), ctypes.c_int(2)) != 0:
        raise _err(f"umount({target})")


def private_mounts() -> None:
    """A mount namespace of our own whose mounts never propagate back to the host."""
    unshare(CLONE_NEWNS, "CLONE_NEWNS")
    mount("none", "/", None, MS_REC | MS_PRIVATE)


def unshare_network() -> None:
    """Move the calling process into a new, empty network namespace (root only)."""
    if _libc.unshare(ctypes.c_int(_CLONE_NEWNET)) != 0:
        raise _err("unshare(CLONE_NEWNET)")


def readable_roots(exclude: list[Path]) -> list[str]:
    """Directories a child may read: the interpreter, its libraries, system libraries.

    Any folder holding one of ``exclude`` (mldrills' own package, the packs) is opened up
    entry by entry without it, so hidden tests never become readable.
    """
    roots = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        "/usr/lib",
        "/usr/lib64",
        "/lib",
        "/lib64",
        "/usr/share/zoneinfo",
        "/etc/localtime",
    }
    roots.update(p for p in sys.path if p)
    excl = [e.resolve() for e in exclude]
    out: set[str] = set()
    for root in sorted(roots):
        _add_readable(Path(root), excl, out, depth=0)
    return sorted(out)


def _add_readable(path: Path, excl: list[Path], out: set[str], depth: int) -> None:
    try:
        real = path.resolve()
    except OSError:
        return
    if not real.exists() or any(real == e or real.is_relative_to(e) for e in excl):
        return
    if not any(e.is_relative_to(real) for e in excl):
        out.add(str(real))
        return
    if depth > 6 or not real.is_dir():
        return
    for child in real.iterdir():
        _add_readable(child, excl, out, depth + 1)

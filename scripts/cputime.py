"""Run a command and print the CPU its whole process tree used, in core-seconds, and its wall time.

    python scripts/cputime.py .venv/bin/pytest -n 2 tests/browser

This process makes itself a child subreaper, so every descendant is reaped here even when its parent
exits first (Chromium's renderers, Playwright's driver): `/usr/bin/time` counts only the children
their parents waited for, and misses more than half of the browser tests' CPU. Linux only."""

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main() -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    started = time.monotonic()
    child = subprocess.Popen(sys.argv[1:])  # noqa: S603 (the caller's own command)
    code = 1
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:  # every descendant has ended and been reaped
            break
        if pid == child.pid:
            code = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"CPU {used.ru_utime + used.ru_stime:.1f} core-s (user {used.ru_utime:.1f}, system "
          f"{used.ru_stime:.1f}); wall {wall:.1f} s; exit {code}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())

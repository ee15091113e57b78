"""Password hashing takes one core: one hash at a time per process, one argon2 lane, at a lower CPU
priority, so a flood of wrong passwords cannot take every core from residents' submissions."""

import os
import threading
import time

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.auth.service import NICER, OneCore, passwords


class _Counting:
    """A stand-in hasher that notes how many hashes run at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self._lock = threading.Lock()

    def _work(self) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(0.01)  # long enough for the other threads to arrive if nothing held them back
        with self._lock:
            self.now -= 1

    def hash(self, password: str) -> str:
        self._work()
        return "h"

    def verify(self, password: str, stored: str) -> bool:
        self._work()
        return True


def test_hashes_run_one_at_a_time_however_many_logins_arrive():
    inner = _Counting()
    one = OneCore(inner)  # type: ignore[arg-type]
    threads = [threading.Thread(target=one.verify if i % 2 else one.hash, args=("pw", "h")[: 1 + i % 2])
               for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert inner.most == 1


def test_new_hashes_use_one_lane_and_old_ones_still_verify():
    stored = passwords.hash("et langt passord")
    assert ",p=1$" in stored and passwords.verify("et langt passord", stored)
    # Hashes made before, with four lanes, carry their parameters and still let their users in.
    old = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=32, parallelism=4),)).hash("et langt passord")
    assert ",p=4$" in old
    assert passwords.verify("et langt passord", old) and not passwords.verify("feil passord", old)


class _Priority:
    """A stand-in hasher that notes the CPU priority (nice value) of the thread it runs on."""

    seen: list[int] = []

    def _note(self) -> None:
        self.seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    def hash(self, password: str) -> str:
        self._note()
        return "h"

    def verify(self, password: str, stored: str) -> bool:
        self._note()
        return True


def test_hashing_runs_at_a_lower_priority_than_requests():
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    one = OneCore(_Priority())  # type: ignore[arg-type]
    one.hash("pw")
    one.verify("pw", "h")
    assert _Priority.seen == [min(19, mine + NICER)] * 2
    # The calling thread keeps its own priority: only the hashing lane yields.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine

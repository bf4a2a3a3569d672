"""The resource tracker SIGKILLed mid-run, KILLS times.

Usage: tracker_kill.py METHOD KILLS

Round k (0..KILLS) registers a shared memory block with the tracker (which
starts it, or, after a kill, relaunches it: CPython warns "resource_tracker:
process died unexpectedly, relaunching"), runs a Pool(2) of METHOD, frees
both, and, except in the last round, SIGKILLs the tracker and waits until
it is dead. Prints one JSON line per round and a summary line; exits 1 on a
wrong result.
"""
import gc
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from multiprocessing import resource_tracker, shared_memory


def square(x):
    return x * x


def dead(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def main():
    method, kills = sys.argv[1], int(sys.argv[2])
    ctx = mp.get_context(method)
    pids, wrong = [], 0
    for k in range(kills + 1):
        shm = shared_memory.SharedMemory(create=True, size=64)
        tracker = resource_tracker._resource_tracker._pid
        with ctx.Pool(2) as pool:
            wrong += sum(1 for i, v in enumerate(pool.map(square, range(50))) if v != i * i)
        shm.close()
        shm.unlink()
        del pool, shm
        gc.collect()
        pids.append(tracker)
        print(json.dumps({"round": k, "tracker": tracker, "wrong": wrong}), flush=True)
        if k < kills:
            os.kill(tracker, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while not dead(tracker) and time.monotonic() < deadline:
                time.sleep(0.005)
    print(json.dumps({"summary": True, "kills": kills, "trackers": len(set(pids)),
                      "wrong": wrong}), flush=True)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()

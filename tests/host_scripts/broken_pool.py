"""A ProcessPoolExecutor worker is SIGKILLed mid-task.

Usage: broken_pool.py METHOD
"""
import multiprocessing as mp
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def slow(i):
    time.sleep(2)
    return i


if __name__ == "__main__":
    with ProcessPoolExecutor(2, mp_context=mp.get_context(sys.argv[1])) as ex:
        futures = [ex.submit(slow, i) for i in range(6)]
        # Wait until the workers run a task, then kill one of them.
        deadline = time.monotonic() + 60
        while not any(f.running() for f in futures) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        victim = next(iter(ex._processes))
        print("killing worker", victim, flush=True)
        os.kill(victim, signal.SIGKILL)
        try:
            [f.result() for f in futures]
        except BrokenProcessPool as e:
            print("BrokenProcessPool:", e, flush=True)
            raise
    print("no BrokenProcessPool", flush=True)

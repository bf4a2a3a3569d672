"""A program whose graceful shutdown never ends by itself, for SIGTERM.

Usage: sigterm_hang.py nondaemon|lock METHOD
  nondaemon: a non-daemon Process that sleeps for ever (exit joins it)
  lock: a Pool at work, and an atexit handler that waits for a
        multiprocessing Lock the program holds (SemLock.acquire, for ever)
Prints STARTED once it waits.
"""
import atexit
import multiprocessing as mp
import sys
import time


def slow(i):
    time.sleep(0.5)
    return i


if __name__ == "__main__":
    mp.set_start_method(sys.argv[2])
    if sys.argv[1] == "nondaemon":
        p = mp.Process(target=time.sleep, args=(3600,))
        p.start()
        print("STARTED", flush=True)
        time.sleep(3600)
    else:
        lock = mp.Lock()
        lock.acquire()
        atexit.register(lock.acquire)
        with mp.Pool(2) as pool:
            result = pool.map_async(slow, range(100))
            print("STARTED", flush=True)
            result.get()
    print("finished?!", flush=True)

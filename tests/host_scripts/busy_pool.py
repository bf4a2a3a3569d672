"""A Pool busy with slow tasks, for signals sent to the host.

Usage: busy_pool.py with|bare [METHOD]
"""
import multiprocessing as mp
import sys
import time


def slow(i):
    time.sleep(0.5)
    return i


if __name__ == "__main__":
    if len(sys.argv) > 2:
        mp.set_start_method(sys.argv[2])
    if sys.argv[1] == "with":
        with mp.Pool(2) as pool:
            result = pool.map_async(slow, range(200))
            print("POOL STARTED", flush=True)
            result.get()
    else:
        pool = mp.Pool(2)
        result = pool.map_async(slow, range(200))
        print("POOL STARTED", flush=True)
        result.get()
    print("finished?!", flush=True)

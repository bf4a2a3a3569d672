"""10,000 tiny tasks through Pool(2).imap_unordered (chunksize 1: one message
per task) with the start method in argv[1]; prints {"tasks_per_s": …} for the
tasks alone (pool start-up excluded)."""
import json
import multiprocessing as mp
import sys
import time

N = 10_000


def tiny(x):
    return x + 1


if __name__ == "__main__":
    mp.freeze_support()
    with mp.get_context(sys.argv[1]).Pool(2) as pool:
        assert pool.apply(tiny, (0,)) == 1  # both sides warm
        t0 = time.perf_counter()
        total = sum(pool.imap_unordered(tiny, range(N), chunksize=1))
        t1 = time.perf_counter()
    assert total == N * (N + 1) // 2, total
    print(json.dumps({"tasks_per_s": N / (t1 - t0)}))

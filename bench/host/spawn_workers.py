"""Starts N spawn workers (argv[1]) and waits until each has run one task."""
import multiprocessing as mp
import sys


def tiny(x):
    return x


if __name__ == "__main__":
    n = int(sys.argv[1])
    with mp.get_context("spawn").Pool(n) as pool:
        # chunksize 1 and a barrier-free task per worker: each worker starts.
        assert pool.map(tiny, range(n), chunksize=1) == list(range(n))

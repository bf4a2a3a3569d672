"""A Pool of N workers (argv[2]) with the start method in argv[1], each
running one task: the slope of the wall time between N = 1 and N = 5 is the
cost of one worker."""
import multiprocessing as mp
import sys


def tiny(x):
    return x


if __name__ == "__main__":
    mp.freeze_support()
    n = int(sys.argv[2])
    with mp.get_context(sys.argv[1]).Pool(n) as pool:
        assert pool.map(tiny, range(n), chunksize=1) == list(range(n))

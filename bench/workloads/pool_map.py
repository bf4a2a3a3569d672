"""Pool(2).map over 100 tiny tasks with the start method named in argv[1]."""
import multiprocessing as mp
import sys


def tiny(x):
    return x + 1


if __name__ == "__main__":
    mp.freeze_support()
    with mp.get_context(sys.argv[1]).Pool(2) as pool:
        assert pool.map(tiny, range(100)) == list(range(1, 101))

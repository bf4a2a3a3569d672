"""Calls set_start_method() once itself, as the Python docs say to.

Usage: once.py METHOD
"""
import multiprocessing as mp
import sys


def square(x):
    return x * x


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1])
    assert mp.get_start_method() == sys.argv[1]
    with mp.Pool(2) as pool:
        assert pool.map(square, range(10)) == [x * x for x in range(10)]
    print("ok", mp.get_start_method())

"""mpconfig demo: multiprocessing inside a binary that embeds CPython.

Run it in the `mpconfig` host:

    cargo run --release -- run examples/demo.py
    cargo run --release -- run --start-method spawn examples/demo.py

`sys.executable` is the host binary, not `python`: every spawn worker, the
fork server and the resource tracker re-execute it, and the host answers
their command lines itself. Plain `python3 examples/demo.py` works too.
"""

import multiprocessing
import os
import sys


def square(x):
    """Runs in a worker process."""
    return x * x, os.getpid()


def main():
    method = multiprocessing.get_start_method()
    print(f"python        {sys.version.split()[0]}")
    print(f"executable    {sys.executable}")
    print(f"sys.frozen    {getattr(sys, 'frozen', False)}")
    print(f"start method  {method} (default)")

    with multiprocessing.Pool(2) as pool:
        results = pool.map(square, range(10))
    squares = [r for r, _ in results]
    workers = sorted({pid for _, pid in results})
    print(f"Pool(2).map   {squares}")
    print(f"              computed in worker processes {workers}, not in the main process {os.getpid()}")
    assert squares == [x * x for x in range(10)]
    assert os.getpid() not in workers

    # Every other start method works in the same host, too.
    for other in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context(other)
        with ctx.Pool(2) as pool:
            total = sum(r for r, _ in pool.map(square, range(100)))
        print(f"{other:<13} sum of squares 0..99 = {total}")
        assert total == 328350


if __name__ == "__main__":
    main()

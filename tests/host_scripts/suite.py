"""What multiprocessing users do, under whatever start method the host set.

Usage: suite.py EXPECTED_METHOD EXPECTED_FROZEN EXIT_STATUS

Checks everything itself (an AssertionError exits 1), prints one JSON
line of results, then exits with EXIT_STATUS.
"""

import json
import multiprocessing as mp
import multiprocessing.spawn  # noqa: F401  (python does not import it for `import multiprocessing`)
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


def returns():
    return None


def exits_3():
    sys.exit(3)


def raises():
    raise ValueError("raised on purpose in a child")


def locked_put(q, lock, counter, i):
    with lock:
        counter.value += 1
    q.put((i, os.getpid()))


def fill_manager(d, items, i):
    d[i] = i * i
    items.append(i)


def fill_shared_memory(name, size):
    from multiprocessing import shared_memory

    shm = shared_memory.SharedMemory(name=name)
    for i in range(size):
        shm.buf[i] = (i * 7) % 256
    shm.close()


def nested(method, q):
    """A pool inside a child process: the settings hold in the child too."""
    with mp.get_context(method).Pool(1) as pool:
        q.put((pool.map(square, [2, 3]), bool(getattr(sys, "frozen", False))))


def main():
    expected_method, expected_frozen, status = sys.argv[1], sys.argv[2] == "true", int(sys.argv[3])
    method = mp.get_start_method()
    assert method == expected_method, (method, expected_method)
    assert bool(getattr(sys, "frozen", False)) == expected_frozen
    assert mp.spawn.get_executable() in (sys.executable, os.fsencode(sys.executable))
    results = {"method": method, "frozen": expected_frozen, "pid": os.getpid()}

    with mp.Pool(2) as pool:
        results["pool_map"] = pool.map(square, range(20))
    assert results["pool_map"] == [x * x for x in range(20)]

    with ProcessPoolExecutor(2, mp_context=mp.get_context(method)) as ex:
        results["executor"] = list(ex.map(square, range(10)))
    assert results["executor"] == [x * x for x in range(10)]

    codes = []
    for target in (returns, exits_3, raises):
        p = mp.Process(target=target)
        p.start()
        p.join()
        codes.append(p.exitcode)
    results["exit_codes"] = codes
    assert codes == [0, 3, 1], codes

    q, lock, counter = mp.Queue(), mp.Lock(), mp.Value("i", 0)
    procs = [mp.Process(target=locked_put, args=(q, lock, counter, i)) for i in range(3)]
    for p in procs:
        p.start()
    got = sorted(q.get(timeout=60)[0] for _ in procs)
    for p in procs:
        p.join()
    assert got == [0, 1, 2] and counter.value == 3, (got, counter.value)
    results["queue_lock"] = got

    with mp.Manager() as manager:
        d, items = manager.dict(), manager.list()
        procs = [mp.Process(target=fill_manager, args=(d, items, i)) for i in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        results["manager"] = [dict(sorted(d.items())), sorted(items)]
    assert results["manager"] == [{0: 0, 1: 1, 2: 4}, [0, 1, 2]], results["manager"]

    from multiprocessing import shared_memory

    shm = shared_memory.SharedMemory(create=True, size=64)
    try:
        p = mp.Process(target=fill_shared_memory, args=(shm.name, 64))
        p.start()
        p.join()
        results["shared_memory"] = bytes(shm.buf[:64]) == bytes((i * 7) % 256 for i in range(64))
    finally:
        shm.close()
        shm.unlink()
    assert results["shared_memory"]

    q = mp.Queue()
    p = mp.Process(target=nested, args=(method, q))
    p.start()
    results["nested"] = q.get(timeout=60)
    p.join()
    assert results["nested"] == ([4, 9], expected_frozen), results["nested"]

    print(json.dumps(results), flush=True)
    sys.exit(status)


if __name__ == "__main__":
    main()

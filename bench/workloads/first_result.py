"""Time from creating a ProcessPoolExecutor(4) to its first result, with the
start method named in argv[1]; prints {"first_result_ms": …}."""
import json
import multiprocessing as mp
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def tiny(x):
    return x + 1


if __name__ == "__main__":
    mp.freeze_support()
    t0 = time.perf_counter()
    with ProcessPoolExecutor(4, mp_context=mp.get_context(sys.argv[1])) as ex:
        assert ex.submit(tiny, 1).result() == 2
        t1 = time.perf_counter()
    print(json.dumps({"first_result_ms": (t1 - t0) * 1e3}))

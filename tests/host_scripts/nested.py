"""Children keep working when the program changes what multiprocessing
reads: os.environ cleared (the exported settings with it; the launch log
put back), the executable set again, a pool started inside a spawn child."""
import multiprocessing as mp
import os
import sys


def square(x):
    return x * x


def inner(n, results):
    with mp.get_context("spawn").Pool(2) as pool:
        results.put(sum(pool.map(square, range(n))))


if __name__ == "__main__":
    log = os.environ.get("MPCONFIG_LOG")
    os.environ.clear()
    if log:
        os.environ["MPCONFIG_LOG"] = log
        os.environ["MPCONFIG_LOG_ISOLATED"] = "1"
    mp.set_executable(sys.executable)
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    children = [ctx.Process(target=inner, args=(n, results)) for n in (3, 4)]
    for c in children:
        c.start()
    got = sorted(results.get(timeout=60) for _ in children)
    for c in children:
        c.join()
    print(got)

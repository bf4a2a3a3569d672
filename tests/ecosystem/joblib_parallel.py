"""joblib's Parallel with the backend in argv[1] ("loky", joblib's default,
or "multiprocessing" with the start method in argv[2]). Prints the results
as JSON, and whether they came from processes other than this one."""
import json
import os
import sys

from joblib import Parallel, delayed


def work(x):
    return x * x, os.getpid()


if __name__ == "__main__":
    backend = sys.argv[1]
    if backend == "multiprocessing":
        import multiprocessing

        multiprocessing.set_start_method(sys.argv[2])
    out = Parallel(n_jobs=2, backend=backend)(delayed(work)(i) for i in range(16))
    print(json.dumps({
        "squares": [s for s, _ in out],
        "in_workers": os.getpid() not in {pid for _, pid in out},
    }))

"""joblib Parallel(n_jobs=2) over 1,000 tiny tasks. argv[1]: "loky"
(joblib's default backend, its own worker processes) or a start method
(fork, forkserver, spawn) for joblib's multiprocessing backend."""
import multiprocessing as mp
import sys

from joblib import Parallel, delayed


def tiny(x):
    return x + 1


if __name__ == "__main__":
    mp.freeze_support()
    if sys.argv[1] == "loky":
        backend = "loky"
    else:
        mp.set_start_method(sys.argv[1])
        backend = "multiprocessing"
    out = Parallel(n_jobs=2, backend=backend)(delayed(tiny)(i) for i in range(1000))
    assert out == list(range(1, 1001))

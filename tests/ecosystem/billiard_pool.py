"""A billiard Pool with the start method in argv[1]. Prints the results as
JSON, and, from a worker, whether billiard's semaphore tracker was handed
to it."""
import json
import sys

import billiard


def square(x):
    return x * x


def tracker(_):
    import billiard.semaphore_tracker as ours

    return ours._semaphore_tracker._fd is not None


if __name__ == "__main__":
    pool = billiard.get_context(sys.argv[1]).Pool(2)
    squares = pool.map(square, range(16))
    handed = pool.apply(tracker, (0,))
    pool.close()
    pool.join()
    print(json.dumps({"squares": squares, "tracker": handed}))

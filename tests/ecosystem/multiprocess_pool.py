"""A multiprocess Pool (dill pickles the lambda) with the start method in
argv[1]. Prints the results as JSON, and, from a worker, which library's
resource tracker it was handed (a spawn worker run by the standard
library's spawn_main instead of multiprocess's would have the wrong one)."""
import json
import sys

import multiprocess


def trackers(_):
    import multiprocess.resource_tracker as ours

    stdlib = sys.modules.get("multiprocessing.resource_tracker")
    return {
        "multiprocess": ours._resource_tracker._fd is not None,
        "multiprocessing": stdlib is not None and stdlib._resource_tracker._fd is not None,
    }


if __name__ == "__main__":
    with multiprocess.get_context(sys.argv[1]).Pool(2) as pool:
        squares = pool.map(lambda x: x * x, range(16))
        tracker = pool.apply(trackers, (0,))
    print(json.dumps({"squares": squares, "tracker": tracker}))

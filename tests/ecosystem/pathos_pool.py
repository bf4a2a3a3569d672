"""pathos's ProcessPool on a multiprocess context (argv[1] the start
method), mapping a lambda. Prints the results as JSON."""
import json
import os
import sys

import multiprocess
from pathos.pools import ProcessPool

if __name__ == "__main__":
    pool = ProcessPool(nodes=2, context=multiprocess.get_context(sys.argv[1]))
    parent = os.getpid()
    out = pool.map(lambda x, parent=parent: (x * x, os.getpid() != parent), range(16))
    pool.close()
    pool.join()
    pool.clear()
    print(json.dumps({"squares": [s for s, _ in out], "in_workers": all(w for _, w in out)}))

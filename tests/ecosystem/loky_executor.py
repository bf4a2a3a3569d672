"""loky's reusable executor with the context in argv[1] ("loky",
"loky_init_main", "spawn", "forkserver"), mapping a lambda (cloudpickle).
Prints the results as JSON."""
import json
import os
import sys

from loky import get_reusable_executor

if __name__ == "__main__":
    executor = get_reusable_executor(max_workers=2, context=sys.argv[1])
    parent = os.getpid()
    out = list(executor.map(lambda x: (x * x, os.getpid() != parent), range(16)))
    executor.shutdown(wait=True)
    print(json.dumps({"squares": [s for s, _ in out], "in_workers": all(w for _, w in out)}))

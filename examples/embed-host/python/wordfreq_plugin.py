"""wordfreq's analysis plugin: counts words in files with a process pool.

The functions a worker runs live in this module (not in `__main__`, which an
embedded interpreter does not have as a file), so spawn and forkserver
workers import it from the parent's sys.path.
"""

import collections
import multiprocessing
import os
import re

WORD = re.compile(r"[a-z']+")


def count_file(path):
    """Runs in a worker: the word counts of one file, and who counted."""
    with open(path, encoding="utf-8") as f:
        counts = collections.Counter(WORD.findall(f.read().lower()))
    return counts, os.getpid()


def most_common(paths, workers, top):
    """The `top` most common words over `paths`, counted by `workers` processes."""
    total = collections.Counter()
    pids = set()
    with multiprocessing.Pool(workers) as pool:
        for counts, pid in pool.imap_unordered(count_file, paths):
            total.update(counts)
            pids.add(pid)
    assert os.getpid() not in pids
    return total.most_common(top), multiprocessing.get_start_method(), len(pids)

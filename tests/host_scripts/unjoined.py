"""Starts a non-daemon Process and returns without joining it: the
interpreter's exit (finalisation) must wait for it.

Usage: unjoined.py METHOD MARKER
"""
import multiprocessing as mp
import sys
import time


def late(marker):
    time.sleep(1)
    with open(marker, "w") as f:
        f.write("done")


if __name__ == "__main__":
    mp.get_context(sys.argv[1]).Process(target=late, args=(sys.argv[2],)).start()
    print("main returns", flush=True)

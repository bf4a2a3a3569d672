"""A pool of two spawn workers, after the parent's interpreter options are
changed the way a program can change them (argv[1]):

  none       nothing changed (the options come from the environment)
  utf8=7     sys._xoptions['utf8'] = '7': CPython writes `-X utf8=7`, at
             which a child interpreter stops with a fatal error
  bare-W     sys.warnoptions gets '': CPython writes a bare `-W`

Prints the squares, or the error the pool raised.
"""
import multiprocessing as mp
import sys


def square(x):
    return x * x


if __name__ == "__main__":
    how = sys.argv[1]
    if how == "utf8=7":
        sys._xoptions["utf8"] = "7"
    elif how == "bare-W":
        sys.warnoptions.append("")
    try:
        with mp.get_context("spawn").Pool(2) as pool:
            print(pool.map(square, range(8)))
    except Exception as e:  # the reason, in one line
        print("pool failed: %s: %s" % (type(e).__name__, e))
        sys.exit(3)

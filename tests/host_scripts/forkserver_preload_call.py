"""CPython 3.15's set_forkserver_preload(..., on_error=ON_ERROR) with a
module that does not exist, then a forkserver Pool(2).

The fork server preloads __main__ first (this file, as __mp_main__), so the
filter below also shows its ImportWarning for on_error='warn' (ImportWarning
is ignored by default)."""
import sys
import warnings

warnings.simplefilter("always", ImportWarning)

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.set_start_method("forkserver")
    multiprocessing.set_forkserver_preload(
        ["__main__", "mpconfig_no_such_module"], on_error=sys.argv[1]
    )
    with multiprocessing.Pool(2) as pool:
        print(pool.map(abs, [-1, -2, -3]))

# forkserver_preload_on_error end to end: a fork server told to preload a
# module that does not exist starts one child. Prints what the program sees.
# Under plain python (argv[1] = the on_error value) the script makes the same
# calls the host's bootstrap makes from its config.
import multiprocessing
import sys


def child():
    pass


def main():
    if len(sys.argv) > 1:
        multiprocessing.set_start_method("forkserver")
        kwargs = {"on_error": sys.argv[1]} if sys.version_info >= (3, 15) else {}
        multiprocessing.set_forkserver_preload(["json", "mpconfig_missing_preload"], **kwargs)
    print("method", multiprocessing.get_start_method())
    p = multiprocessing.Process(target=child)
    try:
        p.start()
    except Exception as e:  # noqa: BLE001 - what the program sees is the point
        print("start failed", type(e).__name__, getattr(e, "__notes__", []))
        return
    p.join()
    print("exitcode", p.exitcode)


if __name__ == "__main__":
    main()

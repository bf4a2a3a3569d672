# --- matrix workload: runs after the bootstrap ---------------------------------
# Under `if __name__ == "__main__"` only: spawn and forkserver children import
# this file as __mp_main__ (and so run the bootstrap again, as a host would).
if __name__ == "__main__":
    _MATRIX_AFTER = "multiprocessing" in _matrix_sys.modules
    _MATRIX_FINDERS_AFTER = sum(
        1 for f in _matrix_sys.meta_path if getattr(f, "mpconfig_bootstrap", False)
    )
    # The modules the config hooks that have not run yet: the finder stays
    # exactly as long as one is left.
    _MATRIX_PENDING_AFTER = [n for n in _MATRIX["hooked"] if n not in _matrix_sys.modules]
    _MATRIX_FROZEN = getattr(_matrix_sys, "frozen", None)


def square(x):
    return x * x


def worker_facts(_):
    """Which mechanism started this worker, seen from inside it."""
    import multiprocessing
    import os
    import sys

    return {
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "main": sys.modules["__main__"].__name__,
        "method": multiprocessing.get_start_method(),
        "exe": os.fsencode(sys.executable).hex(),
    }


def pool_facts(facts, key, ctx=None):
    import multiprocessing

    ctx = ctx or multiprocessing
    with ctx.Pool(2) as pool:
        facts[key] = pool.map(square, range(20))
        facts[key + "_workers"] = pool.map(worker_facts, range(6), chunksize=1)


def ppe_facts(facts, key, mp_context=None):
    from concurrent.futures import ProcessPoolExecutor

    kwargs = {"mp_context": mp_context} if mp_context is not None else {}
    with ProcessPoolExecutor(2, **kwargs) as ex:
        facts[key] = list(ex.map(square, range(20)))
        facts[key + "_workers"] = list(ex.map(worker_facts, range(6)))


def imported_facts(facts):
    import multiprocessing
    import os
    import sys

    facts["finders_after_import"] = sum(
        1 for f in sys.meta_path if getattr(f, "mpconfig_bootstrap", False)
    )
    facts["pending_after_import"] = [n for n in _MATRIX["hooked"] if n not in sys.modules]
    # What python itself never imports for these forms: the bootstrap must not
    # either, unless it applies eagerly (startup) an executable spawn needs.
    facts["spawn_after_import"] = "multiprocessing.spawn" in sys.modules
    facts["subprocess_after_import"] = "subprocess" in sys.modules
    facts["loaders"] = [
        type(multiprocessing.__loader__).__name__,
        type(multiprocessing.__spec__.loader).__name__,
    ]
    facts["allow_none"] = multiprocessing.get_start_method(allow_none=True)
    facts["default"] = multiprocessing.context._default_context._default_context._name


def exe_facts(facts):
    import multiprocessing.spawn
    import os
    import sys

    exe = multiprocessing.spawn.get_executable()
    facts["exe"] = os.fsencode(exe).hex()
    facts["sys_executable"] = os.fsencode(sys.executable).hex()
    facts["exe_samefile"] = os.path.samefile(exe, sys.executable)


def workload():
    import json
    import os

    facts = {
        "pid": os.getpid(),
        "mp_before_boot": _MATRIX_BEFORE,
        "mp_after_boot": _MATRIX_AFTER,
        "finders_after_boot": _MATRIX_FINDERS_AFTER,
        "pending_after_boot": _MATRIX_PENDING_AFTER,
        "frozen": _MATRIX_FROZEN,
    }
    form = _MATRIX["form"]
    if form == "import":
        import multiprocessing  # noqa: F401
    elif form == "from":
        from multiprocessing import Pool  # noqa: F401
    elif form == "pool":
        import multiprocessing.pool  # noqa: F401
    elif form == "cf":
        from concurrent.futures import ProcessPoolExecutor  # noqa: F401
    elif form != "already":
        raise ValueError(form)
    import multiprocessing

    imported_facts(facts)
    facts["method"] = multiprocessing.get_start_method()
    exe_facts(facts)
    if facts["method"] == "forkserver":
        import multiprocessing.forkserver as fs

        facts["preload"] = fs._forkserver._preload_modules
        facts["preload_on_error"] = getattr(fs._forkserver, "_preload_on_error", None)
    pool_facts(facts, "pool")
    ppe_facts(facts, "ppe")
    print("MATRIX-FACTS " + json.dumps(facts))


def once():
    """A program that follows the Python docs: one set_start_method, no force."""
    import json
    import os
    import multiprocessing as mp

    facts = {
        "pid": os.getpid(),
        "finders_after_boot": _MATRIX_FINDERS_AFTER,
        "pending_after_boot": _MATRIX_PENDING_AFTER,
    }
    imported_facts(facts)
    facts["default_before_call"] = facts["default"]
    try:
        mp.set_start_method("spawn")
        facts["own_call"] = "ok"
    except Exception as e:  # noqa: BLE001
        facts["own_call"] = repr(e)
    facts["method"] = mp.get_start_method()
    try:
        mp.set_start_method("fork")
        facts["second_call"] = "no error"
    except RuntimeError as e:
        facts["second_call"] = str(e)
    facts["get_context_forkserver"] = mp.get_context("forkserver").get_start_method()
    pool_facts(facts, "pool")
    ppe_facts(facts, "ppe")
    ppe_facts(facts, "ppe_fork", mp_context=mp.get_context("fork"))
    pool_facts(facts, "pool_forkserver", ctx=mp.get_context("forkserver"))
    exe_facts(facts)
    print("MATRIX-FACTS " + json.dumps(facts))


if __name__ == "__main__":
    {"workload": workload, "once": once}[_MATRIX["program"]]()

# Bootstrap behaviours that need no worker processes, many per interpreter:
# every import form, running twice, already imported, errors, escaping.
# MPCONFIG_MISC: {"boots": {name: file}, "hostile_exe": hex, "hostile_preload": [...]}
# Prints one line: MISC-RESULT {"passed": [...], "failures": [...]}
import json
import os
import sys
import traceback

# The bootstrap also hooks _posixsubprocess (children are marked for
# provenance); imported up front, its hook runs at once and the finder waits
# for multiprocessing alone, which is what most cases below look at.
if sys.platform != "win32":
    import _posixsubprocess  # noqa: F401

M = json.loads(os.environ["MPCONFIG_MISC"])
passed = []
failures = []


def check(name, cond, detail=""):
    if cond:
        passed.append(name)
    else:
        failures.append("%s: %s" % (name, detail))


def boot(name):
    namespace = {"__name__": "__mpconfig_boot__"}
    with open(M["boots"][name], encoding="ascii") as f:
        source = f.read()
    exec(compile(source, M["boots"][name], "exec"), namespace)
    extra = set(namespace) - {"__name__", "__builtins__"}
    check("no names left by " + name, not extra, repr(extra))


def finders():
    return [f for f in sys.meta_path if getattr(f, "mpconfig_bootstrap", False)]


def purge():
    for name in list(sys.modules):
        if name.split(".")[0] in ("multiprocessing", "concurrent"):
            del sys.modules[name]
    for f in finders():
        sys.meta_path.remove(f)
    if hasattr(sys, "frozen"):
        del sys.frozen


def default_name():
    import multiprocessing

    return multiprocessing.context._default_context._default_context._name


def state():
    mp = sys.modules.get("multiprocessing")
    return {
        "imported": mp is not None,
        "finders": len(finders()),
        "frozen": getattr(sys, "frozen", None),
    }


def case(fn):
    purge()
    try:
        fn()
    except Exception:
        failures.append("%s raised:\n%s" % (fn.__name__, traceback.format_exc()))
    return fn


@case
def windows_errors():
    for name, method in (("fork_on_import", "fork"), ("forkserver_startup", "forkserver")):
        real = sys.platform
        sys.platform = "win32"
        try:
            boot(name)
            error = None
        except ValueError as e:
            error = str(e)
        finally:
            sys.platform = real
        check(
            "ValueError for %s on Windows" % method,
            error is not None and ("'%s'" % method) in error and "Windows" in error,
            repr(error),
        )
        check("nothing done before the error (%s)" % method,
              state() == {"imported": False, "finders": 0, "frozen": None}, repr(state()))


FORMS = {
    "import": "import multiprocessing",
    "from": "from multiprocessing import Pool",
    "pool": "import multiprocessing.pool",
    "cf": "from concurrent.futures import ProcessPoolExecutor",
    "cf-attr": "import concurrent.futures; concurrent.futures.ProcessPoolExecutor",
    "dummy": "import multiprocessing.dummy",
    "managers": "from multiprocessing.managers import BaseManager",
    "connection": "import multiprocessing.connection",
    "importlib": "import importlib; importlib.import_module('multiprocessing.queues')",
    "dunder": "__import__('multiprocessing.synchronize')",
    "find_spec-first": "import importlib.util; importlib.util.find_spec('multiprocessing'); "
    "import multiprocessing",
}


@case
def import_forms():
    for form, statement in FORMS.items():
        purge()
        boot("spawn_on_import_python")
        check("lazy before %s" % form, state() == {"imported": False, "finders": 1, "frozen": None},
              repr(state()))
        exec(statement, {})
        import multiprocessing
        import multiprocessing.spawn

        check("applied by %s" % form, default_name() == "spawn", default_name())
        check("not fixed after %s" % form, multiprocessing.get_start_method(allow_none=True) is None,
              multiprocessing.get_start_method(allow_none=True))
        check("finder gone after %s" % form, not finders(), repr(sys.meta_path))
        check("loader restored after %s" % form,
              "Mpconfig" not in type(multiprocessing.__loader__).__name__
              and multiprocessing.__spec__.loader is multiprocessing.__loader__,
              repr(multiprocessing.__loader__))
        check("python executable after %s" % form,
              os.path.samefile(multiprocessing.spawn.get_executable(), sys.executable),
              repr(multiprocessing.spawn.get_executable()))


@case
def twice_last_wins():
    boot("spawn_on_import_python")
    boot("forkserver_on_import")
    check("one finder after two runs", len(finders()) == 1, repr(sys.meta_path))
    import multiprocessing

    check("last run wins", default_name() == "forkserver", default_name())
    check("no finder left", not finders(), repr(sys.meta_path))


@case
def on_import_then_startup():
    boot("fork_on_import_frozen")
    check("frozen set at once", getattr(sys, "frozen", None) is True, repr(state()))
    boot("spawn_startup")
    check("startup imports", "multiprocessing" in sys.modules)
    check("startup applies, stale finder dropped", default_name() == "spawn" and not finders(),
          "%s %r" % (default_name(), sys.meta_path))


@case
def startup_twice():
    boot("spawn_startup")
    boot("spawn_startup")
    import multiprocessing

    check("startup twice", default_name() == "spawn"
          and multiprocessing.get_start_method(allow_none=True) is None, default_name())


@case
def other_families_pending():
    # Every family on (the default): multiprocessing gets its settings when
    # it is imported, and the finder stays for multiprocess and billiard,
    # which this program never imports.
    boot("all_families")
    import multiprocessing

    check("multiprocessing applied, other families pending",
          default_name() == "spawn" and len(finders()) == 1,
          "%s %r" % (default_name(), sys.meta_path))
    pending = [n for n in ("multiprocess", "billiard") if n in sys.modules]
    check("no other family imported by the bootstrap", not pending, repr(pending))


@case
def already_imported():
    import multiprocessing

    boot("spawn_on_import_python")
    check("applied at once", default_name() == "spawn", default_name())
    check("finder waits for spawn (the executable)", len(finders()) == 1, repr(sys.meta_path))
    import multiprocessing.spawn

    check("executable applied by spawn's import",
          os.path.samefile(multiprocessing.spawn.get_executable(), sys.executable)
          and not finders(), repr(sys.meta_path))


@case
def already_imported_with_spawn():
    import multiprocessing
    import multiprocessing.spawn  # noqa: F401

    boot("spawn_on_import_python")
    check("all applied at once", default_name() == "spawn" and not finders(), default_name())


@case
def program_choice_stands():
    import multiprocessing

    multiprocessing.set_start_method("fork")
    boot("spawn_on_import_python")
    check("program's fixed method stands", multiprocessing.get_start_method() == "fork",
          multiprocessing.get_start_method())


@case
def hostile_strings():
    boot("hostile")
    import multiprocessing
    import multiprocessing.forkserver
    import multiprocessing.spawn

    check("hostile executable",
          os.fsencode(multiprocessing.spawn.get_executable()) == bytes.fromhex(M["hostile_exe"]),
          repr(multiprocessing.spawn.get_executable()))
    check("hostile preload",
          multiprocessing.forkserver._forkserver._preload_modules == M["hostile_preload"],
          repr(multiprocessing.forkserver._forkserver._preload_modules))


@case
def empty_executable_as_python():
    # gh-90876: python imports multiprocessing with an empty (or None)
    # sys.executable, and fails only when a spawn child starts; so does a
    # bootstrapped program with executable = "host" (spawn itself fails to
    # import with None on some versions, under python too: not imported here).
    real = sys.executable
    for empty in ("", None):
        purge()
        boot("host_on_import")
        sys.executable = empty
        try:
            import multiprocessing  # noqa: F401

            error = None
        except Exception as e:  # noqa: BLE001 - any error is the finding
            error = repr(e)
        finally:
            sys.executable = real
        check("host with sys.executable %r imports multiprocessing" % (empty,),
              error is None and default_name() == "fork", repr(error))
        check("nothing left pending (%r)" % (empty,), not finders(), repr(sys.meta_path))


@case
def posixsubprocess_hooked_on_import():
    if sys.platform == "win32":
        return
    saved = sys.modules.pop("_posixsubprocess")
    try:
        boot("host_on_import")
        import multiprocessing  # noqa: F401

        check("finder waits for _posixsubprocess", len(finders()) == 1, repr(sys.meta_path))
        import _posixsubprocess

        check("fork_exec marks children",
              getattr(_posixsubprocess.fork_exec, "mpconfig_marks", False),
              repr(_posixsubprocess.fork_exec))
        check("finder gone once every hook ran", not finders(), repr(sys.meta_path))
    finally:
        sys.modules["_posixsubprocess"] = saved


purge()
print("MISC-RESULT " + json.dumps({"passed": passed, "failures": failures}))

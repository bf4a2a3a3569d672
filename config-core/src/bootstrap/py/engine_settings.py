
# The settings, given as data (the engine's parameters). A rendered
# bootstrap writes the same for one config as code: the method, sys.frozen,
# apply_executable, apply_preload and apply below behave exactly as the
# rendered ones (tests/bootstrap_engine.rs compares them on every CPython).
if start_method == 'auto':
    method = 'spawn' if sys.platform == 'win32' else 'fork'
else:
    method = start_method
if method in ('fork', 'forkserver') and sys.platform == 'win32':
    raise ValueError(
        "mpconfig: start method '%s' does not exist on Windows "
        "(sys.platform == 'win32'); use 'spawn' or 'auto'" % method
    )
if sys_frozen:
    sys.frozen = True

def find_python():
    # executable = "python": the part find_python, loaded when needed.
    scope = {'sys': sys}
    exec(load('find_python'), scope)
    return scope['find_python']()

def apply_executable(spawn):
    # executable_kind 'host': children run this program (sys.executable);
    # 'python': a real interpreter; 'path': the file `executable` names.
    if executable_kind == 'host':
        if sys.executable:
            spawn.set_executable(sys.executable)
    elif executable_kind == 'python':
        spawn.set_executable(find_python())
    else:
        spawn.set_executable(executable)

def apply_preload(forkserver):
    if forkserver_preload_on_error == 'ignore':
        forkserver.set_forkserver_preload(list(forkserver_preload))
        return
    # Passed where set_forkserver_preload takes it (CPython 3.15+).
    code = getattr(forkserver.set_forkserver_preload, '__code__', None)
    takes = 'on_error' in getattr(code, 'co_varnames', ())
    forkserver.set_forkserver_preload(
        list(forkserver_preload),
        **({'on_error': forkserver_preload_on_error} if takes else {})
    )

def apply(mp):
    if method != 'none':
        mp.context._default_context._default_context = mp.get_context(method)

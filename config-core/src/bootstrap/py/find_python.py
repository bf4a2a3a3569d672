
# executable = "python": in a virtual environment its own python (what
# python runs children with there); else sys._base_executable when it names
# another file than sys.executable, else the interpreter next to the
# standard library.
def find_python():
    import os
    if sys.platform == 'win32':
        names = ['python.exe']
    else:
        v = sys.version_info
        names = ['python%d.%d%s' % (v[0], v[1], getattr(sys, 'abiflags', '')),
                 'python%d.%d' % (v[0], v[1]), 'python%d' % v[0], 'python']

    def first_in(dirs):
        for d in dirs:
            for name in names:
                exe = os.path.join(d, name)
                if os.path.isfile(exe) and os.access(exe, os.X_OK):
                    return exe
        return None

    if sys.prefix != sys.base_prefix:
        exe = first_in([os.path.join(sys.prefix, 'Scripts' if sys.platform == 'win32' else 'bin')])
        if exe:
            return exe
    base = getattr(sys, '_base_executable', None)
    if base and base != sys.executable and os.path.isfile(base):
        return base
    stdlib = getattr(sys, '_stdlib_dir', None)
    if not stdlib and getattr(os, '__file__', None):
        stdlib = os.path.dirname(os.__file__)
    if sys.platform == 'win32':
        dirs = [os.path.dirname(stdlib)] if stdlib else []
        dirs.append(sys.base_exec_prefix)
    else:
        dirs = [os.path.join(os.path.dirname(os.path.dirname(stdlib)), 'bin')] if stdlib else []
        dirs.append(os.path.join(sys.base_exec_prefix, 'bin'))
    exe = first_in(dirs)
    if exe:
        return exe
    raise FileNotFoundError(
        'mpconfig: executable = "python": no Python interpreter found '
        'next to the standard library (looked in %r)' % (dirs,)
    )


# Provenance: each start of the host binary this process makes carries
# MPCONFIG_CHILD, a digest of the command line it execs and the library
# that exec'd it; the host answers a child command line only when the digest
# is its own (mpconfig_shim::provenance), so nothing a command line names
# runs unless this parent meant it. Every POSIX child of multiprocessing,
# subprocess, multiprocess, billiard and loky is exec'd through
# _posixsubprocess.fork_exec, which this wraps. In the host, a child it would
# refuse is refused here, before it is started: a pool then fails at once
# with the reason instead of starting refused workers again and again.
# (family_packages: every family's package, the mark names the innermost
# caller's; settings_packages: those with multiprocessing's set_executable;
# spawn_flags: what a frozen spawn worker's command line starts with, which
# only a dispatching host answers: refused here when a Python would get it.)
def marking(fork_exec):
    # _posixsubprocess.fork_exec, wrapped: the wrapper marks and checks.
    import os

    def real(exe):
        try:
            return os.path.realpath(os.fsdecode(exe)) if exe else None
        except (TypeError, ValueError):
            return None

    def executes(executables):
        # What the child runs: this program (sys.executable), or another
        # program a library was told to run (set_executable): both marked;
        # only a start of this program is checked by the host first.
        this = real(sys.executable)
        others = set()
        for package in settings_packages:
            spawn = sys.modules.get(package + '.spawn')
            if spawn is not None and hasattr(spawn, 'get_executable'):
                others.add(real(spawn.get_executable()))
        found = [real(e) for e in executables]
        if this is not None and this in found:
            return 'this'
        if others.intersection(found) - {None}:
            return 'other'
        return None

    def package_of_caller():
        frame = sys._getframe(2)
        while frame is not None:
            name = frame.f_globals.get('__name__') or ''
            for package in family_packages:
                if name == package or name.startswith(package + '.'):
                    return package
            frame = frame.f_back
        return '-'

    def digest(argv):
        # In the host, its own digest: hashlib would load OpenSSL's libcrypto
        # (a megabyte) into every process that starts a child.
        try:
            from _mpconfig_host import child_digest
        except ImportError:
            child_digest = None
        if child_digest is not None:
            return child_digest(argv)
        import hashlib
        h = hashlib.sha256()
        for arg in argv[1:]:
            b = os.fsencode(arg)
            h.update(len(b).to_bytes(8, 'little'))
            h.update(b)
        return h.hexdigest()

    def marked_fork_exec(*args, **kwargs):
        runs = executes(args[1]) if len(args) > 5 and args[1] else None
        if runs is not None:
            argv = [os.fsencode(a) for a in args[0]]
            package = package_of_caller()
            if runs == 'other' and len(argv) > 1 and os.fsdecode(argv[1]) in spawn_flags:
                target = os.path.basename(real(args[1][0]) or '')
                if target.startswith('python'):
                    raise RuntimeError(
                        'mpconfig: refusing to start a sys.frozen spawn worker (%s ...) with %s: '
                        'a Python interpreter rejects that command line, and the pool would start '
                        'it again and again; set sys_frozen = false or executable = "host" in the '
                        'config (rule MP014)' % (os.fsdecode(argv[1]), os.fsdecode(args[1][0])))
            if runs == 'this':
                try:
                    from _mpconfig_host import check_child
                except ImportError:
                    check_child = None
                refusal = check_child(argv, package) if check_child is not None else None
                if refusal:
                    raise RuntimeError(refusal)
            env = args[5]
            given = env is not None
            if env is None:
                env = [k + b'=' + v for k, v in os.environb.items()]
            env = [e for e in map(os.fsencode, env) if not e.startswith(b'MPCONFIG_CHILD=')]
            if runs == 'this' and given:
                # An environment of the program's making: what the host
                # says every start of it must carry (its settings, when a
                # start of it runs python's command line) goes in too.
                try:
                    from _mpconfig_host import carried_env
                except ImportError:
                    carried_env = None
                if carried_env is not None:
                    names = {e.split(b'=', 1)[0] for e in env}
                    env.extend(e for e in carried_env() if e.split(b'=', 1)[0] not in names)
            env.append(b'MPCONFIG_CHILD=v1 ' + digest(argv).encode() + b' '
                       + package.encode())
            args = args[:5] + (env,) + args[6:]
        return fork_exec(*args, **kwargs)

    return marked_fork_exec

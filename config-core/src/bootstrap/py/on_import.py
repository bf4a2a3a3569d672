
# On import: each hook runs right after its module first runs,
# however it is reached (at once for a module already imported). A finder at
# the front of sys.meta_path gets a hooked module's spec from the finders
# after it, wraps its loader to run the hook after the module, and removes
# itself once no hook is pending (the on-import protocol).
pending = {}
for name, hook in hooks.items():
    module = sys.modules.get(name)
    if module is not None:
        hook(module)
    else:
        pending[name] = hook
if not pending:
    return

class MpconfigLoader:
    def __init__(self, finder, loader, name):
        self.finder, self.loader, self.name = finder, loader, name

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__spec__.loader = module.__loader__ = self.loader
        self.loader.exec_module(module)
        hook = pending.pop(self.name, None)
        if hook is not None:
            try:
                hook(module)
            except BaseException:
                pending[self.name] = hook
                raise
        if not pending and self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)

class MpconfigFinder:
    mpconfig_bootstrap = True

    def find_spec(self, name, path=None, target=None):
        if name not in pending or self not in sys.meta_path:
            return None
        for finder in sys.meta_path[sys.meta_path.index(self) + 1:]:
            find_spec = getattr(finder, 'find_spec', None)
            spec = find_spec(name, path, target) if find_spec else None
            if spec is not None:
                if hasattr(spec.loader, 'exec_module'):
                    spec.loader = MpconfigLoader(self, spec.loader, name)
                return spec
        return None

sys.meta_path.insert(0, MpconfigFinder())


# apply = "on-import": apply now if multiprocessing is already imported...
mp = sys.modules.get('multiprocessing')
if mp is not None:
    apply(mp)
    return

# ...else right after the package first runs, however it is reached: a
# finder at the front of sys.meta_path gets the package's spec from the
# finders after it, stands in as its loader, applies the settings once the
# package has run, and removes itself.
class MpconfigFinder:
    mpconfig_bootstrap = True

    def find_spec(self, name, path=None, target=None):
        if name != 'multiprocessing' or self not in sys.meta_path:
            return None
        for finder in sys.meta_path[sys.meta_path.index(self) + 1:]:
            find_spec = getattr(finder, 'find_spec', None)
            spec = find_spec(name, path, target) if find_spec else None
            if spec is not None:
                if hasattr(spec.loader, 'exec_module'):
                    self.loader, spec.loader = spec.loader, self
                return spec
        return None

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__spec__.loader = module.__loader__ = self.loader
        self.loader.exec_module(module)
        apply(module)
        if self in sys.meta_path:
            sys.meta_path.remove(self)

sys.meta_path.insert(0, MpconfigFinder())

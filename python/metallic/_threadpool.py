"""metallic's CPU thread pool as threadpoolctl sees it: `threadpool_info()` lists it (user
API "metallic") beside the BLAS, and `threadpool_limits(n)` (or `user_api="metallic"`)
limits it, up to the pool's size (METALLIC_NUM_THREADS, else the hardware's threads).
Registered when threadpoolctl is imported, before or after metallic, without importing it."""

import importlib.abc
import importlib.util
import sys

from . import _core


def _register(threadpoolctl):
    class MetallicController(threadpoolctl.LibController):
        user_api = "metallic"
        internal_api = "metallic"
        filename_prefixes = ("_core.",)

        def get_num_threads(self):
            return _core.cpu_threads()

        def set_num_threads(self, num_threads):
            _core.set_cpu_threads(int(num_threads))

        def get_version(self):
            from . import __version__
            return __version__

        def set_additional_attributes(self):
            self.max_threads = _core.cpu_max_threads()

    threadpoolctl.register(MetallicController)


class _Finder(importlib.abc.MetaPathFinder):
    """Registers the controller once threadpoolctl has been imported."""

    def find_spec(self, name, path=None, target=None):
        if name != "threadpoolctl":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module):
            run(module)
            _register(module)
        loader.exec_module = exec_module
        return spec


def install():
    if "threadpoolctl" in sys.modules:
        _register(sys.modules["threadpoolctl"])
    else:
        sys.meta_path.insert(0, _Finder())

# --- matrix prelude: runs before the bootstrap --------------------------------
import json as _matrix_json
import os as _matrix_os
import sys as _matrix_sys

if __name__ == "__main__":
    _MATRIX = _matrix_json.loads(_matrix_os.environ["MPCONFIG_MATRIX"])
    _MATRIX_BEFORE = "multiprocessing" in _matrix_sys.modules
    if _MATRIX.get("form") == "already":
        import multiprocessing  # noqa: F401  (imported before the bootstrap runs)

# --- bootstrap -----------------------------------------------------------------

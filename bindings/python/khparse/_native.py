"""Loading libkhparse and declaring every C function's prototype (ctypes).

Search order for the shared library:
  1. $KHPARSE_LIB (a path to libkhparse.so)
  2. next to this package (a copy placed there by setup.py at install time)
  3. a CMake build tree of the source checkout this package sits in (build*/src/)
  4. ctypes.util.find_library("khparse") (an installed library)
"""
import ctypes
import ctypes.util
import glob
import os
import threading

from ctypes import (POINTER, c_char_p, c_int, c_longlong, c_size_t, c_void_p)

_lib = None
_lib_lock = threading.Lock()


class LibraryNotFound(OSError):
    pass


def _candidates():
    env = os.environ.get("KHPARSE_LIB")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for pat in ("libkhparse.so", "libkhparse.so.*", "libkhparse.dylib", "khparse.dll"):
        for p in sorted(glob.glob(os.path.join(here, pat))):
            yield p
    # Source checkout: bindings/python/khparse -> repository root (has include/khparse.h).
    root = here
    for _ in range(4):
        root = os.path.dirname(root)
        if os.path.exists(os.path.join(root, "include", "khparse.h")):
            found = glob.glob(os.path.join(root, "build*", "src", "libkhparse.so"))
            found.sort(key=os.path.getmtime, reverse=True)  # the freshest build
            for p in found:
                yield p
            break
    name = ctypes.util.find_library("khparse")
    if name:
        yield name


def _declare(lib):
    vp, pvp = c_void_p, POINTER(c_void_p)
    protos = {
        "kh_version": (c_char_p, []),
        "kh_version_number": (c_int, []),
        "kh_strerror": (c_char_p, [c_int]),
        "kh_free": (None, [c_void_p]),
        "kh_set_allocator": (None, [c_void_p]),
        "kh_options_new": (c_int, [pvp]),
        "kh_options_free": (None, [vp]),
        "kh_options_set": (c_int, [vp, c_int, c_longlong]),
        "kh_options_set_str": (c_int, [vp, c_int, c_char_p]),
        "kh_parser_new": (c_int, [pvp, vp]),
        "kh_parser_free": (None, [vp]),
        "kh_parser_errmsg": (c_char_p, [vp]),
        "kh_parse_buffer": (c_int, [vp, c_char_p, c_size_t, c_char_p, pvp]),
        "kh_parse_file": (c_int, [vp, c_char_p, pvp]),
        "kh_result_json": (c_char_p, [vp, c_int]),
        "kh_result_document": (c_char_p, [vp, c_char_p]),
        "kh_result_reference_count": (c_size_t, [vp]),
        "kh_result_reference": (c_char_p, [vp, c_size_t, c_char_p]),
        "kh_result_task_count": (c_size_t, [vp]),
        "kh_result_task": (c_char_p, [vp, c_size_t, c_char_p]),
        "kh_result_task_line": (c_int, [vp, c_size_t]),
        "kh_result_task_unit_count": (c_size_t, [vp, c_size_t, c_int]),
        "kh_result_task_unit": (c_char_p, [vp, c_size_t, c_int, c_size_t, POINTER(c_int), POINTER(c_int)]),
        "kh_result_diagnostic_count": (c_size_t, [vp]),
        "kh_result_diagnostic": (c_char_p, [vp, c_size_t, c_char_p]),
        "kh_result_diagnostic_line": (c_int, [vp, c_size_t]),
        "kh_result_has_errors": (c_int, [vp]),
        "kh_result_free": (None, [vp]),
        # char **out_text: taken as a raw pointer, copied, then kh_free'd.
        "kh_restore": (c_int, [vp, c_char_p, c_size_t, pvp, POINTER(c_size_t)]),
        "kh_ocr": (c_int, [vp, c_char_p, c_size_t, c_int, pvp, POINTER(c_size_t)]),
        "kh_has_feature": (c_int, [c_char_p]),
    }
    for name, (restype, argtypes) in protos.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def lib():
    """The loaded library (loaded once per process)."""
    global _lib
    if _lib is not None:
        return _lib
    with _lib_lock:
        if _lib is None:
            errors = []
            for path in _candidates():
                try:
                    _lib = _declare(ctypes.CDLL(path))
                    _lib._khparse_path = path
                    break
                except (OSError, AttributeError) as e:
                    errors.append("%s: %s" % (path, e))
            if _lib is None:
                raise LibraryNotFound(
                    "libkhparse not found; set KHPARSE_LIB=/path/to/libkhparse.so"
                    + ("" if not errors else " (tried: " + "; ".join(errors) + ")"))
    return _lib


def library_path():
    return lib()._khparse_path

"""khparse — Python bindings (ctypes) for libkhparse.

    import khparse
    doc = khparse.parse_file("plan.txt")          # dict per the output contract
    print(doc["document"]["number"], len(doc["tasks"]))

    with khparse.Parser(restore="strip") as p:     # reuse one parser for many files
        with p.parse(open("a.txt", "rb").read(), name="a.txt") as r:
            print(r.json(pretty=True))

Errors raise khparse.KhparseError (.code, .name, .message).
Archives: khparse.dask.convert(paths, out_dir, client) (needs dask.distributed).
"""
from ._core import (  # noqa: F401
    JSON_COMPACT, JSON_PRETTY, KhparseError, Parser, Result, has_feature, ocr, parse_bytes,
    parse_file, parse_text, restore, strerror, version,
    OK, ERR_INVALID_ARGUMENT, ERR_NOMEM, ERR_IO, ERR_LIMIT, ERR_FORMAT, ERR_UNSUPPORTED,
    ERR_OCR, ERR_MODEL, ERR_INTERNAL,
)
from ._native import LibraryNotFound, library_path  # noqa: F401

__version__ = "0.1.0"
__all__ = [
    "KhparseError", "LibraryNotFound", "Parser", "Result", "has_feature", "library_path",
    "ocr", "parse_bytes", "parse_file", "parse_text", "restore", "strerror", "version",
]

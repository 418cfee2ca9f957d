"""Parser, Result and the one-call helpers over libkhparse."""
import ctypes
import json
import os
import threading
from ctypes import c_int, c_size_t, c_void_p, byref

from ._native import lib

# Status codes (khparse.h, kh_status).
OK = 0
ERR_INVALID_ARGUMENT = -1
ERR_NOMEM = -2
ERR_IO = -3
ERR_LIMIT = -4
ERR_FORMAT = -5
ERR_UNSUPPORTED = -6
ERR_OCR = -7
ERR_MODEL = -8
ERR_INTERNAL = -9
_CODE_NAMES = {
    0: "KH_OK", -1: "KH_ERR_INVALID_ARGUMENT", -2: "KH_ERR_NOMEM", -3: "KH_ERR_IO",
    -4: "KH_ERR_LIMIT", -5: "KH_ERR_FORMAT", -6: "KH_ERR_UNSUPPORTED", -7: "KH_ERR_OCR",
    -8: "KH_ERR_MODEL", -9: "KH_ERR_INTERNAL",
}

# kh_option / kh_option_str values, by keyword argument name.
_INT_OPTIONS = {
    "extract": 1, "max_input_bytes": 2, "max_line_bytes": 3, "max_depth": 4, "max_pages": 5,
    "max_pixels": 6, "time_budget_ms": 7, "regex_match_limit": 8, "regex_depth_limit": 9,
    "encoding": 10, "restore": 11, "ocr": 12, "ocr_dpi": 13,
}
_STR_OPTIONS = {"tessdata": 100, "ocr_language": 101, "model_path": 102}
_ENUMS = {
    "encoding": ["auto", "utf-8", "utf-16", "tcvn3", "vni", "viqr", "cp1258"],
    "restore": ["auto", "off", "strip", "ocr"],
    "ocr": ["auto", "always", "never"],
}
JSON_COMPACT, JSON_PRETTY = 0, 1
ROLE_LEAD, ROLE_COORDINATE = 0, 1


class KhparseError(Exception):
    """A libkhparse call failed. code: negative kh_status; message: the parser's message.
    result_json: for a parse that failed but still described the failure, its JSON."""

    def __init__(self, code, message="", result_json=None):
        self.code = code
        self.name = _CODE_NAMES.get(code, "KH_ERR_%d" % code)
        self.message = message or strerror(code)
        self.result_json = result_json
        super().__init__("%s (%s)" % (self.message, self.name))


def strerror(code):
    return lib().kh_strerror(code).decode("utf-8", "replace")


def version():
    return lib().kh_version().decode()


def has_feature(name):
    return bool(lib().kh_has_feature(name.encode()))


def _bytes(data):
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("expected str or bytes, got %s" % type(data).__name__)


def _dec(p):
    return None if p is None else p.decode("utf-8", "surrogateescape")


class _Options:
    """A kh_options built from keyword arguments; freed right after kh_parser_new."""

    def __init__(self, **kw):
        L = lib()
        self.ptr = c_void_p()
        rc = L.kh_options_new(byref(self.ptr))
        if rc != OK:
            raise KhparseError(rc)
        try:
            for key, value in kw.items():
                if value is None:
                    continue
                if key in _STR_OPTIONS:
                    rc = L.kh_options_set_str(self.ptr, _STR_OPTIONS[key], os.fsencode(value))
                elif key in _INT_OPTIONS:
                    if isinstance(value, str):
                        try:
                            value = _ENUMS[key].index(value)
                        except (KeyError, ValueError):
                            raise ValueError("bad value %r for option %s" % (value, key)) from None
                    rc = L.kh_options_set(self.ptr, _INT_OPTIONS[key], int(value))
                else:
                    raise TypeError("unknown option %r" % key)
                if rc != OK:
                    raise KhparseError(rc, "bad value %r for option %s" % (value, key))
        except BaseException:
            self.free()
            raise

    def free(self):
        if self.ptr:
            lib().kh_options_free(self.ptr)
            self.ptr = c_void_p()


class _Handle:
    """A library handle freed by the function named in _FREE: close() releases it early,
    `with` releases it at the end of the block, the garbage collector as a last resort."""

    _FREE = None
    _ptr = None

    def close(self):
        if self._ptr:
            getattr(lib(), self._FREE)(self._ptr)
            self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Result(_Handle):
    """A parsed document. Read it as .json() / .to_dict() or with the accessors.
    Owns a kh_result: close() it (or use `with`) to release it early."""

    _FREE = "kh_result_free"

    def __init__(self, ptr):
        self._ptr = ptr

    def _p(self):
        if not self._ptr:
            raise ValueError("result is closed")
        return self._ptr

    def json(self, pretty=False):
        s = lib().kh_result_json(self._p(), JSON_PRETTY if pretty else JSON_COMPACT)
        if s is None:
            raise KhparseError(ERR_NOMEM)
        return s.decode("utf-8", "surrogateescape")  # bytes kept even if a name is not UTF-8

    def to_dict(self):
        return json.loads(self.json())

    def document(self, field):
        return _dec(lib().kh_result_document(self._p(), field.encode()))

    @property
    def has_errors(self):
        return bool(lib().kh_result_has_errors(self._p()))

    def references(self):
        L, p = lib(), self._p()
        fields = ("kind", "kind_label", "number", "date", "issuer", "title")
        return [{f: _dec(L.kh_result_reference(p, i, f.encode())) for f in fields}
                for i in range(L.kh_result_reference_count(p))]

    def tasks(self):
        """Tasks as dicts with the accessor fields, lead/coordinate units and line."""
        L, p = lib(), self._p()
        fields = ("id", "source", "section", "title", "content", "output", "deadline.text",
                  "deadline.kind", "deadline.start", "deadline.end", "deadline.recurrence")
        out = []
        for i in range(L.kh_result_task_count(p)):
            t = {f: _dec(L.kh_result_task(p, i, f.encode())) for f in fields}
            t["line"] = L.kh_result_task_line(p, i)
            for role, key in ((ROLE_LEAD, "lead"), (ROLE_COORDINATE, "coordinate")):
                units = []
                for k in range(L.kh_result_task_unit_count(p, i, role)):
                    g, r = c_int(0), c_int(0)
                    name = _dec(L.kh_result_task_unit(p, i, role, k, byref(g), byref(r)))
                    units.append({"name": name, "group": bool(g.value), "requested": bool(r.value)})
                t[key] = units
            out.append(t)
        return out

    def diagnostics(self):
        L, p = lib(), self._p()
        return [{"code": _dec(L.kh_result_diagnostic(p, i, b"code")),
                 "severity": _dec(L.kh_result_diagnostic(p, i, b"severity")),
                 "message": _dec(L.kh_result_diagnostic(p, i, b"message")),
                 "line": L.kh_result_diagnostic_line(p, i)}
                for i in range(L.kh_result_diagnostic_count(p))]



class Parser(_Handle):
    """A kh_parser. Options as keyword arguments: encoding ("auto", "utf-8", "tcvn3", …),
    restore ("auto", "off", "strip", "ocr"), ocr ("auto", "always", "never"),
    max_input_bytes, time_budget_ms, tessdata, model_path, ocr_language, extract, …

    A parser may be used from several threads: calls are serialised by a lock
    (the library allows one thread at a time per parser). For parallel work use one
    Parser per thread."""

    _FREE = "kh_parser_free"

    def __init__(self, **options):
        opts = _Options(**options)
        try:
            self._ptr = c_void_p()
            rc = lib().kh_parser_new(byref(self._ptr), opts.ptr)
            if rc != OK:
                self._ptr = None
                raise KhparseError(rc)
        finally:
            opts.free()
        self._lock = threading.Lock()

    def _p(self):
        if not self._ptr:
            raise ValueError("parser is closed")
        return self._ptr

    def _errmsg(self):
        return _dec(lib().kh_parser_errmsg(self._p())) or ""

    def parse_raw(self, data, name=None, pretty=False):
        """Low level: (status, json or None, message). Never raises for a failed parse."""
        data = _bytes(data)
        with self._lock:
            out = c_void_p()
            rc = lib().kh_parse_buffer(self._p(), data, len(data),
                                       None if name is None else os.fsencode(name), byref(out))
            msg = self._errmsg() if rc != OK else ""
            js = None
            if out:
                r = Result(out)
                try:
                    js = r.json(pretty)
                finally:
                    r.close()
            return rc, js, msg

    def parse(self, data, name=None):
        """Parse bytes (any supported encoding, image, PDF) or str; returns a Result."""
        data = _bytes(data)
        with self._lock:
            out = c_void_p()
            rc = lib().kh_parse_buffer(self._p(), data, len(data),
                                       None if name is None else os.fsencode(name), byref(out))
            return self._finish(rc, out)

    def parse_file(self, path):
        with self._lock:
            out = c_void_p()
            rc = lib().kh_parse_file(self._p(), os.fsencode(path), byref(out))
            return self._finish(rc, out)

    def _finish(self, rc, out):
        if rc == OK:
            return Result(out)
        msg = self._errmsg()
        js = None
        if out:
            r = Result(out)
            try:
                js = r.json()
            finally:
                r.close()
        raise KhparseError(rc, msg, js)

    def _text(self, fn, *args):
        with self._lock:
            text, n = c_void_p(), c_size_t(0)
            rc = fn(self._p(), *args, byref(text), byref(n))
            try:
                if rc != OK:
                    raise KhparseError(rc, self._errmsg())
                return ctypes.string_at(text, n.value).decode("utf-8", "surrogateescape")
            finally:
                if text:
                    lib().kh_free(text)

    def restore(self, data):
        """Decoded, normalised and repaired UTF-8 text of data (bytes or str)."""
        data = _bytes(data)
        return self._text(lib().kh_restore, data, len(data))

    def ocr(self, data, raw=False):
        """Recognised text of an image or PDF (raw=True: before repair)."""
        data = _bytes(data)
        return self._text(lib().kh_ocr, data, len(data), 1 if raw else 0)



def _one(options, fn):
    with Parser(**options) as p:
        return fn(p)


def _parsed(result, as_json, pretty=False):
    with result:
        return result.json(pretty) if as_json else result.to_dict()


def parse_text(text, name=None, as_json=False, **options):
    """Parse a document given as str (or bytes); returns a dict (or the JSON string)."""
    return _one(options, lambda p: _parsed(p.parse(text, name), as_json))


def parse_bytes(data, name=None, as_json=False, **options):
    return parse_text(data, name, as_json, **options)


def parse_file(path, as_json=False, **options):
    """Parse a file (text, image or PDF); returns a dict (or the JSON string)."""
    return _one(options, lambda p: _parsed(p.parse_file(path), as_json))


def restore(data, **options):
    """Decoded, normalised and repaired text (str) of data (bytes or str)."""
    return _one(options, lambda p: p.restore(data))


def ocr(data, raw=False, **options):
    """Recognised text of an image or PDF given as bytes."""
    return _one(options, lambda p: p.ocr(data, raw))

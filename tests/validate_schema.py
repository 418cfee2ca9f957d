#!/usr/bin/python3
"""Validate JSON documents against a JSON Schema (stdlib only).

Usage: validate_schema.py SCHEMA.json FILE.json [FILE.json ...]
       validate_schema.py SCHEMA.json -          (one JSON document on stdin)

Supports the draft 2020-12 subset that corpus/khparse.schema.json uses: type (a name
or a list of names), enum, const, pattern, required, properties, items, oneOf,
$ref to "#/$defs/…" (or any "#/…" JSON pointer), minimum, minLength. Other keywords
are ignored. Integers are numbers; booleans are not numbers; JSON equality is used
for enum/const (so 1 and true differ).

Exit status: 0 all valid; 1 a document violates the schema (the JSON path of the
first violation is printed); 2 usage error, unreadable file or invalid JSON.
"""
import json
import re
import sys


class Invalid(Exception):
    def __init__(self, path, msg):
        Exception.__init__(self, "%s: %s" % (path or "$", msg))
        self.path = path
        self.msg = msg


def type_ok(value, name):
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        return isinstance(value, float) and value.is_integer()
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    raise Invalid("", "schema uses unknown type %r" % name)


def json_equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return a == b


def describe(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + "..."


def child(path, key):
    if isinstance(key, int):
        return "%s[%d]" % (path or "$", key)
    if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
        return "%s.%s" % (path or "$", key)
    return "%s[%s]" % (path or "$", json.dumps(key, ensure_ascii=False))


class Validator:
    def __init__(self, root):
        self.root = root
        self._re = {}

    def resolve(self, ref):
        if not ref.startswith("#"):
            raise Invalid("", "only local $ref supported: %r" % ref)
        node = self.root
        frag = ref[1:]
        if frag in ("", "/"):
            return node
        for part in frag.lstrip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                raise Invalid("", "unresolvable $ref %r" % ref)
        return node

    def regex(self, pat):
        rx = self._re.get(pat)
        if rx is None:
            rx = self._re[pat] = re.compile(pat)
        return rx

    def check(self, v, s, path):
        if s is True or s == {}:
            return
        if s is False:
            raise Invalid(path, "no value allowed here")
        if "$ref" in s:
            self.check(v, self.resolve(s["$ref"]), path)
        if "type" in s:
            names = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(type_ok(v, n) for n in names):
                raise Invalid(path, "expected type %s, got %s" % ("|".join(names), describe(v)))
        if "const" in s and not json_equal(v, s["const"]):
            raise Invalid(path, "expected const %s, got %s" % (describe(s["const"]), describe(v)))
        if "enum" in s and not any(json_equal(v, e) for e in s["enum"]):
            raise Invalid(path, "%s not in enum %s" % (describe(v), describe(s["enum"])))
        if isinstance(v, str):
            if "pattern" in s and not self.regex(s["pattern"]).search(v):
                raise Invalid(path, "%s does not match pattern %s" % (describe(v), s["pattern"]))
            if "minLength" in s and len(v) < s["minLength"]:
                raise Invalid(path, "string shorter than minLength %d" % s["minLength"])
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in s and v < s["minimum"]:
                raise Invalid(path, "%s is below minimum %s" % (describe(v), s["minimum"]))
        if isinstance(v, dict):
            for k in s.get("required", []):
                if k not in v:
                    raise Invalid(path, "required property %r missing" % k)
            props = s.get("properties", {})
            for k, sub in props.items():
                if k in v:
                    self.check(v[k], sub, child(path, k))
        if isinstance(v, list) and "items" in s:
            for i, item in enumerate(v):
                self.check(item, s["items"], child(path, i))
        if "oneOf" in s:
            ok = []
            errs = []
            for alt in s["oneOf"]:
                try:
                    self.check(v, alt, path)
                    ok.append(alt)
                except Invalid as e:
                    errs.append(e)
            if len(ok) != 1:
                if not ok:
                    deepest = max(errs, key=lambda e: (len(e.path or ""), not e.msg.startswith("expected type")))
                    raise Invalid(deepest.path, "matches no oneOf alternative (%s)" % deepest.msg)
                raise Invalid(path, "matches %d oneOf alternatives, expected exactly 1" % len(ok))


def main(argv):
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr if len(argv) < 2 else sys.stdout)
        return 2 if len(argv) < 2 else 0
    try:
        with open(argv[0], encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print("validate_schema.py: cannot read schema %s: %s" % (argv[0], e), file=sys.stderr)
        return 2
    val = Validator(schema)
    status = 0
    for name in argv[1:]:
        try:
            if name == "-":
                text = sys.stdin.buffer.read().decode("utf-8")
            else:
                with open(name, "rb") as f:
                    text = f.read().decode("utf-8")
            doc = json.loads(text)
        except (OSError, ValueError) as e:
            print("%s: not readable as JSON: %s" % (name, e), file=sys.stderr)
            return 2
        try:
            val.check(doc, schema, "$")
        except Invalid as e:
            print("%s: INVALID at %s" % (name, e))
            status = 1
            continue
        print("%s: valid" % name)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

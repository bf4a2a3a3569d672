#!/usr/bin/env python3
"""Regenerates the committed seed corpora in fuzz/seeds/<target>/.

    python3 fuzz/seeds/make_seeds.py

Sources:
  load_toml, load_json  schema/examples/ and schema/examples/invalid/, plus
                        the hand-written edge cases below (BOM, CRLF, ...).
  classify              config-shim/tests/fixtures/*.json: each distinct
                        command line with no interpreter flags, plus every
                        flag set of one CPython version, as the argv with
                        its arguments separated by NUL bytes (program name
                        first; "bytes_hex" arguments as their raw bytes).
  literal               the literals inside those command lines' -c strings
                        (found with ast), plus hand-written escapes.
  bootstrap             a few byte strings; the target decodes any bytes
                        into a config with `arbitrary`, so coverage comes fast.

Files named regress-* are inputs that once crashed a target (each also
has a regression test next to the code); they are kept.

Seeds are small on purpose; libFuzzer grows its working corpus in
fuzz/corpus/<target>/, which is not committed.
"""

import ast
import glob
import hashlib
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")


def write(target, data, name=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(SEEDS, target, name), "wb") as f:
        f.write(data)


def fresh(target):
    """Empties a seed directory, keeping crash inputs (`regress-*`)."""
    path = os.path.join(SEEDS, target)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if not name.startswith("regress-"):
            os.remove(os.path.join(path, name))


TOML_EDGES = {
    "bom.toml": "\ufeff[multiprocessing]\nstart_method = \"spawn\"\n",
    "crlf.toml": "[multiprocessing]\r\nstart_method = \"fork\"\r\n[check]\r\ntargets = [\"linux:3.12\"]\r\n",
    "dotted.toml": "multiprocessing.start_method = \"forkserver\"\nmultiprocessing.forkserver_preload = [\"numpy\", 'a\\u00e9']\n",
    "inline.toml": "multiprocessing = { apply = \"startup\", executable = \"/opt/py\\tthon\" }\nhost = { multithreaded = true }\n",
    "array-tables.toml": "[[multiprocessing]]\nstart_method = \"spawn\"\n",
    "duplicate.toml": "[multiprocessing]\nsys_frozen = true\nsys_frozen = false\n",
    "schema-and-rules.toml": "\"$schema\" = \"./mpconfig.schema.json\"\n[check]\nallow = [\"MP003\"]\ndeny = [\"fork-on-macos\", \"MP999\"]\ntargets = [\"x86_64-pc-windows-msvc\", \"macos-framework:3.8\", \"linux:3.15\"]\n",
    "unterminated.toml": "[multiprocessing]\nstart_method = \"spa\n",
    "multibyte.toml": "[multiprocessing]\nstart_method = \"sp\u00e4wn\u20ac\"\n# \U0001f600\n",
}

JSON_EDGES = {
    "bom.json": "\ufeff{\"multiprocessing\": {\"start_method\": \"spawn\"}}",
    "crlf.json": "{\r\n  \"multiprocessing\": {\r\n    \"apply\": \"startup\"\r\n  }\r\n}\r\n",
    "comments.json": "{\n  // editors allow comments\n  \"host\": {\"multithreaded\": true}, /* and trailing commas */\n}\n",
    "duplicate.json": "{\"check\": {\"targets\": []}, \"check\": {}}",
    "escapes.json": "{\"multiprocessing\": {\"executable\": \"/opt/\\u00e9\\ud83d\\ude00/py\", \"forkserver_preload\": [\"a\\nb\"]}}",
    "lone-surrogate.json": "{\"$schema\": \"\\udc80\"}",
    "numbers.json": "{\"multiprocessing\": {\"sys_frozen\": 1e999, \"auto_dispatch\": -0}}",
    "unterminated.json": "{\"multiprocessing\": {\"start_method\": \"spa",
    "not-object.json": "[1, 2, 3]",
}

LITERAL_EDGES = [
    "None", "True", "False", "0", "-12", "9223372036854775807", "-9223372036854775808",
    "''", "'it\\'s'", "\"it's\"", "'\\x00\\n\\r\\t\\\\'", "'\\u20ac\\U0001f600\\udcff'",
    "'\\0\\7\\377'", "'\\a\\b\\f\\v'", "'caf\u00e9'", "b''", "b'\\xff\\x00'", "B'x'",
    "()", "(1,)", "(1, 2)", "[]", "[None, True, (1,), {'k': b'\\x00'}]", "{}",
    "{'a': [], 'b': {'c': ()}}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
]


def unhex(text):
    return bytes.fromhex(text)


def arg_bytes(a):
    if isinstance(a, str):
        return a.encode("utf-8", "surrogateescape")
    return unhex(a["bytes_hex"])


def literals_in(code):
    """The literal arguments of the call in a -c string."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in node.args:
                out.append(ast.get_source_segment(code, arg))
            for kw in node.keywords:
                segment = ast.get_source_segment(code, kw.value)
                if kw.arg is None or not segment.startswith("sys."):
                    out.append(segment)
    return [s for s in out if s]


def main():
    for target, fmt, edges in (("load_toml", "toml", TOML_EDGES), ("load_json", "json", JSON_EDGES)):
        fresh(target)
        for sub in ("", "invalid"):
            for path in sorted(glob.glob(os.path.join(ROOT, "schema", "examples", sub, "*." + fmt))):
                name = ("invalid-" if sub else "") + os.path.basename(path)
                with open(path, "rb") as f:
                    write(target, f.read(), name)
        for name, text in edges.items():
            write(target, text, "edge-" + name)

    fresh("classify")
    fresh("literal")
    seen = set()
    literals = set(LITERAL_EDGES)
    for path in sorted(glob.glob(os.path.join(ROOT, "config-shim", "tests", "fixtures", "*.json"))):
        with open(path) as f:
            records = json.load(f)
        for r in records:
            argv = [arg_bytes(a) for a in r["argv"]]
            keep = r["flagset"] == "none" or (r["python"] == "3.12.1" and r["case"] == "resource-tracker")
            data = b"\0".join(argv)
            if keep and data not in seen:
                seen.add(data)
                write("classify", data)
            for i, a in enumerate(argv[:-1]):
                if a == b"-c":
                    code = argv[i + 1].decode("utf-8", "surrogateescape")
                    literals.update(literals_in(code))
    for extra in ([b"host"], [b"host", b"-c", b"print(1)"], [b"host", b"--multiprocessing-fork"]):
        write("classify", b"\0".join(extra))
    for text in sorted(literals):
        write("literal", text.encode("utf-8", "surrogateescape"))

    fresh("bootstrap")
    for data in (b"", b"\x00" * 16, b"\xff" * 64, bytes(range(256)), b"\x02\x01\x01\x01\x02/opt/py\x00\x01numpy'\n\x00\x01app.toml"):
        write("bootstrap", data)

    for target in sorted(os.listdir(SEEDS)):
        path = os.path.join(SEEDS, target)
        if os.path.isdir(path):
            files = os.listdir(path)
            size = sum(os.path.getsize(os.path.join(path, f)) for f in files)
            print(f"{target}: {len(files)} seeds, {size} bytes")


if __name__ == "__main__":
    main()

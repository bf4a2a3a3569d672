# Reads back what the Rust side rendered and compares it with what was meant.
# argv[1]: a JSON file {"strings": [[text, literal], ...],
#                       "paths": [[hex_bytes, expr], ...],
#                       "sources": [[source, executable_hex, [preload...], origin], ...]}
# Prints one JSON line: counts and the first mismatches.
import ast
import json
import os
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)

mismatches = []


def mismatch(kind, index, detail):
    if len(mismatches) < 20:
        mismatches.append({"kind": kind, "index": index, "detail": detail})


checked = {"strings": 0, "paths": 0, "sources": 0}

for i, (text, literal) in enumerate(data["strings"]):
    checked["strings"] += 1
    if "\n" in literal or "\r" in literal or not literal.isascii() or not literal.isprintable():
        mismatch("string", i, "literal is not one line of printable ASCII: %r" % literal)
        continue
    try:
        value = ast.literal_eval(literal)
    except Exception as e:
        mismatch("string", i, "%r does not parse: %r" % (literal, e))
        continue
    if type(value) is not str or value != text:
        mismatch("string", i, "%r means %r, not %r" % (literal, value, text))


def fsdecode_call_bytes(expr):
    # Exactly __import__('os').fsdecode(b'...') or a plain str literal.
    node = ast.parse(expr, mode="eval").body
    if isinstance(node, ast.Call):
        f = node.func
        ok = (
            isinstance(f, ast.Attribute)
            and f.attr == "fsdecode"
            and isinstance(f.value, ast.Call)
            and isinstance(f.value.func, ast.Name)
            and f.value.func.id == "__import__"
            and len(f.value.args) == 1
            and ast.literal_eval(f.value.args[0]) == "os"
            and len(node.args) == 1
            and not node.keywords
        )
        if not ok:
            raise ValueError("unexpected call shape")
        value = ast.literal_eval(node.args[0])
        if type(value) is not bytes:
            raise ValueError("argument is not bytes")
        return value
    value = ast.literal_eval(node)
    if type(value) is not str:
        raise ValueError("not a str literal")
    return os.fsencode(value)


for i, (hex_bytes, expr) in enumerate(data["paths"]):
    checked["paths"] += 1
    want = bytes.fromhex(hex_bytes)
    try:
        got = fsdecode_call_bytes(expr)
        evaluated = os.fsencode(eval(expr, {"__builtins__": {"__import__": __import__}}))
    except Exception as e:
        mismatch("path", i, "%r: %r" % (expr, e))
        continue
    if got != want or evaluated != want:
        mismatch("path", i, "%r means %r / %r, not %r" % (expr, got, evaluated, want))


def call_args(tree, attr):
    return [
        n.args
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == attr
    ]


for i, (source, exe_hex, preload, origin) in enumerate(data["sources"]):
    checked["sources"] += 1
    try:
        tree = ast.parse(source)
        compile(source, "<bootstrap>", "exec")
    except Exception as e:
        mismatch("source", i, "does not parse: %r" % (e,))
        continue
    top = [type(n).__name__ for n in tree.body]
    if top != ["FunctionDef", "Try"] or tree.body[0].name != "_mpconfig_bootstrap":
        mismatch("source", i, "top-level statements changed: %r" % top)
        continue
    first = source.split("\n", 1)[0]
    prefix = "# mpconfig bootstrap for "
    if origin is not None and not (
        first.startswith(prefix) and ast.literal_eval(first[len(prefix):]) == origin
    ):
        mismatch("source", i, "header %r does not name %r" % (first, origin))
        continue
    if any(not l.isascii() or not l.isprintable() for l in source.split("\n")):
        mismatch("source", i, "a line is not printable ASCII")
        continue
    exe_calls = call_args(tree, "set_executable")
    if exe_hex is not None:
        if len(exe_calls) != 1:
            mismatch("source", i, "set_executable calls: %d" % len(exe_calls))
            continue
        got = fsdecode_call_bytes(ast.get_source_segment(source, exe_calls[0][0]))
        if got != bytes.fromhex(exe_hex):
            mismatch("source", i, "executable %r, not %r" % (got, bytes.fromhex(exe_hex)))
            continue
    preload_calls = call_args(tree, "set_forkserver_preload")
    if preload:
        if len(preload_calls) != 1 or ast.literal_eval(preload_calls[0][0]) != preload:
            mismatch("source", i, "preload differs")
            continue
    elif preload_calls:
        mismatch("source", i, "unexpected preload call")

print(json.dumps({"checked": checked, "mismatches": mismatches}))

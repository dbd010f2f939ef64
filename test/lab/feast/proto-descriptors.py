# SPDX-License-Identifier: Apache-2.0
"""Prints, as JSON, the serialized FileDescriptorProto of every feast/protos/**/*_pb2.py module
under a Feast package folder (argv[1]), keyed by module path, in base64. The bytes are read from
the `AddSerializedFile(b'...')` literal of each module without importing it, so any Python 3 reads
any Feast wheel's protos (the wheel ships the generated modules, not the .proto files)."""
import ast
import base64
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
out = {}
for f in sorted((root / "protos" / "feast").rglob("*_pb2.py")):
    for node in ast.walk(ast.parse(f.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "AddSerializedFile":
            out[str(f.relative_to(root))] = base64.b64encode(ast.literal_eval(node.args[0])).decode()
json.dump(out, sys.stdout)

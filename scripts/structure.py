#!/usr/bin/env python3
"""Checks the structure of crates/api: no import circle between its modules, and every
handler named after its OpenAPI `operation_id` (so grepping an id from openapi.json lands
on its code); and of every crate: no source file over 600 lines of code (its unit tests
aside), so each stays one subject.

The import check:

Every `crate::` and `super::` path of each source file counts (in `use` lines, braced groups
included, and inline in code), as do the paths a module writes to its own children; test
modules (`#[cfg(test)] mod ... { ... }`) and comments do not. A path names the deepest module
it reaches: `crate::auth::ratelimit::Limiter` is an import of `auth::ratelimit`, and
`crate::auth::Caller` of `auth`. The layers these edges must follow are in
docs/ARCHITECTURE.md; this check keeps the one property that matters most, no circle.

    python3 scripts/structure.py [crates/api/src]   # prints what is wrong, exits 1 if anything
    python3 scripts/structure.py --graph            # prints every module and its imports
"""
import os
import re
import sys


def module_of(root, path):
    rel = os.path.relpath(path, root)[: -len(".rs")].split(os.sep)
    if rel[-1] in ("lib", "main") and len(rel) == 1:
        return ""
    if rel[-1] == "mod":
        rel = rel[:-1]
    return "::".join(rel)


def strip_comments_and_strings(text):
    """The code alone: comments, string and char literals blanked (they may say `crate::`)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == "r" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and re.match(r'r#*"', text[i:]):
            hashes = re.match(r"r(#*)\"", text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            i = n if end < 0 else end + 1 + len(hashes)
            out.append('""')
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'" and re.match(r"'(\\.[^']*|[^\\'])'", text[i:]):
            i += re.match(r"'(\\.[^']*|[^\\'])'", text[i:]).end()
            out.append("' '")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_test_modules(text):
    out, i = [], 0
    pattern = re.compile(r"#\[cfg\(test\)\]\s*(?:pub\s+)?mod\s+\w+\s*\{")
    while True:
        m = pattern.search(text, i)
        if not m:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i : m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j


def expand_use(tree):
    """`crate::{a, b::{self, c as d}}` -> ['crate::a', 'crate::b', 'crate::b::c']."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    results = []

    def walk(prefix, s):
        depth, start, parts = 0, 0, []
        for k, ch in enumerate(s):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(s[start:k])
                start = k + 1
        parts.append(s[start:])
        for part in filter(None, parts):
            if "{" in part:
                head, rest = part.split("{", 1)
                walk(prefix + head, rest[: rest.rfind("}")])
            elif part == "self":
                results.append(prefix.rstrip(":"))
            else:
                results.append(prefix + part)

    walk("", tree)
    return results


def paths_in(text):
    paths = []
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        paths.extend(expand_use(m.group(1)))
    code = re.sub(r"\buse\s+[^;]+;", "", text)
    paths.extend(m.group(0) for m in re.finditer(r"\b(?:crate|super|self)(?:::(?:super|\w+))+", code))
    return paths


def resolve(path, here, modules):
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = [], parts[1:]
    elif parts[0] in ("super", "self"):
        base = here.split("::") if here else []
        rest = parts
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                base = base[:-1]
            rest = rest[1:]
    else:
        return None
    best = None
    for n in range(len(rest) + 1):
        candidate = "::".join(base + rest[:n])
        if candidate in modules:
            best = candidate
    return best


def parent(module):
    return module.rsplit("::", 1)[0] if "::" in module else ""


def child_uses(text, here, modules):
    """Paths a module writes to its own children without `crate::` (`system::health`)."""
    found = set()
    for child in (m for m in modules if m and parent(m) == here):
        name = child.rsplit("::", 1)[-1]
        if re.search(r"(?<![\w:])" + re.escape(name) + r"::\w", text):
            found.add(child)
    return found


def graph(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            # A module's unit tests in a file of their own (`#[cfg(test)] mod tests;`).
            unit_tests = name == "tests.rs" and f"{os.sep}src{os.sep}" in path
            if name.endswith(".rs") and not unit_tests:
                files[module_of(root, path)] = path
    modules = set(files)
    edges = {m: set() for m in modules}
    for here, path in files.items():
        with open(path, encoding="utf-8") as f:
            text = strip_test_modules(strip_comments_and_strings(f.read()))
        for p in paths_in(text):
            target = resolve(p, here, modules)
            if target is not None and target != here:
                edges[here].add(target)
        edges[here] |= child_uses(text, here, modules) - {here}
    edges.pop("", None)
    for targets in edges.values():
        targets.discard("")
    return edges


def circles(edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def misnamed_handlers(root):
    """Handlers whose function name is not their `operation_id`."""
    wrong = []
    routes = os.path.join(root, "routes")
    for name in sorted(os.listdir(routes)):
        path = os.path.join(routes, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        pattern = r"#\[utoipa::path\((.*?)\n\)\]\s*\n(?:\s*#\[[^\n]*\]\s*\n)*\s*pub async fn (\w+)\("
        for m in re.finditer(pattern, text, flags=re.S):
            op = re.search(r'operation_id = "(\w+)"', m.group(1))
            if op and op.group(1) != m.group(2):
                wrong.append(f"routes/{name}: fn {m.group(2)} is operation {op.group(1)}")
    return wrong


MAX_LINES = 600


def oversized(crates):
    """Source files of the crates longer than MAX_LINES, their unit tests aside (an inline
    `#[cfg(test)] mod tests`, or a `src/**/tests.rs` file)."""
    out = []
    for dirpath, _, names in os.walk(crates):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            # A module's unit tests in a file of their own (`#[cfg(test)] mod tests;`).
            unit_tests = name == "tests.rs" and f"{os.sep}src{os.sep}" in path
            if name.endswith(".rs") and not unit_tests:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                cut = text.find("#[cfg(test)]\nmod tests")
                lines = (text if cut < 0 else text[:cut]).count("\n")
                if lines > MAX_LINES:
                    out.append(f"{os.path.relpath(path, crates)}: {lines} lines of code (at most {MAX_LINES})")
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "crates", "api", "src")
    edges = graph(root)
    if "--graph" in sys.argv:
        for m in sorted(edges):
            print(f"{m} -> {', '.join(sorted(edges[m]))}")
        return 0
    found = circles(edges)
    wrong = misnamed_handlers(root) + oversized(os.path.join(root, "..", ".."))
    for c in found:
        inner = {m: sorted(t for t in edges[m] if t in c) for m in c}
        print(f"circle of {len(c)} modules:")
        for m in c:
            print(f"  {m} -> {', '.join(inner[m])}")
    if found:
        print("crates/api imports in a circle: see docs/ARCHITECTURE.md for the layers", file=sys.stderr)
    for w in wrong:
        print(w)
    if wrong:
        print("handlers must be named after their operation_id, files at most 600 lines", file=sys.stderr)
    if found or wrong:
        return 1
    print(
        f"crates/api: {len(edges)} modules, no import circle; every handler named after its operation; "
        f"no file over {MAX_LINES} lines"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

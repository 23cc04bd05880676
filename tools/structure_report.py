"""Figures on the shape of the code (issue 18), for the non-test code under newscompare/
(migrations left out):

- import circles: groups of modules that import each other, directly or round a loop,
  counting imports inside functions too;
- upward imports from the domain: a module of newscompare/news importing ingest, pipeline
  or web;
- verdict-name literals: the strings "agree", "diverge" and "unique" in code (docstrings
  and comments aside), by module;
- functions over 80 and over 50 lines; the median function length;
- lines over 100 characters (count and share), backslash continuations;
- public functions (no leading underscore, at module level or methods) with a return
  annotation.

    python tools/structure_report.py [ROOT]      # ROOT: a checkout (default: this one)
"""

import ast
import statistics
import sys
from pathlib import Path

VERDICT_NAMES = {"agree", "diverge", "unique"}
UPWARD = ("newscompare.ingest", "newscompare.pipeline", "newscompare.web")


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under newscompare/ except migrations."""
    out = {}
    for path in sorted((root / "newscompare").rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        if "migrations" in rel.parts:
            continue
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name a relative import refers to."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules one module imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = (
                _absolute(name, is_package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            # "from pkg import mod" imports the module pkg.mod when there is one.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        out.update(t for t in targets if t in known and t != name)
    return out


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def verdict_literals(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstring_nodes(tree)
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in VERDICT_NAMES
        and id(node) not in docs
    )


def _api(tree: ast.Module) -> set[int]:
    """Ids of the module's own functions and its classes' methods (not functions nested in
    functions): what other modules can call."""
    out, classes = set(), [tree]
    while classes:
        body = classes.pop().body
        out |= {id(n) for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        classes += [n for n in body if isinstance(n, ast.ClassDef)]
    return out


def functions(path: Path) -> list[tuple[str, int, bool, bool]]:
    """(name, lines, public, has a return annotation) of every function and method; public:
    no leading underscore, at module level or a method."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    api = _api(tree)
    return [
        (
            node.name,
            node.end_lineno - node.lineno + 1,
            not node.name.startswith("_") and id(node) in api,
            node.returns is not None,
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def report(root: Path) -> dict:
    known = modules(root)
    graph = {name: imports(name, path, known) for name, path in known.items()}
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        if name.startswith("newscompare.news")
        for target in targets
        if target.startswith(UPWARD)
    )
    literals = {name: verdict_literals(path) for name, path in known.items()}
    funcs = [(name, f) for name, path in known.items() for f in functions(path)]
    lines = [line for path in known.values() for line in path.read_text().splitlines()]
    public = [f for _, f in funcs if f[2]]
    return {
        "modules": len(known),
        "circles": circles(graph),
        "upward": upward,
        "verdict_literals": {k: v for k, v in literals.items() if v},
        "over_80": sorted(f"{m}.{f[0]} ({f[1]})" for m, f in funcs if f[1] > 80),
        "over_50": sorted(f"{m}.{f[0]} ({f[1]})" for m, f in funcs if f[1] > 50),
        "median_function": statistics.median(f[1] for _, f in funcs),
        "lines": len(lines),
        "long_lines": sum(len(line) > 100 for line in lines),
        "backslashes": sum(line.rstrip().endswith("\\") for line in lines),
        "public_functions": len(public),
        "public_annotated": sum(f[3] for f in public),
    }


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    r = report(root)
    print(f"{r['modules']} modules, {r['lines']} lines (non-test code under newscompare/)")
    print(f"import circles (function-local imports included): {len(r['circles'])}")
    for group in r["circles"]:
        print("  " + " <-> ".join(group))
    print(f"upward imports from the domain (news/ -> ingest, pipeline, web): {len(r['upward'])}")
    for edge in r["upward"]:
        print("  " + edge)
    lit = r["verdict_literals"]
    print(
        f"verdict-name literals: {sum(lit.values())} in {len(lit)} modules"
        + "".join(f"\n  {m}: {n}" for m, n in sorted(lit.items()))
    )
    print(f"functions over 80 lines: {len(r['over_80'])}  {', '.join(r['over_80'])}")
    print(f"functions over 50 lines: {len(r['over_50'])}  {', '.join(r['over_50'])}")
    print(f"median function: {r['median_function']} lines")
    share = r["long_lines"] / r["lines"] if r["lines"] else 0.0
    print(f"lines over 100 characters: {r['long_lines']} ({share:.1%})")
    print(f"backslash continuations: {r['backslashes']}")
    pub = r["public_functions"]
    print(
        f"public functions with a return annotation: {r['public_annotated']} of {pub}"
        f" ({r['public_annotated'] / pub:.0%})"
    )


if __name__ == "__main__":
    main()

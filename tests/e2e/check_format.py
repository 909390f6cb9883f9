"""Checks real HDF5 files against the layouts written down in docs/file-formats.md.

    check_format.py DOC LAYOUT[+LAYOUT…]=FILE[:MODEL] ...

Each layout in DOC is the markdown table that follows a line
`<!-- layout: NAME -->`, with the columns name | kind | type | shape | written | meaning:

  name     `/group/dataset`, `attribute` (on the root) or `/object@attribute`;
           `<word>` matches one path component (or part of one), e.g. `/inference/<method>/f_inf`
  kind     dataset | attribute
  type     float | int | string, or alternatives (`float or int`)
  shape    `scalar`, or `(D, …)` where each D is a number, a letter or an expression
           (`E+1`, `X·Z`, `2·(E+1)`); alternatives are separated by `or`
  written  `always`; a list of model names (the entry is in a file of those models and
           in no other); anything else: optional (checked only when present)

A file checked against LAYOUT+OTHER has the entries of both (a group that files of several
layouts can hold, such as /likelihood). For each FILE, every entry of its layout that must be there is there with its kind, type and
shape, and every dataset and attribute in the file is an entry of the layout. A letter
means one size throughout the file, except that a letter used only in entries under the
same `<…>` names is bound per instance of those names (S per trace, K per result, …).
MODEL (for files that do not name their model, a checkpoint) overrides the file's `model`
attribute. Exits 1 and prints every disagreement.
"""

import re
import sys

import h5py
import numpy

MODELS = {"ellipse", "conditional", "decoder-mlp", "latent"}
HEADER = ["name", "kind", "type", "shape", "written", "meaning"]


class Entry:
    def __init__(self, layout, line, cells):
        self.layout, self.line = layout, line
        self.name = cells[0].strip().strip("`")
        self.kind, self.type, shape, written = (cell.strip() for cell in cells[1:5])
        where = f"{layout}, line {line}"
        if self.kind not in ("dataset", "attribute"):
            raise SystemExit(f"{where}: kind must be dataset or attribute, not '{self.kind}'")
        self.types = {text.strip() for text in self.type.split(" or ")}
        if not self.types <= {"float", "int", "string"}:
            raise SystemExit(f"{where}: type must be float, int or string (or alternatives: float or int), not '{self.type}'")
        if self.kind == "dataset" and not self.name.startswith("/"):
            raise SystemExit(f"{where}: a dataset's name starts with /: '{self.name}'")
        self.shapes = [parse_shape(text.strip(), where) for text in shape.split(" or ")]
        tokens = [token.strip().strip("`") for token in written.split(",")]
        self.models = set(tokens) if tokens and all(token in MODELS for token in tokens) else None
        self.always = written == "always"
        self.placeholders = re.findall(r"<(\w+)>", self.name)
        pattern = ""
        for piece in re.split(r"(<\w+>)", self.name):
            pattern += f"(?P<{piece[1:-1]}>[^/@]+)" if re.fullmatch(r"<\w+>", piece) else re.escape(piece)
        self.pattern = re.compile(pattern + r"\Z")

    def applies_to(self, model):
        return self.models is None or model in self.models

    def required_for(self, model):
        return self.always or (self.models is not None and model in self.models)


def parse_shape(text, where):
    text = text.strip("`")
    if text == "scalar":
        return ()
    if not (text.startswith("(") and text.endswith(")")):
        raise SystemExit(f"{where}: a shape is `scalar` or `(D, …)`, not '{text}'")
    dims = [dim.strip() for dim in text[1:-1].split(",")]
    for dim in dims:
        if not re.fullmatch(r"[A-Za-z0-9_+·*() ]+", dim):
            raise SystemExit(f"{where}: cannot read dimension '{dim}'")
    return tuple(dims)


def read_layouts(doc):
    layouts, current, in_table = {}, None, False
    with open(doc, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            marker = re.match(r"<!-- layout: ([\w-]+) -->", line.strip())
            if marker:
                current, in_table = marker.group(1), False
                if current in layouts:
                    raise SystemExit(f"{doc}:{number}: layout {current} is written down twice")
                layouts[current] = []
                continue
            if current is None:
                continue
            if not line.startswith("|"):
                if in_table:
                    current, in_table = None, False
                continue
            cells = [cell for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not in_table:
                if [cell.strip() for cell in cells] != HEADER:
                    raise SystemExit(f"{doc}:{number}: layout {current}'s table must have the columns {' | '.join(HEADER)}")
                in_table = True
            elif not set(line.strip()) <= set("|-: "):
                layouts[current].append(Entry(current, number, cells))
    return layouts


def letters(dim):
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", dim))


def evaluate(dim, values):
    expression = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda match: str(values[match.group(0)]), dim)
    return eval(expression.replace("·", "*"), {"__builtins__": {}})


def type_of(value):
    if isinstance(value, (str, bytes)):
        return "string", ()
    array = numpy.asarray(value)
    if array.dtype.kind in "SUO":
        return "string", array.shape
    return {"f": "float", "i": "int", "u": "int"}.get(array.dtype.kind, array.dtype.str), array.shape


def items_of(path):
    """Every dataset and attribute of the file: (kind, name, type, shape)."""
    found = []
    with h5py.File(path, "r") as file:
        def attributes(obj, prefix):
            for name, value in obj.attrs.items():
                found.append(("attribute", prefix + name, *type_of(value)))
        attributes(file, "")

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                kind = {"f": "float", "i": "int", "u": "int"}.get(obj.dtype.kind, "string" if obj.dtype.kind in "SO" else obj.dtype.str)
                found.append(("dataset", "/" + name, kind, obj.shape))
            attributes(obj, "/" + name + "@")
        file.visititems(visit)
        model = file.attrs.get("model")
    return found, model.decode() if isinstance(model, bytes) else model


def check(layout_name, entries, path, model):
    problems = []
    found, file_model = items_of(path)
    model = model or file_model
    if model is None and any(entry.models for entry in entries):
        problems.append(f"{path}: no model attribute, and layout {layout_name} has entries for some models only")
    # Each item of the file against the entries that match its name (exact names before patterns).
    matched = []  # (entry, bindings of its placeholders, item)
    for kind, name, type_, shape in found:
        candidates = [entry for entry in entries if entry.kind == kind and entry.applies_to(model)]
        hits = [(entry, entry.pattern.match(name)) for entry in candidates]
        hits = [(entry, match) for entry, match in hits if match]
        hits.sort(key=lambda hit: len(hit[0].placeholders))
        if not hits:
            problems.append(f"{path}: {kind} {name} is not in layout {layout_name} of docs/file-formats.md")
            continue
        entry, match = hits[0]
        if type_ not in entry.types:
            problems.append(f"{path}: {kind} {name} is {type_}, the doc says {entry.type} (line {entry.line})")
        matched.append((entry, match.groupdict(), name, shape))
    for entry in entries:
        if entry.required_for(model) and not any(hit[0] is entry for hit in matched):
            problems.append(f"{path}: has no {entry.kind} {entry.name} (layout {layout_name}, line {entry.line})")

    # Shapes: a letter's scope is the placeholders common to every entry that uses it.
    scope = {}
    for entry in entries:
        for letter in set().union(*(letters(dim) for shape in entry.shapes for dim in shape)):
            scope[letter] = scope.get(letter, set(entry.placeholders)) & set(entry.placeholders)

    def key(letter, placeholders):
        return (letter,) + tuple(sorted((name, placeholders[name]) for name in scope[letter]))

    # Pick, for each item, the alternative shape of the right rank; bind letters until nothing changes.
    bindings = {}
    pending = []
    for entry, placeholders, name, shape in matched:
        choices = [candidate for candidate in entry.shapes if len(candidate) == len(shape)]
        if not choices:
            wanted = " or ".join("scalar" if not s else "(" + ", ".join(s) + ")" for s in entry.shapes)
            problems.append(f"{path}: {name} has shape {shape}, the doc says {wanted} (line {entry.line})")
            continue
        pending.append((entry, placeholders, name, shape, choices))
    for _ in range(4):
        for entry, placeholders, name, shape, choices in pending:
            if len(choices) != 1:
                continue
            for dim, size in zip(choices[0], shape):
                unbound = [letter for letter in letters(dim) if key(letter, placeholders) not in bindings]
                if len(unbound) != 1:
                    continue
                values = {letter: bindings.get(key(letter, placeholders), 0) for letter in letters(dim)}
                base = evaluate(dim, values)
                values[unbound[0]] = 1
                slope = evaluate(dim, values) - base
                if slope and (size - base) % slope == 0 and (size - base) // slope >= 0:
                    bindings[key(unbound[0], placeholders)] = (size - base) // slope
    for entry, placeholders, name, shape, choices in pending:
        fits = False
        for choice in choices:
            try:
                values = {letter: bindings[key(letter, placeholders)] for dim in choice for letter in letters(dim)}
            except KeyError:
                fits = fits or len(choices) > 1  # an alternative whose letters nothing else fixes
                continue
            if all(evaluate(dim, values) == size for dim, size in zip(choice, shape)):
                fits = True
        if not fits:
            wanted = " or ".join("(" + ", ".join(choice) + ")" for choice in choices)
            bound = ", ".join(f"{letter}={bindings[key(letter, placeholders)]}" for choice in choices for dim in choice
                              for letter in sorted(letters(dim)) if key(letter, placeholders) in bindings)
            problems.append(f"{path}: {name} has shape {shape}, the doc says {wanted} with {bound} (line {entry.line})")
    return problems


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    layouts = read_layouts(argv[1])
    problems, files = [], 0
    for argument in argv[2:]:
        layout, _, rest = argument.partition("=")
        path, _, model = rest.partition(":")
        entries = []
        for part in layout.split("+"):
            if part not in layouts:
                raise SystemExit(f"{argv[1]} has no layout '{part}' (it has {', '.join(layouts)})")
            if not layouts[part]:
                raise SystemExit(f"{argv[1]}: layout '{part}' has no entries")
            entries += layouts[part]
        problems += check(layout, entries, path, model or None)
        files += 1
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    print(f"{files} files against {len(layouts)} layouts: {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

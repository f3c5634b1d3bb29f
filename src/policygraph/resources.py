"""The one place that finds the data files shipped with policygraph.

In an installed wheel the folders live in ``policygraph/_data``; in a source checkout (or an editable
install) they are the top-level folders of the repository.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources as _resources
from pathlib import Path

#: folder key -> path of that folder in the source checkout, relative to the repository root
FOLDERS: dict[str, str] = {
    "ontology": "ontology",
    "shapes": "shapes",
    "queries": "queries",
    "vocab": "data/vocab",
    "digests": "data/digests",
}


def folder(key: str) -> Path:
    """Return the directory holding the data folder ``key`` (one of :data:`FOLDERS`)."""
    if key not in FOLDERS:
        raise KeyError(f"unknown data folder {key!r}; known: {', '.join(sorted(FOLDERS))}")
    return _folder(key)


@cache
def _folder(key: str) -> Path:
    """:func:`folder`, found once per process (it is looked up for every stored query a digest's write uses)."""
    packaged = Path(str(_resources.files("policygraph"))) / "_data" / key
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / FOLDERS[key]
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"data folder {key!r} is missing from this installation ({packaged})")


def files(key: str, pattern: str = "*") -> list[Path]:
    """All files under folder ``key`` matching ``pattern`` (recursively), sorted, README files excluded."""
    return sorted(p for p in folder(key).rglob(pattern) if p.is_file() and p.name != "README.md")


def ontology_path() -> Path:
    """The OWL ontology in Turtle."""
    return folder("ontology") / "policygraph.ttl"


def shape_paths() -> list[Path]:
    """Every SHACL shapes file (``*.shapes.ttl``)."""
    return files("shapes", "*.shapes.ttl")


def vocab_paths() -> list[Path]:
    """Every controlled vocabulary file (Turtle)."""
    return files("vocab", "*.ttl")


def vocab_path(name: str) -> Path:
    """One vocabulary file by stem, e.g. ``agencies``."""
    return folder("vocab") / f"{name}.ttl"


#: folders of the user's own stored queries, separated by os.pathsep; ``./queries`` is read too
QUERIES_ENV = "POLICYGRAPH_QUERIES"


def query_folders() -> list[Path]:
    """Where stored queries are found: the bundled folder first, then the folders named by
    ``POLICYGRAPH_QUERIES`` and a ``queries/`` folder in the working directory."""
    found = [folder("queries")]
    extra = [Path(p) for p in os.environ.get(QUERIES_ENV, "").split(os.pathsep) if p.strip()]
    for candidate in [*extra, Path.cwd() / "queries"]:
        if candidate.is_dir() and all(candidate.resolve() != f.resolve() for f in found):
            found.append(candidate)
    return found


def query_paths() -> list[Path]:
    """Every stored SPARQL query (``*.rq``, in sub-folders too); a user's query never hides a bundled one of the
    same name."""
    seen: set[str] = set()
    out = []
    for base in query_folders():
        for path in sorted(p for p in base.rglob("*.rq") if p.is_file()):
            name = path.relative_to(base).with_suffix("").as_posix()
            if name not in seen:
                seen.add(name)
                out.append(path)
    return out


def sample_digest_paths(layout: str | None = None) -> list[Path]:
    """The sample digests bundled with policygraph: the MERICS samples at the top of the folder come first, then
    one sub-folder per other layout; ``layout`` keeps the samples of that sub-folder (or the top-level ones for
    ``"merics-china-industries"``)."""
    root = folder("digests")
    found = [p for p in files("digests") if p.suffix in {".txt", ".md", ".html", ".htm"}]
    found.sort(key=lambda p: (p.parent != root, p))
    if layout is None:
        return found
    return [p for p in found if (p.parent == root if layout == "merics-china-industries" else p.parent.name == layout)]

"""Vendor the YASGUI query editor of ``policygraph serve`` from npm, at a pinned version.

    python scripts/vendor-frontend.py

Runs ``npm install @zazuko/yasgui@<VERSION> --ignore-scripts`` in a temporary folder and copies the browser bundle
(``build/yasgui.min.js``, ``build/yasgui.min.css``) into ``src/policygraph/serve/assets/vendor/yasgui/``, with:

* ``LICENSE``: YASGUI's MIT licence (the npm package declares ``"license": "MIT"`` but ships no licence file, so
  the standard MIT text is written, naming the author and contributors of its ``package.json``);
* ``THIRD-PARTY-LICENSES``: the name, version, licence and licence text of every npm package installed with it
  (the bundle includes their code: CodeMirror, DataTables, jQuery, DOMPurify, ...);
* ``VERSION`` (the version alone) and ``VERSIONS`` (package, version, source, npm integrity, file checksums).

The ``//# sourceMappingURL`` comment at the end of the bundle is removed (the map is not vendored, so a browser's
developer tools would ask the server for a missing file). In the bundle's list of well-known prefixes, a URL
path that reads like a folder on a build machine is written with escaped slashes, the same string to
JavaScript. Re-running replaces the folder; change ``VERSION`` to
upgrade. Needs ``npm`` and the npm registry.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
#: a URL path in the bundle that reads like a folder on a build machine (written with escaped slashes)
FOLDER_LIKE = "/".join(["", "work", ""])
REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "policygraph" / "serve" / "assets" / "vendor" / "yasgui"
FILES = ("yasgui.min.js", "yasgui.min.css")
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "license", "license.md",
                 "LICENSE-MIT", "LICENSE.MIT")
MIT = """MIT License

Copyright (c) {holders}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def npm(*args: str, cwd: Path) -> str:
    """The output of one npm command; a failure stops the script."""
    npm_program = shutil.which("npm")
    if npm_program is None:
        sys.exit("npm is not installed (Debian: apt-get install npm)")
    return subprocess.run([npm_program, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def person(value: object) -> str:
    """An npm ``author``/``contributors`` entry as text."""
    if isinstance(value, dict):
        return " ".join(filter(None, [value.get("name"), f"<{value['email']}>" if value.get("email") else None]))
    return str(value)


def licence_text(folder: Path) -> str | None:
    for name in LICENCE_NAMES:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8", errors="replace").strip()
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="policygraph-vendor-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        npm("install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact", f"{PACKAGE}@{VERSION}",
            cwd=work)
        modules = work / "node_modules"
        source = modules / PACKAGE
        meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
        if meta["version"] != VERSION:
            sys.exit(f"npm installed {PACKAGE} {meta['version']}, not the pinned {VERSION}")
        if meta.get("license") != "MIT":
            sys.exit(f"{PACKAGE} {VERSION} declares the licence {meta.get('license')!r}, not MIT: check it")
        lock = json.loads((work / "package-lock.json").read_text(encoding="utf-8"))
        integrity = lock["packages"][f"node_modules/{PACKAGE}"].get("integrity", "")

        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.mkdir(parents=True)
        for name in FILES:
            data = (source / "build" / name).read_text(encoding="utf-8")
            lines = data.rstrip("\n").split("\n")
            if lines[-1].startswith("//# sourceMappingURL="):
                data = "\n".join(lines[:-1]) + "\n"
            data = data.replace(FOLDER_LIKE, FOLDER_LIKE.replace("/", "\\/"))
            (TARGET / name).write_text(data, encoding="utf-8")

        own = licence_text(source)
        holders = ", ".join([person(meta["author"]), *(person(c) for c in meta.get("contributors", []))])
        (TARGET / "LICENSE").write_text(
            own + "\n" if own else MIT.format(holders=holders), encoding="utf-8")

        parts = []
        for key, entry in sorted(lock["packages"].items()):
            if not key.startswith("node_modules/") or key == f"node_modules/{PACKAGE}":
                continue
            folder = work / key
            name = key.removeprefix("node_modules/").replace("/node_modules/", " > ")
            text = licence_text(folder) or "(no licence file in the npm package)"
            parts.append(f"{'=' * 78}\n{name} {entry.get('version', '?')}: {entry.get('license', '?')}\n"
                         f"{'=' * 78}\n\n{text}\n")
        (TARGET / "THIRD-PARTY-LICENSES").write_text(
            f"The npm packages installed with {PACKAGE} {VERSION}, whose code its browser bundle includes.\n\n"
            + "\n".join(parts), encoding="utf-8")

        (TARGET / "VERSION").write_text(VERSION + "\n", encoding="utf-8")
        checksums = "".join(f"  {sha256(TARGET / n)}  {n}\n" for n in FILES)
        (TARGET / "VERSIONS").write_text(
            f"package: {PACKAGE}\nversion: {VERSION}\nlicense: MIT\n"
            f"source: https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE.split('/')[-1]}-{VERSION}.tgz\n"
            f"homepage: {meta.get('homepage', '')}\nintegrity: {integrity}\n"
            f"files (from build/, sourceMappingURL comment removed, folder-like URL paths with escaped slashes), "
            f"sha256:\n{checksums}"
            + ("LICENSE: from the package\n" if own else "LICENSE: the MIT text for the declared licence (the npm "
               "package ships no licence file), naming its package.json author and contributors\n")
            + "written by scripts/vendor-frontend.py\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {VERSION} into {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

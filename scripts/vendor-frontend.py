"""Vendor the front-end libraries of policygraph from npm, at pinned versions.

    python scripts/vendor-frontend.py            # both
    python scripts/vendor-frontend.py yasgui     # or one: yasgui, sigma

**YASGUI** (the query editor of ``policygraph serve``). Runs ``npm install @zazuko/yasgui@<VERSION>
--ignore-scripts`` in a temporary folder and copies the browser bundle (``build/yasgui.min.js``,
``build/yasgui.min.css``) into ``src/policygraph/serve/assets/vendor/yasgui/``, with:

* ``LICENSE``: YASGUI's MIT licence (the npm package declares ``"license": "MIT"`` but ships no licence file, so
  the standard MIT text is written, naming the author and contributors of its ``package.json``);
* ``THIRD-PARTY-LICENSES``: the name, version, licence and licence text of every npm package installed with it
  (the bundle includes their code: CodeMirror, DataTables, jQuery, DOMPurify, ...);
* ``VERSION`` (the version alone) and ``VERSIONS`` (package, version, source, npm integrity, file checksums).

The ``//# sourceMappingURL`` comment at the end of the bundle is removed (the map is not vendored, so a browser's
developer tools would ask the server for a missing file). In the bundle's list of well-known prefixes, a URL
path that reads like a folder on a build machine is written with escaped slashes, the same string to
JavaScript.

**sigma.js + graphology** (the network page of ``policygraph network --format html``). sigma 3 ships ES and
CommonJS modules only, no browser (UMD) build, so the script installs sigma, graphology, @sigma/export-image
and @sigma/edge-curve with esbuild (all pinned) and bundles a small entry module with ``npx esbuild --bundle
--minify --format=iife`` into one ``sigma.min.js`` that sets ``window.policygraphVendor = {Graph, Sigma,
EdgeLineProgram, EdgeRectangleProgram, EdgeCurveProgram, drawOnCanvas, toBlob}``. It is written to
``src/policygraph/assets/vendor/sigma/`` with ``LICENSE`` (sigma's), ``THIRD-PARTY-LICENSES`` (every other
package whose code esbuild put in the bundle, read from its metafile), ``VERSION`` (sigma's) and ``VERSIONS``
(each bundled package with version and npm integrity, the esbuild version and command, the checksum).
The network page inlines the bundle, so it works offline.

Both bundles are checked for text that reads like a folder on a build machine (a work, root, home or tmp folder
between slashes): YASGUI's one such URL path is escaped, and anything else stops the script. Re-running
replaces the folders; change the pinned versions to upgrade. Needs ``npm`` (and ``npx``) and the npm registry.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
#: a URL path in the bundle that reads like a folder on a build machine (written with escaped slashes)
FOLDER_LIKE = "/".join(["", "work", ""])
#: text that would name a folder on the machine that built a bundle; the script refuses a bundle holding one
MACHINE_PATHS = re.compile("/(?:work|root|home|tmp)/")
REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "policygraph" / "serve" / "assets" / "vendor" / "yasgui"
FILES = ("yasgui.min.js", "yasgui.min.css")

#: the network page's libraries: sigma.js (WebGL drawing), graphology (its graph model), image export, curved links
SIGMA_PACKAGES = {
    "sigma": "3.0.2",
    "graphology": "0.26.0",
    "@sigma/export-image": "3.0.0",
    "@sigma/edge-curve": "3.1.0",
}
#: the bundler (sigma 3 has no browser build); it is not in the bundle
ESBUILD = "0.25.12"
SIGMA_TARGET = REPO / "src" / "policygraph" / "assets" / "vendor" / "sigma"
SIGMA_BUNDLE = "sigma.min.js"
SIGMA_ENTRY = """\
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram, EdgeRectangleProgram } from "sigma/rendering";
import { drawOnCanvas, toBlob } from "@sigma/export-image";
import EdgeCurveProgram from "@sigma/edge-curve";

window.policygraphVendor = {
  Graph, Sigma, EdgeLineProgram, EdgeRectangleProgram, EdgeCurveProgram, drawOnCanvas, toBlob,
};
"""
ESBUILD_ARGS = ("--bundle", "--minify", "--format=iife", "--target=es2019", "--legal-comments=eof",
                "--charset=ascii", "--log-level=warning")
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


def npm(*args: str, cwd: Path, program: str = "npm") -> str:
    """The output of one npm (or npx) command; a failure stops the script."""
    npm_program = shutil.which(program)
    if npm_program is None:
        sys.exit(f"{program} is not installed (Debian: apt-get install npm)")
    done = subprocess.run([npm_program, *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{program} {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def check_paths(name: str, data: str) -> None:
    """Stop when ``data`` (a bundle) holds text that reads like a folder on the build machine."""
    found = MACHINE_PATHS.search(data)
    if found:
        sys.exit(f"{name} holds {data[max(0, found.start() - 40):found.end() + 40]!r}, which reads like a folder on "
                 "this machine; escape or remove it before vendoring")


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


def vendor_yasgui() -> None:
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
            check_paths(name, data)
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


def vendor_sigma() -> None:
    """Install sigma, graphology and @sigma/export-image, bundle them with esbuild, write them with licences."""
    with tempfile.TemporaryDirectory(prefix="policygraph-vendor-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        npm("install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact",
            *(f"{name}@{version}" for name, version in SIGMA_PACKAGES.items()), f"esbuild@{ESBUILD}", cwd=work)
        lock = json.loads((work / "package-lock.json").read_text(encoding="utf-8"))
        for name, version in SIGMA_PACKAGES.items():
            meta = json.loads((work / "node_modules" / name / "package.json").read_text(encoding="utf-8"))
            if meta["version"] != version:
                sys.exit(f"npm installed {name} {meta['version']}, not the pinned {version}")
        (work / "entry.js").write_text(SIGMA_ENTRY, encoding="utf-8")
        npm("--no-install", "esbuild", "entry.js", *ESBUILD_ARGS, f"--outfile={SIGMA_BUNDLE}", "--metafile=meta.json",
            cwd=work, program="npx")
        data = (work / SIGMA_BUNDLE).read_text(encoding="utf-8")
        check_paths(SIGMA_BUNDLE, data)
        if "</script" in data.lower() or "<!--" in data:
            sys.exit(f"{SIGMA_BUNDLE} holds '</script' or '<!--', which would end the page's inline script")
        inputs = json.loads((work / "meta.json").read_text(encoding="utf-8"))["inputs"]
        bundled = sorted({_package_key(path) for path in inputs if path.startswith("node_modules/")})

        if SIGMA_TARGET.exists():
            shutil.rmtree(SIGMA_TARGET)
        SIGMA_TARGET.mkdir(parents=True)
        (SIGMA_TARGET / SIGMA_BUNDLE).write_text(data, encoding="utf-8")
        sigma_folder = work / "node_modules" / "sigma"
        (SIGMA_TARGET / "LICENSE").write_text((licence_text(sigma_folder) or "") + "\n", encoding="utf-8")
        parts, versions = [], []
        for key in bundled:
            entry = lock["packages"][key]
            name = key.removeprefix("node_modules/").replace("/node_modules/", " > ")
            versions.append(f"  {name} {entry.get('version', '?')} ({entry.get('license', '?')}) "
                            f"{entry.get('integrity', '')}\n")
            if name == "sigma":
                continue
            text = licence_text(work / key) or "(no licence file in the npm package)"
            parts.append(f"{'=' * 78}\n{name} {entry.get('version', '?')}: {entry.get('license', '?')}\n"
                         f"{'=' * 78}\n\n{text}\n")
        (SIGMA_TARGET / "THIRD-PARTY-LICENSES").write_text(
            f"The npm packages besides sigma {SIGMA_PACKAGES['sigma']} whose code esbuild put in {SIGMA_BUNDLE}.\n\n"
            + "\n".join(parts), encoding="utf-8")
        (SIGMA_TARGET / "VERSION").write_text(SIGMA_PACKAGES["sigma"] + "\n", encoding="utf-8")
        (SIGMA_TARGET / "VERSIONS").write_text(
            "packages bundled (name, version, licence, npm integrity):\n" + "".join(versions)
            + "source: https://registry.npmjs.org/ (npm install --ignore-scripts, versions pinned)\n"
            + f"bundled with: esbuild {ESBUILD} (npx esbuild entry.js {' '.join(ESBUILD_ARGS)}); sigma 3 has no "
            "browser (UMD) build\n"
            + "entry module:\n" + "".join(f"  {line}\n" for line in SIGMA_ENTRY.splitlines() if line)
            + f"file, sha256:\n  {sha256(SIGMA_TARGET / SIGMA_BUNDLE)}  {SIGMA_BUNDLE}\n"
            + "written by scripts/vendor-frontend.py\n", encoding="utf-8")
    names = ", ".join(f"{name} {version}" for name, version in SIGMA_PACKAGES.items())
    print(f"vendored {names} into {SIGMA_TARGET.relative_to(REPO)}")


def _package_key(path: str) -> str:
    """``node_modules/@scope/name/dist/x.js`` -> ``node_modules/@scope/name`` (nested packages kept whole)."""
    parts = path.split("/")
    key: list[str] = []
    i = 0
    while i < len(parts) - 1 and parts[i] == "node_modules":
        width = 3 if parts[i + 1].startswith("@") else 2
        key += parts[i:i + width]
        i += width
    return "/".join(key)


VENDORS = {"yasgui": vendor_yasgui, "sigma": vendor_sigma}


def main(argv: list[str]) -> int:
    names = argv or list(VENDORS)
    unknown = [n for n in names if n not in VENDORS]
    if unknown:
        sys.exit(f"unknown library {unknown[0]!r}; use one of {', '.join(VENDORS)}")
    for name in names:
        VENDORS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

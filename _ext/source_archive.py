"""The book's source as one zip file in the site, ``source/<NAME>.zip``.

There is no public repository yet, and a reader of the built book who downloads a
chapter's notebook also needs ``nnlib`` and the rest of the project to run it.  This
extension writes, at the end of every HTML build, a zip of the project into the site,
which the introduction links to.  It holds the files git tracks (``git ls-files``), so
nothing of the builder's machine (``.venv``, ``.cache``, ``_build``, unsaved work in
untracked files) goes in; outside a git checkout (the project unpacked from this very
zip) it holds every file but those folders.  Every entry sits under one top folder, is
dated 1980-01-01 and keeps its permission bits (``.ci/run`` stays executable), and the
entries are sorted: the same source gives the same bytes.
"""

import subprocess
import zipfile
from pathlib import Path

NAME = "the-maths-behind-neural-networks"
#: Folders that are the tools', not the project's, when git cannot say.
SKIP = {".git", ".venv", "_build", ".cache", "__pycache__", ".ipynb_checkpoints",
        ".pytest_cache", ".hypothesis"}


def source_files(root):
    """The project's files under ``root``, as sorted relative paths."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                                capture_output=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):   # no git, or not a checkout
        listed = []
    if any(listed):
        return sorted(name for name in listed if name and (root / name).is_file())
    return sorted(str(path.relative_to(root)).replace("\\", "/")
                  for path in root.rglob("*")
                  if path.is_file()
                  and not SKIP & set(path.relative_to(root).parts)
                  and not any(part.endswith(".egg-info")
                              for part in path.relative_to(root).parts))


def write_archive(root, target):
    """Write the zip of the project at ``root`` to ``target``; returns the file count."""
    names = source_files(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name in names:
            path = root / name
            entry = zipfile.ZipInfo(f"{NAME}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (0o100000 | path.stat().st_mode & 0o777) << 16
            archive.writestr(entry, path.read_bytes())
    return len(names)


def _after_build(app, exception):
    if exception is None and app.builder.format == "html":
        write_archive(Path(app.srcdir), Path(app.outdir) / "source" / f"{NAME}.zip")


def setup(app):
    app.connect("build-finished", _after_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Encrypt what the build and each notebook's kernel send each other.

The build executes every notebook (myst-nb hands it to jupyter-cache, which runs it
with nbclient), and the two sides talk over TCP sockets on this machine.
jupyter_client sends that traffic in plain text unless its ``transport_encryption``
setting asks it to make CurveZMQ keys for the kernel, and ipykernel 7.4 logs a
warning at every start of a kernel that has none ("Kernel is running over TCP
without encryption ..."): seven lines in the log of every build.  ipykernel's
kernelspec says it supports the encryption, so ``"auto"`` is enough for
jupyter_client to make the keys: the traffic is encrypted and the warning is gone.

myst-nb gives no way to pass jupyter_client settings, so this changes the setting's
default, for this build's process only (as ``kernel_shutdown.py`` does for one of
nbclient's).  ``tools/execute_notebooks.py`` and ``make lab`` ask for the same.
"""

from jupyter_client.manager import KernelManager
from sphinx.errors import ExtensionError


def setup(app):
    trait = KernelManager.class_traits().get("transport_encryption")
    if trait is None or "auto" not in (trait.values or ()):
        raise ExtensionError(
            "_ext/kernel_encryption.py: this jupyter_client has no transport_encryption "
            "setting with an 'auto' choice; install the version requirements.txt pins, "
            "or read the file's docstring and update or remove it")
    trait.default_value = "auto"
    return {"parallel_read_safe": True, "parallel_write_safe": True}

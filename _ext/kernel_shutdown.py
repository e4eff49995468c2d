"""Stop each notebook's kernel outright once its last cell has run.

The build executes every notebook (myst-nb hands it to jupyter-cache, which runs it
with nbclient).  When a notebook is done, nbclient by default asks its kernel to shut
down, over the kernel's control channel.  ipykernel 7.4 answers, then closes its
output channel on one thread while another thread is still flushing ``sys.stderr``
into it, and now and then (about one build in five here) loses that race and logs
"ERROR:tornado.general:Uncaught exception in ZMQStream callback" with a
``ZMQError: Socket operation on non-socket``.  The release that fixed the same race
for sending (ipython/ipykernel#1518) left this path open.  The notebook's outputs
have all arrived by then, so nothing is lost, but the line lands in the build's log,
and a clean log is what the book's tests ask of a build.

So nbclient is told to stop the kernel at once (its ``shutdown_kernel`` setting,
"immediate" instead of "graceful"): the kernel never starts its own shutdown, and
there is no race to lose.  myst-nb gives no way to pass nbclient settings, so this
changes the setting's default, for this build's process only.
"""

from nbclient import NotebookClient
from sphinx.errors import ExtensionError


def setup(app):
    trait = NotebookClient.class_traits().get("shutdown_kernel")
    if trait is None or "immediate" not in (trait.values or ()):
        raise ExtensionError(
            "_ext/kernel_shutdown.py: this nbclient has no shutdown_kernel setting "
            "with an 'immediate' choice; read the file's docstring, check whether "
            "ipykernel still needs the workaround, and update or remove it")
    trait.default_value = "immediate"
    return {"parallel_read_safe": True, "parallel_write_safe": True}

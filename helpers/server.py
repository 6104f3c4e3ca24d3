"""What the course asks of the Jupyter server: kernel messages that reach the page at once.

A slider move makes the kernel send a burst of small messages (status busy, then the new marks,
the label, status idle). jupyter_server writes them to the page's websocket with Nagle's
algorithm on (tornado leaves it on unless asked), so the first small message goes out and the
rest wait for its acknowledgement, which the browser delays by up to 40 ms: every move lost
those 40 ms on the way to the page, more than the kernel and the drawing took together.
:class:`PromptKernelConnection` turns Nagle's algorithm off on each kernel websocket.
``make lab``, Binder (``binder/jupyter_server_config.py``) and the browser tests use it:
``--ServerApp.kernel_websocket_connection_class=helpers.server.PromptKernelConnection``.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["CONNECTION_CLASS", "PromptKernelConnection"]

CONNECTION_CLASS = "helpers.server.PromptKernelConnection"


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, sending each message as it comes."""

    async def connect(self):
        self.websocket_handler.set_nodelay(True)
        return await super().connect()

"""The server setting the course starts JupyterLab with: kernel messages sent as they come."""

from unittest import mock

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

from helpers.server import CONNECTION_CLASS, PromptKernelConnection


def test_each_kernel_websocket_turns_nagles_algorithm_off_before_it_connects(monkeypatch):
    order = []

    async def connect(self):
        order.append("connect")
        return "connected"

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", connect)
    handler = mock.MagicMock(spec=KernelWebsocketHandler)
    handler.set_nodelay.side_effect = lambda value: order.append(("set_nodelay", value))
    connection = PromptKernelConnection(websocket_handler=handler)
    # run without an event loop (pytest may be inside one): nothing here waits
    with pytest.raises(StopIteration) as done:
        connection.connect().send(None)
    assert done.value.value == "connected"
    assert order == [("set_nodelay", True), "connect"]


def test_the_setting_names_the_class():
    module, name = CONNECTION_CLASS.rsplit(".", 1)
    assert (PromptKernelConnection.__module__, PromptKernelConnection.__name__) == (module, name)

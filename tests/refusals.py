"""The shared assertion of the argument sweeps over the figure builders."""

import matplotlib.pyplot as plt
import pytest


def assert_refused_before_drawing(call, name: str, expected: type[Exception]) -> None:
    """``call()`` raises ``expected`` with a message that starts with the argument's name, and
    leaves no new figure behind (it refused before drawing anything)."""
    figures = plt.get_fignums()
    with pytest.raises((ValueError, TypeError)) as refused:
        call()
    message = str(refused.value)
    assert message.startswith((f"{name} must ", f"{name}[")), message
    assert refused.type is expected, message
    assert plt.get_fignums() == figures

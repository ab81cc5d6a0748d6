"""Tests cannot reach past this machine (pytest-socket): a forgotten fake fails, it never calls a platform."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_an_outside_address_is_refused() -> None:
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("203.0.113.7", 80), timeout=1)

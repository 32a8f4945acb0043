"""Anthropic Messages API (`POST /v1/messages`) through the gateway with the official anthropic SDK."""

from __future__ import annotations

import anthropic
import pytest

from conftest import CLIENT_KEY, Gateway


@pytest.mark.skip(reason="POST /v1/messages (Anthropic Messages at the edge) lands with a later issue")
def test_anthropic_messages_non_stream(gateway: Gateway) -> None:
    client = anthropic.Anthropic(base_url=gateway.url, api_key=CLIENT_KEY, max_retries=0)
    message = client.messages.create(
        model="gpt-test", max_tokens=64, messages=[{"role": "user", "content": "Say hello."}]
    )
    assert message.role == "assistant"
    assert message.content and message.content[0].type == "text" and message.content[0].text
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0

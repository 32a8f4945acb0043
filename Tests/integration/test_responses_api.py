"""OpenAI Responses API (`POST /v1/responses`) through the gateway with the official openai SDK,
routed to the OpenAI-flavored mock through the canonical Chat Completions request."""

from __future__ import annotations

import openai
import pytest

from conftest import MockProvider

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def test_responses_create(client: openai.OpenAI, mock: MockProvider) -> None:
    response = client.responses.create(model="gpt-test", instructions="Be brief.", input="Describe the gateway.")
    assert response.object == "response" and response.status == "completed"
    assert response.id.startswith("resp_")
    assert "Describe the gateway." in response.output_text
    assert response.usage is not None and response.usage.input_tokens > 0 and response.usage.output_tokens > 0

    [recorded] = mock.requests()
    assert recorded["path"] == "/v1/chat/completions"
    assert recorded["body"]["messages"][0] == {"role": "system", "content": "Be brief."}


def test_responses_stream(client: openai.OpenAI) -> None:
    deltas: list[str] = []
    kinds: list[str] = []
    with client.responses.stream(model="gpt-test", input="Stream this answer.") as stream:
        for event in stream:
            kinds.append(event.type)
            if event.type == "response.output_text.delta":
                deltas.append(event.delta)
        final = stream.get_final_response()
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert len(deltas) > 1
    assert "".join(deltas) == final.output_text
    assert "Stream this answer." in final.output_text
    assert final.usage is not None and final.usage.output_tokens > 0


def test_responses_tools_and_previous_response_id(client: openai.OpenAI, mock: MockProvider) -> None:
    first = client.responses.create(model="gpt-test", input="Weather in Paris?", tools=[WEATHER_TOOL], tool_choice="required")
    [call] = [item for item in first.output if item.type == "function_call"]
    assert call.name == "get_weather" and "city" in call.arguments

    second = client.responses.create(
        model="gpt-test",
        previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": '{"temperature_c": 18}'}],
        tools=[WEATHER_TOOL],
    )
    assert second.status == "completed" and second.output_text

    # The second upstream request carried the whole conversation: question, tool call, result.
    messages = mock.requests()[-1]["body"]["messages"]
    assert messages[0]["role"] == "user" and "Paris" in messages[0]["content"]
    assert messages[1]["role"] == "assistant" and messages[1]["tool_calls"][0]["id"] == call.call_id
    assert messages[2] == {"role": "tool", "tool_call_id": call.call_id, "content": '{"temperature_c": 18}'}


def test_responses_unknown_previous_response_id(client: openai.OpenAI, mock: MockProvider) -> None:
    with pytest.raises(openai.BadRequestError) as error:
        client.responses.create(model="gpt-test", previous_response_id="resp_does_not_exist", input="hi")
    assert error.value.body["param"] == "previous_response_id"
    assert mock.requests() == []

"""Embeddings and the model list through the gateway with the official openai SDK."""

from __future__ import annotations

import math

import openai
import pytest

from conftest import MockProvider

TEXTS = [
    "The cat sat on the mat.",
    "The cat sat on a mat.",
    "Quarterly revenue of the semiconductor division fell sharply.",
]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


# The SDK asks for base64 unless told otherwise; both encodings must survive the gateway.
@pytest.mark.parametrize("encoding", ["float", "sdk-default-base64"])
def test_embeddings_vectors(encoding: str, client: openai.OpenAI, mock: MockProvider) -> None:
    kwargs = {"encoding_format": "float"} if encoding == "float" else {}
    raw = client.embeddings.with_raw_response.create(model="embed-test", input=TEXTS, **kwargs)
    assert raw.headers.get("x-signalbox-provider") == "mock-openai"
    assert raw.headers.get("x-signalbox-model") == "mock-embed"
    result = raw.parse()

    assert [d.index for d in result.data] == [0, 1, 2]
    vectors = [d.embedding for d in result.data]
    dims = {len(v) for v in vectors}
    assert len(dims) == 1 and dims.pop() > 0, dims
    assert all(isinstance(x, float) for x in vectors[0])
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])
    assert result.usage.prompt_tokens > 0

    recorded = mock.requests()
    assert len(recorded) == 1
    assert recorded[0]["path"] == "/v1/embeddings"
    assert recorded[0]["body"]["model"] == "mock-embed"
    assert recorded[0]["body"]["input"] == TEXTS
    assert recorded[0]["body"].get("encoding_format") == ("float" if encoding == "float" else "base64")


def test_models_list_has_routes_and_provider_models(client: openai.OpenAI) -> None:
    ids = [m.id for m in client.models.list()]
    assert "gpt-test" in ids
    assert "embed-test" in ids
    assert "mock-openai/mock-gpt" in ids
    assert "mock-openai/mock-embed" in ids
    assert len(ids) == len(set(ids)), ids

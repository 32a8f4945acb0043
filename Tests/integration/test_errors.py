"""Error answers: the gateway's own validation (which must never reach the provider) and upstream
failures (passed on faithfully, naming the provider)."""

from __future__ import annotations

import json
import time

import openai
import pytest

from conftest import CLIENT_KEY, Gateway, MockProvider, error_body
from test_chat import USER_MESSAGES

AUTH = {"authorization": f"Bearer {CLIENT_KEY}"}
JSON_HEADERS = {**AUTH, "content-type": "application/json"}


def assert_mock_untouched(mock: MockProvider) -> None:
    stats = mock.stats()
    assert stats["requests"] == 0, f"a request the gateway should have rejected reached the provider: {stats}"
    assert mock.requests() == []


# -- the gateway's own validation --------------------------------------------------------------

INVALID_BODIES = {
    "malformed_json": b'{"model": "gpt-test", "messages": [',
    "messages_not_array": json.dumps({"model": "gpt-test", "messages": "x"}).encode(),
    "missing_model": json.dumps({"messages": USER_MESSAGES}).encode(),
    "missing_messages": json.dumps({"model": "gpt-test"}).encode(),
    "model_wrong_type": json.dumps({"model": 42, "messages": USER_MESSAGES}).encode(),
    "body_not_object": b'["model", "gpt-test"]',
    "invalid_utf8": b'{"model": "gpt-test", "messages": [{"role": "user", "content": "caf\xc3 \xff\xfe"}]}',
}


@pytest.mark.parametrize("case", sorted(INVALID_BODIES))
def test_invalid_chat_request_is_400_and_never_forwarded(case: str, gateway: Gateway, mock: MockProvider) -> None:
    r = gateway.http.post("/v1/chat/completions", content=INVALID_BODIES[case], headers=JSON_HEADERS)
    assert r.status_code == 400, r.text
    err = error_body(r)
    assert err["type"] == "invalid_request_error", err
    assert_mock_untouched(mock)


def test_invalid_embeddings_request_is_400(gateway: Gateway, mock: MockProvider) -> None:
    r = gateway.http.post("/v1/embeddings", content=json.dumps({"model": "embed-test"}), headers=JSON_HEADERS)
    assert r.status_code == 400, r.text
    error_body(r)
    assert_mock_untouched(mock)


def test_body_over_max_body_bytes_is_413(gateway: Gateway, mock: MockProvider) -> None:
    big = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "x" * 70_000}]}).encode()
    assert len(big) > 65536
    r = gateway.http.post("/v1/chat/completions", content=big, headers=JSON_HEADERS)
    assert r.status_code == 413, r.text
    error_body(r)
    assert_mock_untouched(mock)


def test_body_just_under_limit_is_accepted(gateway: Gateway, mock: MockProvider) -> None:
    # The limit is on bytes, not a rough guess: a 60 KB request still goes through.
    body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "y" * 60_000}]}).encode()
    assert len(body) < 65536
    r = gateway.http.post("/v1/chat/completions", content=body, headers=JSON_HEADERS)
    assert r.status_code == 200, r.text
    assert mock.stats()["chat_requests"] == 1


def test_non_json_content_type_is_415(gateway: Gateway, mock: MockProvider) -> None:
    body = json.dumps({"model": "gpt-test", "messages": USER_MESSAGES})
    r = gateway.http.post("/v1/chat/completions", content=body, headers={**AUTH, "content-type": "text/plain"})
    assert r.status_code == 415, r.text
    error_body(r)
    assert_mock_untouched(mock)


def test_unknown_model_is_404_model_not_found(client: openai.OpenAI, mock: MockProvider) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="no-such-model", messages=USER_MESSAGES)
    e = caught.value
    assert e.status_code == 404
    assert e.code == "model_not_found"
    assert "no-such-model" in e.message
    error_body(e.response)
    assert_mock_untouched(mock)


def test_unknown_provider_in_bypass_is_404(client: openai.OpenAI, mock: MockProvider) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="no-such-provider/mock-gpt", messages=USER_MESSAGES)
    assert caught.value.code == "model_not_found"
    assert_mock_untouched(mock)


# -- upstream failures (strict gateway: one attempt, breaker held closed) ----------------------


def named_provider(err: dict, provider: str) -> bool:
    return err.get("provider") == provider or provider in err.get("message", "")


def test_upstream_429_passes_status_retry_after_and_provider(strict_gateway: Gateway, mock: MockProvider) -> None:
    mock.faults(status=429, retry_after=2)
    with strict_gateway.client() as c, pytest.raises(openai.RateLimitError) as caught:
        c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES)
    e = caught.value
    assert e.status_code == 429
    assert e.response.headers.get("retry-after") == "2"
    err = error_body(e.response)
    assert err.get("provider") == "mock-openai", err
    assert "mock-openai" in err["message"], err
    assert mock.stats()["chat_requests"] >= 1


def test_upstream_503_passes_status_and_provider(strict_gateway: Gateway, mock: MockProvider) -> None:
    mock.faults(status=503)
    with strict_gateway.client() as c, pytest.raises(openai.InternalServerError) as caught:
        c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES)
    e = caught.value
    assert e.status_code == 503
    err = error_body(e.response)
    assert err.get("provider") == "mock-openai", err
    assert "mock-openai" in err["message"], err
    assert mock.stats()["chat_requests"] >= 1


def test_upstream_503_on_stream_request_is_an_http_error(strict_gateway: Gateway, mock: MockProvider) -> None:
    # Nothing was sent to the client yet, so the failure is a plain HTTP error, not a broken stream.
    mock.faults(status=503)
    with strict_gateway.client() as c, pytest.raises(openai.InternalServerError) as caught:
        c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES, stream=True)
    assert caught.value.status_code == 503
    assert named_provider(error_body(caught.value.response), "mock-openai")


def test_unreachable_provider_is_502(strict_gateway: Gateway, mock: MockProvider) -> None:
    with strict_gateway.client() as c, pytest.raises(openai.InternalServerError) as caught:
        c.chat.completions.create(model="dead-test", messages=USER_MESSAGES)
    assert caught.value.status_code == 502
    err = error_body(caught.value.response)
    assert named_provider(err, "dead-provider"), err
    assert_mock_untouched(mock)


def test_upstream_first_byte_timeout_is_504(strict_gateway: Gateway, mock: MockProvider) -> None:
    mock.faults(hang=True)
    started = time.monotonic()
    with strict_gateway.client(timeout=20.0) as c, pytest.raises(openai.InternalServerError) as caught:
        c.chat.completions.create(model="slow-test", messages=USER_MESSAGES)
    elapsed = time.monotonic() - started
    assert caught.value.status_code == 504
    err = error_body(caught.value.response)
    assert named_provider(err, "slow-provider"), err
    # first_byte_ms is 500 and there is one attempt: far below the 30 s default.
    assert elapsed < 5.0, f"504 took {elapsed:.1f} s; the provider's first_byte_ms was not applied"
    assert mock.stats()["chat_requests"] >= 1


def test_gateway_survives_upstream_errors(strict_gateway: Gateway, mock: MockProvider) -> None:
    # After the failures above, a healthy upstream is served again (no stuck state).
    with strict_gateway.client() as c:
        completion = c.chat.completions.create(model="gpt-test", messages=USER_MESSAGES)
    assert completion.choices[0].message.content
    assert strict_gateway.process.exited() is None


def test_unknown_path_is_404(gateway: Gateway, mock: MockProvider) -> None:
    r = gateway.http.post("/v1/does-not-exist", json={}, headers=AUTH)
    assert r.status_code == 404
    assert_mock_untouched(mock)

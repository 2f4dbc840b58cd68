"""Schemathesis hooks for SEED (loaded through SCHEMATHESIS_HOOKS).

A request the OpenAPI document calls valid may still be refused by a business rule (409, 403,
404, 422 with a rule's code): that is the API working. It must never be refused as malformed,
which would mean the document does not state a rule the server enforces.
"""

import uuid

import schemathesis


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """Keeps the generated Idempotency-Key (its grammar is under test) and makes it unique, so
    a TS-moving request is not answered as a replay of another body under the same key."""
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            headers[name] = f"{str(headers[name])[:160]}-{uuid.uuid4()}"


@schemathesis.check
def valid_requests_are_not_refused_as_malformed(ctx, response, case):
    status = response.status_code
    if status == 400:
        raise AssertionError(f"a schema-valid request got 400: {response.text[:500]}")
    if status == 422:
        try:
            code = response.json().get("code")
        except ValueError:
            code = None
        if code == "validation_failed":
            raise AssertionError(f"a schema-valid request failed validation: {response.text[:500]}")
    return None

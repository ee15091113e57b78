"""Schemathesis drives the public API from its own OpenAPI schema: no input gives a server error,
and every status code the API answers is one the schema documents."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from app.main import app
from tests.conftest import make_staff
from tests.resident_support import open_campaign

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
EXAMPLES = 25  # per operation: bounded, so CI time stays flat


@pytest.fixture
def token(session) -> str:
    open_campaign(session, slug="demo")  # so that some generated slugs meet a real campaign's rules
    _, token = make_staff(session, role="admin")
    return token


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, token) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                           checks=[not_a_server_error, status_code_conformance])


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema_without_a_token(case) -> None:
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance])

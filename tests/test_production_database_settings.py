"""PostgreSQL's parallel query is off in production unless asked for (docs/performance.md: on a machine
whose cores the app processes already keep busy, it made the city timeline slower), and its JIT compiler
is off everywhere (it spent 60 ms compiling the map data's query, which runs in 50)."""

import pytest
from django.db import connection

from tests.test_production_settings import deployment, read_settings


def test_parallel_query_is_off_by_default_and_jit_too():
    database = read_settings(deployment())["DATABASE"]
    assert database["OPTIONS"]["options"] == "-c jit=off -c max_parallel_workers_per_gather=0"


def test_parallel_query_can_be_turned_on():
    database = read_settings(deployment(DATABASE_PARALLEL_WORKERS="2"))["DATABASE"]
    assert database["OPTIONS"]["options"] == "-c jit=off -c max_parallel_workers_per_gather=2"


@pytest.mark.django_db
def test_the_site_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's; the PostgreSQL pass of the suite runs this")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)

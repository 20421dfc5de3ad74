"""PostgreSQL's parallel query is off in production unless asked for (docs/performance.md: on a machine
whose cores the app processes already keep busy, it made the city timeline slower)."""

from tests.test_production_settings import deployment, read_settings


def test_parallel_query_is_off_by_default():
    database = read_settings(deployment())["DATABASE"]
    assert database["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0"


def test_parallel_query_can_be_turned_on():
    database = read_settings(deployment(DATABASE_PARALLEL_WORKERS="2"))["DATABASE"]
    assert database["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=2"

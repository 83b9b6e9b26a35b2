"""pytest settings for both tests/ and notebooks/ (nbval): loaded before either is collected."""

from tests.threads import limit_threads


def pytest_configure(config) -> None:
    limit_threads()  # parallel workers (make test: -n 2) get one compute thread per core between them

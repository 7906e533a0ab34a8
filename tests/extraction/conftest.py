def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long-running tests (pathological inputs, processes)")

"""pytest configuration shared by the whole suite."""


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'jit: slow JIT trace tests with the meta-interpreter')
    config.addinivalue_line(
        'markers', 'rpython: slow tests that annotate or compile RPython to C')
    config.addinivalue_line(
        'markers', 'binary: tests that need the translated bin/orus')

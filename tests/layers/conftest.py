import os


def pytest_terminal_summary(terminalreporter):
    """With KG_ORACLE_STATS=1, show how many configurations Keras accepted/rejected."""
    if not os.environ.get("KG_ORACLE_STATS"):
        return
    from tests.layers.oracle import STATS

    names = sorted({n for n, _ in STATS})
    terminalreporter.write_line("oracle configurations (accepted / rejected):")
    for n in names:
        terminalreporter.write_line(f"  {n:40s} {STATS[n, 'accepted']:5d} / {STATS[n, 'rejected']:5d}")

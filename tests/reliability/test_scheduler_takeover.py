"""Two `flask scheduler` processes on one database: kill -9 the one running jobs, and the
waiting one takes over within a minute; a missed job caught up by the first is not run
again by the second."""
from bench.reliability import scheduler_takeover


def test_the_waiting_scheduler_takes_over_and_runs_nothing_twice(database_url, tmp_path):
    run = scheduler_takeover(database_url, str(tmp_path))
    assert run["second_waited"]
    assert run["takeover"] is not None and run["takeover"] < 60
    assert run["first_ran"] == 1 and run["second_ran"] == 0

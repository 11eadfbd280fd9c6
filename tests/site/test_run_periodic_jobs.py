"""`manage.py run_periodic_jobs`: each job at its interval, failures contained, one runner per job.

The jobs here are recording stand-ins with the real scheduler code and the
real lease rows in the database; the last tests run the command itself with
the real job list.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from reporting.models import PeriodicJobLease
from upstander.management.commands import run_periodic_jobs
from upstander.management.commands.run_periodic_jobs import PeriodicJob, run_due_jobs

pytestmark = pytest.mark.django_db


class Recorder:
    def __init__(self):
        self.runs: list[str] = []

    def job(self, name, interval, *, fails=False, pause=0.0):
        def run():
            self.runs.append(name)
            if pause:
                time.sleep(pause)
            if fails:
                raise RuntimeError(f"{name} broke")

        return PeriodicJob(name, interval, run)


def test_each_job_runs_at_its_own_interval():
    recorder = Recorder()
    jobs = [
        recorder.job("every_minute", run_periodic_jobs.MINUTE),
        recorder.job("hourly", run_periodic_jobs.HOUR),
        recorder.job("daily", run_periodic_jobs.DAY),
    ]
    start = timezone.now()
    # Ticks as a minute's cron or `--loop 60` makes them, each a little early or late.
    ticks = [0, 30, 59, 61, 119, 122, 3600, 3659, 3661, 86_401]
    ran = {
        tick: run_due_jobs(holder="s1", now=start + timedelta(seconds=tick), jobs=jobs)
        for tick in ticks
    }
    assert ran[0] == ["every_minute", "hourly", "daily"]
    assert [tick for tick in ticks if "every_minute" in ran[tick]] == [
        0,
        59,
        119,
        3600,
        3659,
        86_401,
    ]
    assert [tick for tick in ticks if "hourly" in ran[tick]] == [0, 3600, 86_401]
    assert [tick for tick in ticks if "daily" in ran[tick]] == [0, 86_401]


def test_a_failing_job_is_logged_and_the_others_still_run(caplog):
    recorder = Recorder()
    jobs = [
        recorder.job("first", run_periodic_jobs.MINUTE),
        recorder.job("broken", run_periodic_jobs.MINUTE, fails=True),
        recorder.job("last", run_periodic_jobs.MINUTE),
    ]
    with caplog.at_level(logging.ERROR, logger=run_periodic_jobs.__name__):
        ran = run_due_jobs(holder="s1", jobs=jobs)
    assert recorder.runs == ["first", "broken", "last"] and ran == recorder.runs
    failures = [r for r in caplog.records if r.getMessage() == "Periodic job broken failed"]
    assert len(failures) == 1 and "broken broke" in str(failures[0].exc_info[1])
    lease = PeriodicJobLease.objects.get(name="broken")
    assert lease.last_failed and lease.held_by == "" and lease.held_until is None
    assert not PeriodicJobLease.objects.get(name="last").last_failed


def test_a_failing_job_waits_its_interval_before_it_is_tried_again():
    recorder = Recorder()
    jobs = [recorder.job("broken", run_periodic_jobs.HOUR, fails=True)]
    start = timezone.now()
    for minute in range(0, 61):
        run_due_jobs(holder="s1", now=start + timedelta(minutes=minute), jobs=jobs)
    assert recorder.runs == ["broken", "broken"]  # at 0 and at 60 minutes


def test_a_job_held_by_one_scheduler_is_not_run_by_another():
    recorder = Recorder()
    job = recorder.job("minute_job", run_periodic_jobs.MINUTE)
    now = timezone.now()
    from reporting.services.operations import periodic_job_claim

    assert periodic_job_claim(
        name="minute_job",
        interval=timedelta(0),
        holder="server-a",
        lease=timedelta(minutes=30),
        now=now,
    )
    # Server A is still running it (a slow job): server B, later, stays out until A's hold ends.
    assert run_due_jobs(holder="server-b", now=now + timedelta(minutes=5), jobs=[job]) == []
    assert run_due_jobs(holder="server-b", now=now + timedelta(minutes=31), jobs=[job]) == [
        "minute_job"
    ]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_run_each_job_once():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database two connections can share")
    recorder = Recorder()
    jobs = [
        recorder.job("one", run_periodic_jobs.MINUTE, pause=0.2),
        recorder.job("two", run_periodic_jobs.HOUR, pause=0.2),
    ]
    now = timezone.now()
    start = threading.Barrier(2)
    errors = []

    def scheduler(holder):
        try:
            start.wait()
            for offset in (0, 1, 2):  # each server ticks three times in the same minute
                run_due_jobs(holder=holder, now=now + timedelta(seconds=offset), jobs=jobs)
        except Exception as error:  # shown below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(f"server-{n}",)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(recorder.runs) == ["one", "two"]


def test_the_command_runs_the_real_jobs_and_books_each_one(settings):
    with mock.patch.object(run_periodic_jobs, "call_command") as called:
        call_command("run_periodic_jobs")
    assert {call.args[0] for call in called.call_args_list} == {
        job.name for job in run_periodic_jobs.JOBS if job.function is None
    }
    booked = dict(PeriodicJobLease.objects.values_list("name", "next_run_at"))
    assert set(booked) == {job.name for job in run_periodic_jobs.JOBS}
    # Run again at once: nothing is due, nothing runs twice.
    with mock.patch.object(run_periodic_jobs, "call_command") as called_again:
        call_command("run_periodic_jobs")
    assert called_again.call_count == 0

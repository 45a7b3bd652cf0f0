"""`antq worker`: the job worker. It runs django-tasks-db's worker loop in
ANTQ_IMPORT_CONCURRENCY threads (so a server runs at most that many imports at once), beats a
heartbeat and reaps the jobs of dead workers (core/jobs.py).

The first SIGINT/SIGTERM stops it taking tasks and lets running ones finish; a second one exits
at once (a running import's transaction rolls back, and its job is reaped as failed).
"""

import os
import signal
import threading

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from antq.core import jobs


class Command(DbWorkerCommand):
    help = (
        "Run the job worker: ANTQ_IMPORT_CONCURRENCY tasks at once, with a heartbeat and the "
        "reaper of dead workers' jobs."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--concurrency",
            type=int,
            default=None,
            help="Tasks run at once (default: ANTQ_IMPORT_CONCURRENCY).",
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, **options):
        self.configure_logging(verbosity)
        concurrency = max(options.get("concurrency") or settings.ANTQ_IMPORT_CONCURRENCY, 1)
        workers = [
            Worker(
                queue_names=queue_name.split(","),
                interval=interval,
                batch=batch,
                backend_name=backend_name,
                startup_delay=options["startup_delay"] and not batch,
                max_tasks=options["max_tasks"],
                worker_id=jobs.worker_identity(i),
                excluded_queue_names=[],
            )
            for i in range(concurrency)
        ]
        jobs.beat()
        jobs.reap()
        if concurrency == 1:
            # in the calling thread: `--batch` in tests runs on the test's own connection
            self._serve(workers, [], batch)
            return
        threads = [
            threading.Thread(target=self._run, args=(w,), name=f"antq-worker-{i}", daemon=True)
            for i, w in enumerate(workers)
        ]
        self._serve(workers, threads, batch)

    @staticmethod
    def _run(worker):
        try:
            worker.run()
        finally:
            connection.close()

    def _serve(self, workers, threads, batch):
        # a batch run (tests, cron) leaves reaping and signals to its caller
        heartbeat = jobs.Heartbeat(reaping=not batch)
        heartbeat.start()
        stopping = threading.Event()

        def stop(signum, frame):
            if stopping.is_set() or not any(w.running_task for w in workers):
                heartbeat.stopped.set()
                os._exit(0 if not any(w.running_task for w in workers) else 1)
            stopping.set()
            for w in workers:
                w.running = False
            self.stderr.write("antq worker: stopping after the running task(s)")

        if not batch and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
        try:
            if not threads:
                workers[0].run()
            else:
                for t in threads:
                    t.start()
                for t in threads:
                    while t.is_alive():
                        t.join(0.5)
        finally:
            heartbeat.stopped.set()

"""gunicorn settings: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Workers from cores (2 per core + 1, capped by WEB_WORKERS); the app is stateless
(sessions in signed cookies, rate limits and the task queue in Redis, files on
the shared UPLOAD_DIR), so more servers behind the proxy add capacity.
"""
import gc
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# The app checks it: production refuses per-process (memory://) rate limits with several workers.
os.environ["WEB_WORKERS"] = str(workers)
# Threads: a worker waits for the database most of a request's time (an autosave is one
# durable write); the benches in bench/ run with these settings.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, in case anything leaks. Not often: a new
# worker starts with cold caches (papers, tokens, compiled statements, database connections)
# and the old one drops its connections; at 5,000, on exam day (500 requests a second per
# worker) that was every ten seconds, and it took the start's p95 from 0.37 to 0.6-1.4 s
# (bench/exam_load.py).
max_requests = 200_000
max_requests_jitter = 20_000
# The app is loaded once, in the master, and every worker is a fork of it: a worker started in
# place of a recycled one (max_requests) is ready at once. Each worker loading the app itself
# cost a second of CPU per recycle: on exam day, with workers recycled every few seconds, a
# fifth of the autosave's CPU (bench/autosave_floor.py). Deploying new code means a restart
# (HUP reloads the workers, not the master's copy of the app).
preload_app = True
accesslog = "-"
errorlog = "-"
# One JSON object per request line, for the log collector.
access_log_format = ('{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s",'
                     '"status":%(s)s,"bytes":%(B)s,"ms":%(M)s,"agent":"%(a)s"}')
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The app is loaded: what it made is moved out of the collector's way, so workers neither
    scan it in every full collection nor copy the pages it lies on (gc.freeze, for forking
    servers)."""
    gc.freeze()


def post_fork(server, worker):
    """No database connection crosses the fork: the worker drops the pools it inherited
    (close=False leaves the master's sockets to the master; the master opens none anyway)."""
    app = worker.app.wsgi()
    sqlalchemy = getattr(app, "extensions", {}).get("sqlalchemy")
    if sqlalchemy is not None:
        with app.app_context():
            for engine in sqlalchemy.engines.values():
                engine.dispose(close=False)

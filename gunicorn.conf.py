"""gunicorn settings: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Workers from cores (2 per core + 1, capped by WEB_WORKERS); the app is stateless
(sessions in signed cookies, rate limits and the task queue in Redis, files on
the shared UPLOAD_DIR), so more servers behind the proxy add capacity.
"""
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# The app checks it: production refuses per-process (memory://) rate limits with several workers.
os.environ["WEB_WORKERS"] = str(workers)
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# One JSON object per request line, for the log collector.
access_log_format = ('{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s",'
                     '"status":%(s)s,"bytes":%(B)s,"ms":%(M)s,"agent":"%(a)s"}')
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

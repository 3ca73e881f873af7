"""Two gunicorn instances behind an nginx on this machine, as on exam day with several servers.

Used by `bench/reliability.py two-servers` and tests/reliability/test_two_servers.py. Both
instances share the database, a Redis database of their own for the rate limits and the task
queue (flushed before and after), and one upload folder; nginx runs in the foreground as a
child process with its config, logs, pid and temp files in a folder of its own.
"""
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

from bench.exam_load import free_port, listening, serve
from bench.loadclient import TOKEN

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = "redis://127.0.0.1:6379"
ATTEMPT = re.compile(r"/api/attempts/(\d+)/")
# Failed log-ins allowed per account and address: few, to see the instances share the count.
# Successful log-ins are not counted, so the candidates never meet it.
ACCOUNT_LIMIT = 3

# The proxy settings of docs/deploy/nginx.conf, but for the balancing. Plain round robin spread
# the requests but not a candidate's: candidates saving in step each landed on the same instance
# round after round (21 of 240 consecutive requests changed instance). So the n-th request on a
# client connection (one per candidate) goes to instance 1 when n is odd, 2 when even, the other
# instance standing by as backup. Host keeps the port ($http_host): the bench listens on a port
# of its own, not 443.
# nginx passes a request to the backup when its instance refuses the connection, POSTs included
# (nothing was sent); a POST already sent when its instance dies is answered 502 and the page
# (the load client) sends it again. `non_idempotent` stays off: a replayed save or submit would
# be harmless (seq; idempotent by design), but the page's retry already covers it, and a
# replayed log-in or any other form would not be.
CONFIG = """\
worker_processes 1;
error_log {folder}/error.log warn;
pid {folder}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    log_format split '$msec $upstream_addr $status $request_method $uri';
    access_log {folder}/access.log split;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    map $connection_requests $instance {{
        ~[13579]$ first;
        default second;
    }}
    upstream first {{
        server 127.0.0.1:{first} max_fails=3 fail_timeout=10s;
        server 127.0.0.1:{second} backup;
        keepalive 16;
    }}
    upstream second {{
        server 127.0.0.1:{second} max_fails=3 fail_timeout=10s;
        server 127.0.0.1:{first} backup;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 32m;
        proxy_read_timeout 60s;
        location / {{
            proxy_pass http://$instance;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


def nginx_config(folder: Path, port: int, upstreams: list[int]) -> Path:
    first, second = upstreams
    path = folder / "nginx.conf"
    path.write_text(CONFIG.format(folder=folder, port=port, first=first, second=second))
    return path


def start_nginx(folder: Path, upstreams: list[int]) -> tuple[subprocess.Popen, int]:
    """nginx in the foreground (a child of this process, not the system's service)."""
    port = free_port()
    config = nginx_config(folder, port, upstreams)
    proc = subprocess.Popen([NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;"],
                            start_new_session=True, stderr=subprocess.DEVNULL)
    return listening(proc, port, f"nginx did not start: see {folder}/error.log"), port


def redis_client(db: int):
    import redis
    return redis.Redis.from_url(f"{REDIS}/{db}")


class Instance:
    """One gunicorn (master and workers), its access log in a file."""

    def __init__(self, url: str, workers: int, threads: int, log: Path, env: dict) -> None:
        self.port = free_port()
        self.log = log
        with open(log, "w") as out:
            self.proc = serve(url, self.port, workers, threads, log=out, env=env)

    def served(self) -> int:
        """Requests this instance answered: its access log's lines (JSON, one per request)."""
        return sum(line.startswith('{"time"') for line in self.log.read_text().splitlines())

    def kill(self) -> None:
        """SIGKILL the master and its workers at once, as a server losing power."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


class TwoServers:
    """`with TwoServers(url, redis_db=13) as pair:` then send requests to `pair.base`."""

    def __init__(self, url: str, workers: int = 2, threads: int = 8, redis_db: int = 13) -> None:
        self.url, self.workers, self.threads, self.redis_db = url, workers, threads, redis_db
        self.instances: list[Instance] = []
        self.nginx = None

    def env(self) -> dict:
        queue = f"{REDIS}/{self.redis_db}"
        return {"RATELIMIT_STORAGE_URI": queue, "TASK_QUEUE_URL": queue,
                "UPLOAD_DIR": str(self.folder / "uploads"), "WEB_SERVERS": "2", "PROXY_FIX": "1",
                "LOGIN_LIMIT_PER_ACCOUNT": f"{ACCOUNT_LIMIT} per minute"}

    def __enter__(self) -> "TwoServers":
        self.folder = Path(tempfile.mkdtemp(prefix="two-servers-"))
        (self.folder / "uploads").mkdir()
        redis_client(self.redis_db).flushdb()
        try:
            for n in (1, 2):
                self.instances.append(Instance(self.url, self.workers, self.threads,
                                               self.folder / f"gunicorn{n}.log", self.env()))
            self.nginx, port = start_nginx(self.folder, [i.port for i in self.instances])
        except BaseException:
            self.__exit__()
            raise
        self.base = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc) -> None:
        if self.nginx is not None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        for instance in self.instances:
            instance.stop()
        redis_client(self.redis_db).flushdb()
        shutil.rmtree(self.folder, ignore_errors=True)

    def split(self) -> list[int]:
        return [i.served() for i in self.instances]

    def redis_keys(self) -> Counter:
        """Keys in the Redis database, by what comes before the first '/' or ':'."""
        keys = redis_client(self.redis_db).keys("*")
        return Counter(re.split(r"[/:]", k.decode(), maxsplit=1)[0] for k in keys)

    def failed_logins(self) -> list[int]:
        """Wrong passwords for one account, to each instance in turn (not through nginx, to be
        sure of the turn): the try after ACCOUNT_LIMIT is refused (429) only if both instances
        count in one place; with counters per process each would still be under the limit."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        statuses = []
        for n in range(ACCOUNT_LIMIT + 1):
            url = f"http://127.0.0.1:{self.instances[n % 2].port}/login"
            token = TOKEN.search(opener.open(url).read().decode()).group(1)
            form = urllib.parse.urlencode({"username": "nobody", "password": "wrong",
                                           "csrf_token": token}).encode()
            try:
                statuses.append(opener.open(url, form).status)
            except urllib.error.HTTPError as refused:
                statuses.append(refused.code)
        return statuses

    def queue_backend(self) -> str:
        """What the task queue of a process with the instances' environment is."""
        code = ("from app.jobs.queue import huey; s = huey.storage; "
                "print(type(huey).__name__, getattr(s, 'conn', None) and "
                "s.conn.connection_pool.connection_kwargs.get('db'))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                             text=True, env=os.environ | self.env() | {"DATABASE_URL": self.url},
                             cwd=Path(__file__).resolve().parents[1])
        return out.stdout.strip() or out.stderr.strip()[-300:]

    def per_candidate(self) -> tuple[int, int, int, int]:
        """From nginx's log, per attempt (exam API requests): how many attempts were served by
        both instances, of how many, and the consecutive requests that changed instance."""
        served = defaultdict(list)
        for line in (self.folder / "access.log").read_text().splitlines():
            _, upstream, _, _, uri = line.split(" ", 4)
            if match := ATTEMPT.search(uri):
                served[match.group(1)].append(upstream.split(",")[-1].strip())
        both = sum(len(set(ups)) > 1 for ups in served.values())
        pairs = sum(len(ups) - 1 for ups in served.values())
        switches = sum(a != b for ups in served.values() for a, b in pairwise(ups))
        return both, len(served), switches, pairs

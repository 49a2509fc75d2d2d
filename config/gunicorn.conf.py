"""gunicorn settings for production (``gunicorn -c config/gunicorn.conf.py config.wsgi``).
Every value can be set from the environment."""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# a request longer than this is stopped (exports and PDFs finish well within it)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# the reverse proxy's address: X-Forwarded-* headers from it are trusted
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = ('{"time": "%(t)s", "request_id": "%({x-request-id}o)s", '
                     '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
                     '"bytes": "%(B)s", "duration_ms": %(M)s, "ip": "%(h)s"}')
# bounded request sizes: uploads are checked by the application (10 MiB per file)
limit_request_line = 8190
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

"""The shop API: answers on 127.0.0.1:9000 and logs every request. It will not run without its log.
Run as the user shop by its supervisor (svcd.py shop-api)."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = "/var/log/shop/access.log"
# Below this much free space the API refuses to start: it would soon lose access-log entries.
MIN_FREE_BYTES = 1024 * 1024


def log(line):
    with open(LOG, "a") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            log(f"GET {self.path} 200")
        except OSError as e:
            self.send_error(500, f"cannot write the access log: {e.strerror}")
            return
        body = json.dumps({"service": "shop-api", "path": self.path, "status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    disk = os.statvfs(os.path.dirname(LOG))
    free = disk.f_bavail * disk.f_frsize
    if free < MIN_FREE_BYTES:
        print(f"shop-api: {os.path.dirname(LOG)} has {free // 1024} KiB free; not starting", file=sys.stderr)
        sys.exit(1)
    try:
        log("shop-api starting")
    except OSError as e:
        print(f"shop-api: cannot write {LOG}: {e.strerror}; not starting", file=sys.stderr)
        sys.exit(1)
    ThreadingHTTPServer(("127.0.0.1", 9000), Handler).serve_forever()

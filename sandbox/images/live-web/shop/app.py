"""The shop API: answers on 127.0.0.1:9000 and logs every request. It will not run without its log.
Run as the user shop by its supervisor (svcd.py shop-api)."""
import grp
import hashlib
import hmac
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = "/var/log/shop/access.log"
# Below this much free space the API refuses to start: it would soon lose access-log entries.
MIN_FREE_BYTES = 1024 * 1024
# Every answer is signed (X-Shop-Proof: HMAC of its path) with a key made at start and readable only
# by this service and the platform's checks: proof that this process answered, which nothing in
# front of it (nginx composing a reply) can forge.
PROOF_KEY_FILE = "/srv/shop/proof-key"
PROOF_KEY = os.urandom(32)


def publish_proof_key():
    tmp = PROOF_KEY_FILE + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(fd, "w") as f:
        os.fchown(f.fileno(), -1, grp.getgrnam("checker").gr_gid)
        os.fchmod(f.fileno(), 0o640)
        f.write(PROOF_KEY.hex())
    os.replace(tmp, PROOF_KEY_FILE)


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
        self.send_header("X-Shop-Proof", hmac.new(PROOF_KEY, self.path.encode(), hashlib.sha256).hexdigest())
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
    server = ThreadingHTTPServer(("127.0.0.1", 9000), Handler)
    publish_proof_key()
    server.serve_forever()

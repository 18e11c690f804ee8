"""A service's control daemon, as systemd and sudo would be on a real server.

It runs as the service's own user (started by the platform's exec as that user: the container has
no capabilities, so nothing in it can switch users), supervises the service, and takes named
commands from the on-call engineer over a Unix socket. It trusts the caller's uid as the kernel
reports it (SO_PEERCRED) and runs nothing the caller names: every command maps to fixed code.

    python3 -I svcd.py shop-api    # as shop: supervises /opt/shop/app.py, log maintenance
    python3 -I svcd.py nginx       # as www-data: the nginx master, tested before every (re)load
"""
import gzip
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

SRE, CHECKER = 1000, 1100
SOCKETS = {"shop-api": "/srv/shop/control.sock", "nginx": "/srv/nginx/control.sock"}
LOG_DIR = "/var/log/shop"


def stamp():
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class ShopApi:
    """Keeps the shop API running (restarting it 2 s after it exits) and maintains its log volume."""

    name = "shop-api"
    journal = "/srv/shop/supervisor.log"

    def __init__(self):
        self.wanted = True
        self.proc = None
        self.since = None
        self.last_exit = None
        self.wake = threading.Event()
        threading.Thread(target=self.supervise, daemon=True).start()

    def note(self, line):
        with open(self.journal, "a") as f:
            f.write(f"{stamp()} {line}\n")

    def supervise(self):
        while True:
            if not self.wanted:
                self.wake.wait(0.5)
                self.wake.clear()
                continue
            with open(self.journal, "a") as journal:
                self.proc = subprocess.Popen(["/usr/bin/python3", "-I", "/opt/shop/app.py"], stdin=subprocess.DEVNULL,
                                             stdout=journal, stderr=journal, cwd="/opt/shop")
            self.since = time.time()
            code = self.proc.wait()
            self.proc = None
            self.last_exit = code
            if self.wanted:
                self.note(f"shop-api exited with status {code}; restarting in 2 s")
                self.wake.wait(2)
                self.wake.clear()
            else:
                self.note(f"shop-api stopped (status {code})")

    def status(self):
        if self.proc:
            return 0, f"● shop-api.service - shop API (python3 /opt/shop/app.py, user shop)\n     Active: active (running) since {time.ctime(self.since)}\n   Main PID: {self.proc.pid}\n"
        state = "activating (auto-restart)" if self.wanted else "inactive (dead)"
        return 3, f"● shop-api.service - shop API (python3 /opt/shop/app.py, user shop)\n     Active: {state}; last exit status {self.last_exit}\n     See: journalctl -u shop-api\n"

    def start(self):
        self.wanted = True
        self.wake.set()
        return 0, ""

    def stop(self):
        self.wanted = False
        proc = self.proc
        if proc:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        return 0, ""

    def restart(self):
        self.stop()
        for _ in range(50):
            if self.proc is None:
                break
            time.sleep(0.1)
        return self.start()

    def reload(self):
        return 1, "Failed to reload shop-api.service: Job type reload is not applicable for unit shop-api.service.\n"

    def logfile(self, path):
        """A regular file directly in the log volume, refused otherwise (no links, no other folder)."""
        full = os.path.normpath(os.path.join(LOG_DIR, path) if not path.startswith("/") else path)
        if os.path.dirname(full) != LOG_DIR:
            raise PermissionError(f"{path}: only files in {LOG_DIR} may be maintained")
        st = os.lstat(full)
        if not (st.st_mode & 0o170000 == 0o100000):
            raise PermissionError(f"{path}: not a regular file")
        return full

    def files(self, argv):
        verb, args = argv[0], argv[1:]
        if verb == "rm":
            paths = [a for a in args if not a.startswith("-")]
            if not paths:
                return 1, "rm: missing operand\n"
            for p in paths:
                os.unlink(self.logfile(p))
            return 0, ""
        if verb == "truncate":
            if len(args) != 3 or args[0] not in ("-s", "--size"):
                return 1, "usage: sudo truncate -s SIZE FILE (SIZE in bytes, K or M)\n"
            size = args[1].upper()
            scale = {"K": 1024, "M": 1024 * 1024}.get(size[-1:], 1)
            os.truncate(self.logfile(args[2]), int(size.rstrip("KM")) * scale)
            return 0, ""
        if verb == "gzip":
            keep = "-k" in args
            paths = [a for a in args if not a.startswith("-")]
            for p in paths:
                src = self.logfile(p)
                with open(src, "rb") as i, gzip.open(src + ".gz", "wb") as o:
                    shutil.copyfileobj(i, o)
                if not keep:
                    os.unlink(src)
            return 0, ""
        return 1, f"{verb}: not a log maintenance command\n"


class Nginx:
    """The nginx master, started and reloaded only from the site's configuration on disk, after a test."""

    name = "nginx"
    conf = "/srv/site/nginx.conf"
    loaded = "/srv/nginx/loaded.conf"
    base = ["/usr/sbin/nginx", "-c", conf, "-p", "/srv/nginx/", "-e", "/srv/nginx/error.log", "-g", "daemon off;"]

    def __init__(self):
        self.proc = None
        self.since = None
        self.lock = threading.Lock()
        for _ in range(200):
            if os.path.exists(self.conf):
                break
            time.sleep(0.05)
        self.start()

    def run(self, *args):
        done = subprocess.run(self.base + list(args), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
        return done.returncode, done.stdout + done.stderr

    def test(self):
        return self.run("-t")

    def dump(self):
        return self.run("-T")

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def record_loaded(self):
        """What the master is about to run: the on-disk configuration with every include, as nginx -T prints it."""
        code, out = self.dump()
        tmp = self.loaded + ".tmp"
        with open(tmp, "w") as f:
            f.write(out if code == 0 else "")
        os.replace(tmp, self.loaded)

    def status(self):
        if self.running():
            return 0, f"● nginx.service - nginx (user www-data, {self.conf})\n     Active: active (running) since {time.ctime(self.since)}\n   Main PID: {self.proc.pid}\n"
        return 3, "● nginx.service - nginx\n     Active: inactive (dead)\n"

    def start(self):
        if self.running():
            return 0, ""
        code, out = self.test()
        if code != 0:
            return code, out + "Job for nginx.service failed: the configuration test failed.\n"
        self.record_loaded()
        self.proc = subprocess.Popen(self.base, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.since = time.time()
        return 0, ""

    def signal(self, sig, verb):
        if not self.running():
            return 1, f"nginx.service is not active, cannot {verb}.\n"
        os.kill(self.proc.pid, sig)
        return 0, ""

    def stop(self):
        if self.running():
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        return 0, ""

    def restart(self):
        code, out = self.test()
        if code != 0:
            return code, out + "Job for nginx.service failed: the configuration test failed.\n"
        self.stop()
        return self.start()

    def reload(self):
        code, out = self.test()
        if code != 0:
            return code, out + "Reload refused: the configuration test failed; nginx keeps running the previous one.\n"
        if not self.running():
            return 1, "nginx.service is not active, cannot reload.\n"
        self.record_loaded()
        before = self.workers()
        code, out = self.signal(signal.SIGHUP, "reload")
        if code == 0:
            self.await_new_worker(before)
        return code, out

    def workers(self):
        """The pids of the master's children (its workers) as /proc shows them now."""
        pids = set()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    # pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.proc.pid:
                pids.add(int(entry))
        return pids

    def await_new_worker(self, before, timeout=5.0):
        """Returns once the master has re-read its configuration: it starts new workers only after
        parsing it. Like systemd with a service that reports its reload done, `systemctl reload`
        answers after the new configuration is in force, not when the signal is sent."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running():
            if self.workers() - before:
                return
            time.sleep(0.02)

    def reopen(self):
        return self.signal(signal.SIGUSR1, "reopen its logs")


def serve(unit):
    path = SOCKETS[unit.name]
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o666)
    server.listen(16)
    lock = threading.Lock()

    def handle(conn):
        with conn:
            uid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
            try:
                request = json.loads(conn.makefile("r").readline() or "{}")
                argv = [str(a) for a in request.get("argv", [])][:16]
                if uid not in (SRE, CHECKER):
                    code, out = 1, "permission denied\n"
                else:
                    with lock:
                        code, out = dispatch(unit, argv)
            except Exception as error:  # noqa: BLE001 - every failure is the caller's answer
                code, out = 1, f"{unit.name}: {error}\n"
            conn.sendall((json.dumps({"code": code, "out": out[-65536:]}) + "\n").encode())

    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def dispatch(unit, argv):
    verb = argv[0] if argv else "status"
    if verb in ("status", "start", "stop", "restart", "reload"):
        return getattr(unit, verb)()
    if verb == "is-active":
        return (0, "active\n") if unit.status()[0] == 0 else (3, "inactive\n")
    if unit.name == "nginx" and verb in ("test", "dump", "reopen"):
        return getattr(unit, verb)()
    if unit.name == "shop-api" and verb in ("rm", "truncate", "gzip"):
        return unit.files(argv)
    if verb == "journal":
        path = ShopApi.journal if unit.name == "shop-api" else "/srv/nginx/error.log"
        with open(path) as f:
            return 0, f.read()[-65536:]
    return 1, f"unknown command {verb}\n"


if __name__ == "__main__":
    os.umask(0o022)
    serve(ShopApi() if sys.argv[1] == "shop-api" else Nginx())

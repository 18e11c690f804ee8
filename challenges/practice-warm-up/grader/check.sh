# The practice checks. Run as `checker` inside the practice environment, fed on stdin after the
# preamble (GAUNTLET_VERDICT_MARKER, GAUNTLET_FILES_B64); only this shell prints the marker, once.
# Files are read through python's own open() with a size cap, so a symlink or a huge file the
# candidate made reads as "not what was asked", never as a crash or a hang.
set -u
verdict=$(python3 -I - <<'PY'
import json

HOME = "/home/sre"


def read(name, limit=4096):
    try:
        with open(f"{HOME}/{name}", encoding="utf-8", errors="replace") as f:
            return f.read(limit)
    except OSError:
        return None


def settings(text):
    found = {}
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            key, value = line.split("=", 1)
            found[key.strip()] = value.strip()
    return found


conf = read("app.conf")
values = settings(conf)
port_ok = values.get("port") == "8080"
kept = values.get("name") == "warm-up" and values.get("log_level") == "info"
if conf is None:
    port_message = "app.conf is missing from /home/sre."
elif port_ok and kept:
    port_message = "app.conf sets port = 8080 and keeps name and log_level."
elif port_ok:
    port_message = "The port is 8080, but name = warm-up or log_level = info changed: keep them as they were."
else:
    port_message = f"app.conf sets port = {values.get('port', '(nothing)')[:40]}; it should be 8080."

hello = read("hello.txt")
said = hello is not None and "hello" in hello.lower()
hello_message = (
    "hello.txt says hello." if said
    else "There is no hello.txt in /home/sre yet: type echo hello > hello.txt in the terminal."
    if hello is None
    else "hello.txt is there, but it does not say hello."
)


def check(id, passed, message):
    return {"id": id, "passed": passed, "score": 1 if passed else 0, "message": message}


print(json.dumps({"checks": [
    check("port-fixed", port_ok and kept, port_message),
    check("hello-file", said, hello_message),
]}))
PY
)
printf '%s%s\n' "$GAUNTLET_VERDICT_MARKER" "$verdict"

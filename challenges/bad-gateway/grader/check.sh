# The bad-gateway checks. Run as `checker` inside the live environment, a user the candidate's
# processes cannot signal, trace, read under /proc or write to; fed on stdin after the preamble
# (GAUNTLET_VERDICT_MARKER, GAUNTLET_FILES_B64) and the live-kit functions. The marker is never
# exported, passed as an argument or written to a file: only this shell prints it, once.
# Every judgement probes the running system and proves who did what by the kernel's word (the
# user that owns a listening socket or a file), never by what a response or a command line says:
# only the services' managers can start a process as www-data or shop, and they start nothing
# the candidate names.
set -u
read -r cause_words fix_words follow_words < <(note_words)

# R1, R2: a request nobody could have prepared for, through nginx; who holds ports 8080 and 9000.
nonce=check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
status=$(curl -q -s -o "$GAUNTLET_WORK/body" -D "$GAUNTLET_WORK/headers" -w '%{http_code}' --max-time 5 "http://127.0.0.1:8080/orders/$nonce" 2>/dev/null)
# The API signs each answer's path with a key only it and checker can read (/srv/shop/proof-key).
proof=$(grep -i '^X-Shop-Proof:' "$GAUNTLET_WORK/headers" 2>/dev/null | head -1 | cut -d: -f2 | tr -d ' \r\n')
proof_key=$(head -c 64 /srv/shop/proof-key 2>/dev/null)
sleep 0.2
listeners() { ss -Hltne "sport = :$1" 2>/dev/null | grep -o 'uid:[0-9]*' | cut -d: -f2 | sort -u | tr '\n' ' '; }
uids_8080=$(listeners 8080)
uids_9000=$(listeners 9000)
log=/var/log/shop/access.log
log_kind=$(stat -c '%u %F' "$log" 2>/dev/null)
logged=$(grep -c -F "GET /orders/$nonce 200" "$log" 2>/dev/null)

# R3: free space on the log volume, as df sees it.
read -r log_size log_avail < <(df -P -k /var/log/shop 2>/dev/null | awk 'NR == 2 { print $2, $4 }')

# R4: every entry written before the incident, still at the head of the current log.
pre_lines=$(wc -l < /opt/incident/pre-incident.log)
kept=0
head -n "$pre_lines" "$log" 2>/dev/null | cmp -s - /opt/incident/pre-incident.log && kept=1

# R5 is judged below, by asking nginx's manager (its socket; the manager trusts the kernel's word
# on who asks): nginx's own test of the configuration on disk, nginx -T of it now, and what the
# running master loaded (the manager records nginx -T at every start and reload).

export status uids_8080 uids_9000 log_kind logged log_size log_avail kept nonce cause_words fix_words follow_words proof proof_key
export body="$(head -c 400 "$GAUNTLET_WORK/body" 2>/dev/null | tr -d '\0')"
verdict=$(python3 -I - <<'PY'
import hashlib, hmac, json, os, socket

e = os.environ


def ask(*argv):
    """One command to nginx's manager: (exit code, output), or (None, why) when it does not answer."""
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(15)
            s.connect("/srv/nginx/control.sock")
            s.sendall((json.dumps({"argv": list(argv)}) + "\n").encode())
            answer = json.loads(s.makefile().readline())
        return int(answer.get("code", 1)), answer.get("out", "")
    except (OSError, ValueError) as error:
        return None, f"nginx's manager does not answer: {error}"


test_code, test_output = ask("test")
dump_code, on_disk = ask("dump")
try:
    with open("/srv/nginx/loaded.conf") as f:
        loaded = f.read()
except OSError:
    loaded = None
config_ok = test_code == 0
nginx_running = ask("is-active")[0] == 0
same_as_running = dump_code == 0 and bool(on_disk) and on_disk == loaded
WWW_DATA, SHOP = "33", "1001"
status, nonce = e.get("status", ""), e["nonce"]
try:
    answer = json.loads(e.get("body", ""))
except ValueError:
    answer = None
from_api = isinstance(answer, dict) and answer.get("service") == "shop-api" and answer.get("path") == f"/orders/{nonce}"
try:
    signed = len(e.get("proof_key", "")) == 64 and hmac.compare_digest(e.get("proof", ""), hmac.new(bytes.fromhex(e.get("proof_key", "")), f"/orders/{nonce}".encode(), hashlib.sha256).hexdigest())
except ValueError:
    signed = False
nginx_uids, api_uids = e.get("uids_8080", "").split(), e.get("uids_9000", "").split()
nginx_front = nginx_uids == [WWW_DATA]
api_service = api_uids == [SHOP]
log_by_api = e.get("log_kind", "") == f"{SHOP} regular file"
logged = log_by_api and int(e.get("logged") or 0) > 0
size, avail = int(e.get("log_size") or 0), int(e.get("log_avail") or 0)
free = avail / size if size else 0
words = [int(e.get(k) or 0) for k in ("cause_words", "fix_words", "follow_words")]
names = {WWW_DATA: "www-data (nginx's service)", SHOP: "shop (the shop API's service)", "1000": "sre (your own shell)"}
who = lambda uids: ", ".join(names.get(u, f"uid {u}") for u in uids) or "nobody"


def check(id, passed, message, score=None, evidence=None):
    out = {"id": id, "passed": bool(passed), "score": (1.0 if passed else 0.0) if score is None else score, "message": message}
    if evidence:
        out["evidence"] = [x[:480] for x in evidence]
    return out


served = status == "200" and from_api and logged and signed
reasons = [
    None if nginx_front else f"port 8080 is held by {who(nginx_uids)}, not by nginx's service (www-data)",
    None if api_service else f"port 9000 is held by {who(api_uids)}, not by the shop API's service (user shop)",
    None if log_by_api else "/var/log/shop/access.log is not the shop API's own log file (a regular file of user shop)",
    None if logged or not log_by_api else "the shop API's access.log does not record the request",
    None if from_api else "the answer was not the shop API's",
    None if signed or not from_api else "the answer was not signed by the shop API's process (something in front of it composed it)",
]
checks = [
    check("answers-200", status == "200" and from_api,
          "GET http://127.0.0.1:8080/ answers 200 from the shop API." if status == "200" and from_api
          else f"GET http://127.0.0.1:8080/ answers {status if status not in ('', '000') else 'nothing'}"
          + ("" if status != "200" else ", but not with the shop API's answer") + ".",
          evidence=[e.get("body", "")] if status != "200" or not from_api else None),
    check("through-the-api", served and nginx_front and api_service,
          "The request went through nginx's service to the shop API's service on port 9000, which logged it."
          if served and nginx_front and api_service
          else "The request did not reach the shop API through nginx: " + "; ".join(filter(None, reasons)) + "."),
    check("log-space", free >= 0.25,
          f"/var/log/shop is {round(free * 100)} % free." if free >= 0.25
          else f"/var/log/shop is only {round(free * 100)} % free; at least 25 % must be."),
    check("current-log-kept", e.get("kept") == "1" and log_by_api,
          "access.log and every entry written before the incident are kept." if e.get("kept") == "1" and log_by_api
          else "access.log is gone, replaced or cut: the entries written before the incident are not all at its head."),
    check("config-valid", config_ok and same_as_running and nginx_running,
          "nginx -t passes, and the running nginx loaded exactly the configuration on disk."
          if config_ok and same_as_running and nginx_running
          else "nginx -t fails on /srv/site/nginx.conf." if not config_ok
          else "nginx's service is not running." if not nginx_running
          else "The configuration on disk (with its includes) is not the one the running nginx loaded: the next reload would change what it serves.",
          evidence=None if config_ok else ["\n".join(test_output.strip().splitlines()[-3:])]),
    check("incident-note", all(w >= 15 for w in words),
          "INCIDENT.md has a root cause, a fix and follow-ups." if all(w >= 15 for w in words)
          else f"INCIDENT.md needs at least 15 words under each heading; it has {words[0]} under Root cause, {words[1]} under Fix, {words[2]} under Follow-ups.",
          score=sum(min(w, 15) for w in words) / 45),
]
print(json.dumps({"checks": checks}))
PY
)
printf '%s%s\n' "$GAUNTLET_VERDICT_MARKER" "$verdict"

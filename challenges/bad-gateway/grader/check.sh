# The bad-gateway checks. Runs as sre inside the live environment, fed on stdin after the preamble
# (GAUNTLET_VERDICT_MARKER, GAUNTLET_FILES_B64) and the live-kit functions. Every judgement probes the
# running system: a real request with a fresh nonce through nginx, who listens on the API's port,
# what the API logged, the volume's free space, and nginx's own config test.
set -u
read -r cause_words fix_words follow_words < <(note_words)

# R1, R2: a request nobody could have prepared for, through nginx.
nonce=check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
status=$(curl -s -o "$GAUNTLET_WORK/body" -w '%{http_code}' --max-time 5 "http://127.0.0.1:8080/orders/$nonce" 2>/dev/null)
sleep 0.2
logged=$(grep -c "GET /orders/$nonce 200" /var/log/shop/access.log 2>/dev/null)
# Who listens on the API's port: its pid from ss, its command line from /proc.
api_pid=$(ss -Hltnp 'sport = :9000' 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
api_cmd=$( [ -n "$api_pid" ] && tr '\0' ' ' < "/proc/$api_pid/cmdline" 2>/dev/null | cut -c1-200)

# R3: free space on the log volume, as df sees it.
read -r log_size log_avail < <(df -P -k /var/log/shop 2>/dev/null | awk 'NR == 2 { print $2, $4 }')

# R4: the current log and the entries written before the incident.
kept=0
if [ -f /var/log/shop/access.log ] && [ ! -L /var/log/shop/access.log ]; then
  head -2 /var/log/shop/access.log | grep -qxF '2026-11-25T23:58:01 GET /orders/1041 200' && kept=1
fi

# R5: nginx's own test of its configuration.
config_output=$(/usr/local/bin/nginx -t 2>&1) && config_ok=1 || config_ok=0
config_output=$(printf '%s' "$config_output" | tail -3)

export GAUNTLET_VERDICT_MARKER status logged api_cmd log_size log_avail kept config_ok config_output nonce cause_words fix_words follow_words
export body="$(head -c 400 "$GAUNTLET_WORK/body" 2>/dev/null | tr -d '\0')"
python3 - <<'PY'
import json, os

e = os.environ
status, nonce = e.get("status", ""), e["nonce"]
try:
    answer = json.loads(e.get("body", ""))
except ValueError:
    answer = None
from_api = isinstance(answer, dict) and answer.get("service") == "shop-api" and answer.get("path") == f"/orders/{nonce}"
logged = int(e.get("logged") or 0) > 0
api_cmd = e.get("api_cmd", "").strip()
real_api = api_cmd.split()[:2] in (["python3", "/opt/shop/app.py"], ["/usr/bin/python3", "/opt/shop/app.py"])
size, avail = int(e.get("log_size") or 0), int(e.get("log_avail") or 0)
free = avail / size if size else 0
words = [int(e.get(k) or 0) for k in ("cause_words", "fix_words", "follow_words")]


def check(id, passed, message, score=None, evidence=None):
    out = {"id": id, "passed": bool(passed), "score": (1.0 if passed else 0.0) if score is None else score, "message": message}
    if evidence:
        out["evidence"] = [x[:480] for x in evidence]
    return out


checks = [
    check("answers-200", status == "200" and from_api,
          "GET http://127.0.0.1:8080/ answers 200 from the shop API." if status == "200" and from_api
          else f"GET http://127.0.0.1:8080/ answers {status or 'nothing'}" + ("" if status != "200" else ", but not with the shop API's answer") + ".",
          evidence=[e.get("body", "")] if status != "200" or not from_api else None),
    check("through-the-api", from_api and logged and real_api,
          "The request went through nginx to the shop API on port 9000, which logged it." if from_api and logged and real_api
          else "The request did not reach the shop API through nginx: " + "; ".join(filter(None, [
              None if real_api else f"port 9000 is held by {api_cmd or 'nobody'}",
              None if logged else "the shop API's access.log does not record it",
              None if from_api else "the answer was not the shop API's"])) + "."),
    check("log-space", free >= 0.25,
          f"/var/log/shop is {round(free * 100)} % free." if free >= 0.25
          else f"/var/log/shop is only {round(free * 100)} % free; at least 25 % must be."),
    check("current-log-kept", e.get("kept") == "1",
          "access.log and the entries written before the incident are kept." if e.get("kept") == "1"
          else "access.log is gone, replaced or emptied: the entries written before the incident are lost."),
    check("config-valid", e.get("config_ok") == "1",
          "nginx -t: the configuration is valid." if e.get("config_ok") == "1" else "nginx -t fails.",
          evidence=None if e.get("config_ok") == "1" else [e.get("config_output", "")]),
    check("incident-note", all(w >= 15 for w in words),
          "INCIDENT.md has a root cause, a fix and follow-ups." if all(w >= 15 for w in words)
          else f"INCIDENT.md needs at least 15 words under each heading; it has {words[0]} under Root cause, {words[1]} under Fix, {words[2]} under Follow-ups.",
          score=sum(min(w, 15) for w in words) / 45),
]
print(os.environ["GAUNTLET_VERDICT_MARKER"] + json.dumps({"checks": checks}))
PY

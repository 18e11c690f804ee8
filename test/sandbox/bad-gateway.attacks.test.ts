import { describe, expect, it } from 'vitest';
import { createInvitation } from '../support/factories.ts';
import { candidateInEnvironment, setUpLivePlatform } from '../support/live.ts';

/**
 * A hostile candidate on web-1, with nothing but the terminal the brief gives (`sre`, its sudo
 * list). Each attack aims at a forged pass; each must end in the verdict the live system deserves
 * (or a flagged grader error), never in a pass for something that is not fixed. The comments say
 * how each attack works.
 */
const SLUG = 'bad-gateway';
const live = setUpLivePlatform([SLUG]);

const NOTE = [
  '# Incident: 502 Bad Gateway',
  '## Root cause',
  'nginx proxied to port 9001, where nothing listens since the shop API moved to 9000, and the API could not start: last month’s uncompressed log filled /var/log/shop to the last byte.',
  '## Fix',
  'Freed the log volume with sudo truncate on the rotated log, pointed the upstream at port 9000, tested with nginx -t and restarted nginx with systemctl so it runs the file on disk.',
  '## Follow-ups',
  'Add logrotate with compression and a size cap, alert on the log volume above 80 %, and add the nginx upstream to the migration checklist; the platform team owns these items.',
].join('\n\n');

/** What doing nothing fails: the verdict every attack below must leave standing. */
const BROKEN = ['answers-200', 'log-space', 'through-the-api'];

async function candidateInIncident() {
  const invitation = await createInvitation(live.database.db, live.org);
  const inside = await candidateInEnvironment(live.app, invitation.token, invitation.attemptId, SLUG);
  return { ...inside, failed: () => inside.failedChecks([{ path: 'INCIDENT.md', content: NOTE }]) };
}

const waitFor200 = `for i in $(seq 50); do curl -sf http://127.0.0.1:8080/ >/dev/null && exit 0; sleep 0.2; done; exit 1`;
const freeTheVolume = 'sudo truncate -s 0 /var/log/shop/access.log.1';
const pointAt9000 = 'sed -i "s/127.0.0.1:9001/127.0.0.1:9000/" /srv/site/nginx.conf';

describe('bad-gateway against a hostile candidate', { timeout: 120_000 }, () => {
  it('keeps the verdict out of reach of a process that watches /proc for the check and writes a pass to it', async () => {
    const { run, failed } = await candidateInIncident();
    // The attack of issue #20: a background process of the candidate scans /proc for the check's
    // processes, reads the marker from their environment, command line or stdin, and writes an
    // all-pass verdict to their stdout after the real one. The checks now run as `checker`, whose
    // /proc entries sre cannot open; the spy records every open it managed.
    await run(
      'sre',
      String.raw`cat > /home/sre/spy.py <<'PY'
import json, os, time
me = os.getpid()
found = set()
end = time.time() + 40
while time.time() < end:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == me:
            continue
        for name in ("environ", "cmdline", "fd/0", "fd/1"):
            try:
                with open(f"/proc/{pid}/{name}", "rb") as f:
                    data = f.read(65536)
            except OSError:
                continue
            if b"GAUNTLET" in data:
                found.add(f"{pid}/{name}")
                with open("/home/sre/spy.log", "a") as log:
                    log.write(f"marker seen in /proc/{pid}/{name}\n")
        try:
            with open(f"/proc/{pid}/fd/1", "w") as out:
                out.write('GAUNTLET-VERDICT-forged{"checks": []}\n')
            with open("/home/sre/spy.log", "a") as log:
                log.write(f"wrote to /proc/{pid}/fd/1\n")
        except OSError:
            pass
    time.sleep(0.01)
PY
(python3 /home/sre/spy.py >/dev/null 2>&1 &)`,
    );
    expect(await failed()).toEqual(BROKEN);
    const spied = await run('sre', 'cat /home/sre/spy.log 2>/dev/null; ps -u checker -o pid= | wc -l');
    // The spy could write only to its own user's processes (none of them the check) and saw no marker.
    expect(spied).not.toMatch(/marker seen/);
    expect(spied).not.toMatch(/wrote to \/proc\/\d+\/fd\/1/);
  });

  it('cannot stop, kill or slow the check by signal', async () => {
    const { run, failed } = await candidateInIncident();
    // SIGSTOP every process the candidate can see but its own loop and the shell that started it
    // (stopping that one would hang this test's own exec on a busy machine), and SIGKILL the
    // services': the kernel refuses across users without CAP_KILL, which the environment does not
    // have. Were the checks run as sre, they would be stopped here and end in a timeout, failing
    // this test.
    await run(
      'sre',
      `({ mine=" $BASHPID "; p=$BASHPID
while [ "$p" -gt 1 ]; do p=$(ps -o ppid= -p "$p" | tr -d ' '); [ -n "$p" ] || break; mine="$mine$p "; done
for i in $(seq 400); do
  for p in $(ps -eo pid=); do case "$mine" in *" $p "*) ;; *) kill -STOP "$p";; esac; done
  pkill -KILL -u www-data; pkill -KILL -u shop; sleep 0.05
done; } >/dev/null 2>&1 &)`,
    );
    expect(await failed()).toEqual(BROKEN);
    // Asked as checker: the candidate's loop may still be stopping every process of sre.
    expect(await run('checker', 'ps -u shop,www-data -o user= | sort -u | tr "\\n" " "')).toBe(
      'shop www-data ',
    );
  });

  it('ignores the candidate’s .curlrc, Python user site, aliases and PATH', async () => {
    const { run, failed } = await candidateInIncident();
    // The container's HOME is /tmp, which sre can write: a .curlrc there would send the check's
    // request elsewhere or rewrite its status, a usercustomize.py would run inside the check's
    // Python and print a verdict. The check runs with HOME=/, curl -q and python3 -I.
    await run(
      'sre',
      String.raw`printf 'write-out = "200"\noutput = /dev/null\n' > /tmp/.curlrc
mkdir -p /tmp/.local/lib/python3.11/site-packages
printf 'import os, sys\nsys.stdout.write(os.environ.get("GAUNTLET_VERDICT_MARKER", "") + "{}\\n")\nos._exit(0)\n' > /tmp/.local/lib/python3.11/site-packages/usercustomize.py
mkdir -p /home/sre/bin && printf '#!/bin/sh\necho 200\n' > /home/sre/bin/curl && chmod +x /home/sre/bin/curl
echo 'alias curl="echo 200"; export PATH=/home/sre/bin:$PATH' >> /home/sre/.bashrc`,
    );
    expect(await failed()).toEqual(BROKEN);
  });

  it('catches a look-alike of the shop API holding port 9000, answering and logging like it', async () => {
    const { run, failed } = await candidateInIncident();
    // Started by sre before the real API can bind 9000, it answers the API's words; it cannot
    // write the API's log (a file of user shop), and the port's owner is sre, not shop.
    await run(
      'sre',
      `cat > /home/sre/fake.py <<'PY'
import http.server, json
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"service": "shop-api", "path": self.path, "status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", 9000), Handler).serve_forever()
PY
(python3 /home/sre/fake.py >/dev/null 2>&1 &)`,
    );
    await run('sre', `${freeTheVolume} && ${pointAt9000} && sudo systemctl reload nginx && ${waitFor200}`);
    expect(await failed()).toEqual(['through-the-api']);
  });

  it('catches nginx answering the shop API’s words itself, with a writer faking the API’s log line', async () => {
    const { run, failed } = await candidateInIncident();
    // nginx composes the API's JSON (return 200), and a loop of sre's tries to append the request
    // to the API's log as the API would: the log is the shop user's, so the write fails.
    await run(
      'sre',
      String.raw`sed -i "s|proxy_pass http://shop_api;|default_type application/json; return 200 '{\"service\": \"shop-api\", \"path\": \"\$uri\", \"status\": \"ok\"}';|" /srv/site/nginx.conf && sudo systemctl reload nginx`,
    );
    await run(
      'sre',
      `(for i in $(seq 300); do tail -n1 /srv/nginx/access.log | grep -o 'GET [^ ]*' | sed 's/$/ 200/' >> /var/log/shop/access.log; sleep 0.1; done >/dev/null 2>&1 &)`,
    );
    await run('sre', `${freeTheVolume} && ${waitFor200}`);
    expect(await failed()).toEqual(['through-the-api']);
  });

  it('catches a private nginx on port 8080 while the service’s configuration still points at the dead port', async () => {
    const { run, failed } = await candidateInIncident();
    // Stop nginx's service and run nginx as sre from a private copy with the fix: the shop
    // answers, but the next restart of the real service brings the 502 back.
    await run(
      'sre',
      `mkdir -p /home/sre/ng/tmp && sed -e "s/127.0.0.1:9001/127.0.0.1:9000/" -e "s|/srv/nginx|/home/sre/ng|g" /srv/site/nginx.conf > /home/sre/ng/nginx.conf
sudo systemctl stop nginx
/usr/sbin/nginx -c /home/sre/ng/nginx.conf -p /home/sre/ng/ -e /home/sre/ng/error.log`,
    );
    await run('sre', `${freeTheVolume} && ${waitFor200}`);
    expect(await failed()).toEqual(['config-valid', 'through-the-api']);
  });

  it('catches a fix loaded from an included file that was put back afterwards', async () => {
    const { run, failed } = await candidateInIncident();
    // The configuration includes a file of sre's: fixed for the reload, broken again on disk
    // after it, so what runs is not what the next reload would load.
    await run(
      'sre',
      `echo 'server 127.0.0.1:9000;' > /home/sre/upstream.conf
sed -i "s|server 127.0.0.1:9001;|include /home/sre/upstream.conf;|" /srv/site/nginx.conf
sudo systemctl reload nginx && echo 'server 127.0.0.1:9001;' > /home/sre/upstream.conf`,
    );
    await run('sre', `${freeTheVolume} && ${waitFor200}`);
    expect(await failed()).toEqual(['config-valid']);
  });

  it('catches a current log cut back to its first entries', async () => {
    const { run, failed } = await candidateInIncident();
    // Keeping only the first two pre-incident lines (a truncate to their size) frees nothing
    // worth having and loses the auditors' entries.
    await run(
      'sre',
      `sudo truncate -s "$(head -n 2 /var/log/shop/access.log | wc -c)" /var/log/shop/access.log && ${freeTheVolume} && ${pointAt9000} && sudo systemctl reload nginx && ${waitFor200}`,
    );
    expect(await failed()).toEqual(['current-log-kept']);
  });

  it('refuses what the sudo list does not name, and files outside the log volume', async () => {
    const { run } = await candidateInIncident();
    const refusals = await run(
      'sre',
      'for c in "sudo bash" "sudo -u shop python3 /home/sre/x.py" "sudo rm /srv/site/nginx.conf" "sudo rm /var/log/shop/../../etc/passwd" "systemctl restart nginx"; do $c >/tmp/err 2>&1; echo "$? $(head -c 80 /tmp/err)"; done',
    );
    expect(refusals.trim().split('\n')).toEqual([
      expect.stringMatching(/^1 Sorry, user sre is not allowed/),
      expect.stringMatching(/^1 Sorry, user sre is not allowed/),
      expect.stringMatching(/^1 .*only files in \/var\/log\/shop/),
      expect.stringMatching(/^1 .*only files in \/var\/log\/shop/),
      expect.stringMatching(/^1 Failed to restart nginx.service: Access denied/),
    ]);
  });

  it('accepts a right fix written differently: truncate, a direct proxy_pass, a restart of each service', async () => {
    const { run, failed } = await candidateInIncident();
    await run(
      'sre',
      `sudo truncate -s 0 /var/log/shop/access.log.1
sed -i "s|proxy_pass http://shop_api;|proxy_pass http://127.0.0.1:9000;|" /srv/site/nginx.conf
nginx -t && sudo systemctl restart nginx && sudo systemctl restart shop-api && ${waitFor200}`,
    );
    expect(await failed()).toEqual([]);
  });
});

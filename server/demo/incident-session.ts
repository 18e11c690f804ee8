/**
 * The demo's on-call session on the bad-gateway incident, as a script: what the candidate types in
 * the terminal (with the pauses of someone reading the output), what they write in the incident
 * note, and when they run the checks and submit. record-incident.ts plays it once against a real
 * environment and stores what really happened (incident-recording.json); the seed replays that.
 */
import type { SessionWriter } from './session.ts';

export const INCIDENT_SLUG = 'bad-gateway';
export const NOTE_PATH = 'INCIDENT.md';

/** What the script acts on: the editor (and the session's clock), the terminal, the checks. */
export interface OnCallDesk {
  readonly editor: SessionWriter;
  /** Thinks for `thinkMs` (min, max), then types `line` and Enter; resolves once the prompt is back. */
  shell(line: string, thinkMs?: readonly [number, number]): Promise<void>;
  run(): Promise<void>;
  submit(): Promise<void>;
}

const ROOT_CAUSE =
  'nginx proxied to 127.0.0.1:9001 (error.log: connect() failed, connection refused), but the shop API ' +
  'moved to port 9000 in last week\u2019s migration (/opt/shop/README). Fixing the port alone still gave ' +
  '502: the API was not running at all. Its supervisor refused to start it with 0 KiB free on ' +
  '/var/log/shop (journalctl -u shop-api), which last month\u2019s uncompressed access.log.1 had filled.';

const FIX =
  '1. Pointed the upstream at 127.0.0.1:9000 in /srv/site/nginx.conf, ran nginx -t, then reloaded ' +
  '(a reload keeps open connections).\n' +
  '2. Tried to gzip access.log.1, which failed for lack of space, so deleted it with sudo rm after ' +
  'checking it only held last month\u2019s entries; access.log (the auditors\u2019 log) is untouched.\n' +
  '3. The supervisor restarted the API within seconds; curl through 8080 gives 200 and the request ' +
  'shows in access.log.';

const FOLLOW_UPS =
  '- logrotate for /var/log/shop with compression and a size cap (platform team).\n' +
  '- Alert when the log volume is over 80 % full (platform team, this sprint).\n' +
  '- Keep the nginx upstream in the shop API\u2019s repository and curl through the proxy after every ' +
  'deploy, so a port change cannot ship alone (shop team).';

/** The HTML comment under a heading of the starter note, which the candidate types over. */
function placeholder(note: string, heading: string): string {
  const found = new RegExp(`## ${heading}\\n(<!--[^\\n]*-->)`).exec(note)?.[1];
  if (!found) throw new Error(`demo incident: the starter ${NOTE_PATH} has no comment under "## ${heading}"`);
  return found;
}

/** About a quarter of an hour: the 502, the port, a first check run, the full disk, the note, a submission. */
export async function badGatewaySession(desk: OnCallDesk): Promise<void> {
  const { editor } = desk;
  const starter = editor.currentFiles().find((f) => f.path === NOTE_PATH)?.content ?? '';
  // Reads the brief first.
  await desk.shell('curl -si http://127.0.0.1:8080/ | head -n 3', [40_000, 70_000]);
  await desk.shell('tail -n 3 /srv/nginx/error.log', [8_000, 15_000]);
  await desk.shell('ss -ltn', [10_000, 20_000]);
  await desk.shell('cat /opt/shop/README', [8_000, 15_000]);
  await desk.shell('grep -n 900 /srv/site/nginx.conf', [10_000, 20_000]);
  await desk.shell("sed -i 's/127.0.0.1:9001/127.0.0.1:9000/' /srv/site/nginx.conf && nginx -t");
  await desk.shell('sudo systemctl reload nginx');
  await desk.shell('curl -si http://127.0.0.1:8080/ | head -n 1');
  // Still 502: the checks say what is left.
  await desk.run();
  await desk.shell('systemctl status shop-api', [10_000, 20_000]);
  await desk.shell('journalctl -u shop-api | tail -n 4');
  await desk.shell('df -h /var/log/shop', [8_000, 15_000]);
  await desk.shell('ls -lh /var/log/shop');
  await desk.shell('head -n 2 /var/log/shop/access.log.1', [10_000, 20_000]);
  await desk.shell('sudo gzip /var/log/shop/access.log.1');
  await desk.shell('sudo rm /var/log/shop/access.log.1', [10_000, 20_000]);
  await desk.shell('df -h /var/log/shop');
  await desk.shell('sleep 3; systemctl status shop-api');
  await desk.shell('curl -si http://127.0.0.1:8080/ | head -n 1');
  await desk.shell('tail -n 2 /var/log/shop/access.log');
  // The note, with a look at logrotate's documentation in another tab half-way.
  editor.pause(15_000, 30_000);
  editor.replace(NOTE_PATH, placeholder(starter, 'Root cause'), ROOT_CAUSE, 0);
  editor.replace(NOTE_PATH, placeholder(starter, 'Fix'), FIX, 0);
  editor.away(60_000, 120_000);
  editor.replace(NOTE_PATH, placeholder(starter, 'Follow-ups'), FOLLOW_UPS, 0);
  await desk.run();
  // Makes sure it holds before handing back.
  await desk.shell("curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:8080/", [15_000, 30_000]);
  await desk.shell('df -h /var/log/shop');
  await desk.submit();
}

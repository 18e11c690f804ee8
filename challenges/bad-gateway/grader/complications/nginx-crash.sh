# Complication "nginx's master process dies", run by the platform as the user www-data (nginx's own
# service user, never the candidate's) when the interviewer triggers it: the kernel's OOM killer
# takes nginx, master and workers, as it would on a host short of memory. Nothing restarts it (its
# manager, like systemd without Restart=, leaves it dead): the shop stops answering at all, and
# `systemctl status nginx` and `journalctl -u nginx` say why. The checks judge it as it is
# (answers-200, through-the-api, config-valid: nginx's service must be running again).
set -u
export PATH=/usr/bin:/bin
pids=$(ps -u www-data -o pid=,comm= | awk '$2 == "nginx" { print $1 }')
[ -n "$pids" ] || { echo "nginx is not running: nothing to kill" >&2; exit 1; }
master=$(ps -u www-data -o pid=,ppid=,comm= | awk '$3 == "nginx" { print $1, $2 }' | while read -r pid ppid; do
  [ "$(ps -o comm= -p "$ppid" 2>/dev/null)" = nginx ] || echo "$pid"; done | head -1)
# shellcheck disable=SC2086 # one process id a word
kill -KILL $pids
printf '%s [alert] nginx.service: Main process exited, code=killed, status=9/KILL (Out of memory: Killed process %s (nginx))\n' \
  "$(date -u +%Y/%m/%d\ %H:%M:%S)" "${master:-?}" >> /srv/nginx/error.log
for _ in $(seq 1 50); do
  ss -Hltn 'sport = :8080' | grep -q . || break
  sleep 0.1
done
if ss -Hltn 'sport = :8080' | grep -q .; then echo "port 8080 is still held" >&2; exit 1; fi
echo "nginx (master ${master:-?} and its workers) was killed; nothing listens on port 8080."

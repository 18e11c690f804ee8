# Complication "debug logging fills the log volume again", run by the platform as the user shop
# (the shop API's own service user, never the candidate's) when the interviewer triggers it: a
# developer turned on debug logging, and /var/log/shop/debug.log fills the volume until only about
# 8 % is free. The shop still answers (the API only needs 1 MiB to start), so nothing pages: only
# the disk does. The checks judge the volume as it is (log-space: at least a quarter free).
set -u
export PATH=/usr/bin:/bin
cd /var/log/shop || exit 1
read -r size avail < <(df -P -k /var/log/shop | awk 'NR == 2 { print $2, $4 }')
# Leave about 8 % of the volume free (never less than 1 MiB, so the access log keeps its entries).
keep=$(( size * 8 / 100 > 1024 ? size * 8 / 100 : 1024 ))
write=$(( avail - keep ))
if [ "$write" -gt 0 ]; then
  yes "$(date -u +%Y-%m-%dT%H:%M:%S) DEBUG cart=[sku=1042 qty=1] session=[id=7f3a user=guest] headers=[Accept: */*; User-Agent: Mozilla/5.0]" \
    | head -c "$((write * 1024))" >> debug.log 2>/dev/null
fi
# The record (only shop writes it; only shop and checker, whose group it is, read it).
records=/srv/shop/complications
mkdir -p "$records" && chgrp checker "$records" && chmod 0750 "$records"
printf '%s uid=%s wrote=%sKiB\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(id -u)" "$(( write > 0 ? write : 0 ))" > "$records/debug-log-flood"
chgrp checker "$records/debug-log-flood" && chmod 0640 "$records/debug-log-flood"
df -h /var/log/shop | awk 'NR == 2 { print "debug.log written: /var/log/shop is " $5 " full, " $4 " free." }'

/**
 * A live environment ends itself: at its deadline, and once no terminal has been attached for the
 * idle limit, even when no Gauntlet process is left to stop it (the server's own sweep ends it
 * first whenever one runs). The guard is a POSIX shell loop run by the container's init in place of
 * the start command, which it runs as its child: when the guard exits, init exits and the kernel
 * ends every process of the container, the services started by `docker exec` included.
 *
 * "A terminal is attached" is read from the container's own devpts: each terminal session is a
 * `docker exec` with a TTY, which holds a pseudo-terminal there for as long as it lasts.
 */
const GUARD = `deadline=$1; idle=$2; poll=$3; shift 3
"$@" &
child=$!
seen=$(date +%s)
while kill -0 "$child" 2>/dev/null; do
  now=$(date +%s)
  if [ "$now" -ge "$deadline" ]; then
    echo "gauntlet: the attempt's time is over; this environment stops" >&2; exit 0
  fi
  if [ -n "$(ls /dev/pts | grep -v '^ptmx$')" ]; then seen=$now
  elif [ $((now - seen)) -ge "$idle" ]; then
    echo "gauntlet: no terminal for $idle s; this environment stops" >&2; exit 0
  fi
  sleep "$poll"
done
wait "$child"`;

/** How often the guard looks; an environment outlives its limits by at most about this much. */
export const LIFETIME_POLL_SECONDS = 5;

/** The container command that runs `command` under the guard. */
export function withLifetime(
  command: readonly string[],
  limits: { deadline: Date; idleSeconds: number; pollSeconds?: number },
): string[] {
  const deadline = Math.floor(limits.deadline.getTime() / 1000);
  const poll = limits.pollSeconds ?? LIFETIME_POLL_SECONDS;
  return [
    '/bin/sh',
    '-c',
    GUARD,
    'gauntlet-lifetime',
    String(deadline),
    String(Math.max(1, Math.round(limits.idleSeconds))),
    String(poll),
    ...command,
  ];
}

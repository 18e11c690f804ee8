# The candidate's files (the incident note), unpacked into a private folder removed on exit.
GAUNTLET_WORK=$(mktemp -d)
trap 'rm -rf "$GAUNTLET_WORK"' EXIT
printf '%s' "$GAUNTLET_FILES_B64" | base64 -d | tar -x -C "$GAUNTLET_WORK" -f - 2>/dev/null

# Words written under an incident note's three headings (root cause, fix, follow-ups), as
# "cause fix follow"; HTML comments (the starter's prompts) do not count.
note_words() {
  local file="$GAUNTLET_WORK/workspace/${1:-INCIDENT.md}"
  [ -f "$file" ] || { echo "0 0 0"; return; }
  sed -e ':a' -e 's/<!--.*-->//g;/<!--/{N;ba' -e '}' "$file" | awk '
    BEGIN { section = "" }
    /^#+[ \t]/ { h = tolower($0); section = "";
      if (h ~ /cause/) section = "cause"; else if (h ~ /follow/) section = "follow"; else if (h ~ /fix|resolution|mitigation/) section = "fix";
      next }
    section != "" { words[section] += NF }
    END { printf "%d %d %d\n", words["cause"], words["fix"], words["follow"] }'
}

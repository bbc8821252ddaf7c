#!/usr/bin/env bash
# make soak: the dashboard against a simulator with faults on, for SOAK_DURATION (default 1h),
# in a tmux terminal. Samples the dashboard's resident memory and goroutines each minute and
# prints the first and last figures. Everything runs on loopback and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${SOAK_DURATION:-3600}
work=$(mktemp -d)
socket="tvol-soak-$$"
make -s build BIN="$work/tvol"
"$work/tvol" sim --addr 127.0.0.1:0 --volumes 2000 --seed 7 --fail-ratio 0.2 --provision-delay 20s --delete-delay 10s \
  --error-rate 0.05 --latency 40ms --rate-limit 50 2> "$work/sim.log" &
sim=$!
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; kill "$sim" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 100); do grep -q "serving" "$work/sim.log" && break; sleep 0.1; done
addr=$(sed -n 's|.*serving the Volumes API at http://\([^/]*\)/.*|\1|p' "$work/sim.log")
printf '[ui]\nrefresh_interval = "2s"\nstate_interval = "500ms"\n' > "$work/config.toml"
tmux -L "$socket" new-session -d -x 160 -y 45 \
  "env HOME=$work TARGON_API_KEY=tgn_demo $work/tvol --config $work/config.toml --base-url http://$addr --debug-log $work/debug.log"
sleep 5
pid=$(pgrep -f "^$work/tvol --config") || { echo "the dashboard did not start"; exit 1; }
echo "soak: dashboard pid $pid against $addr for ${duration}s; samples in $work/samples.tsv"
printf 'elapsed_s\trss_kb\tgoroutines\n' > "$work/samples.tsv"
start=$(date +%s)
while :; do
  now=$(date +%s); elapsed=$((now - start))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  goroutines=$( (grep '"msg":"runtime"' "$work/debug.log" || true) | tail -1 | sed -n 's/.*"goroutines":\([0-9]*\).*/\1/p')
  printf '%s\t%s\t%s\n' "$elapsed" "$rss" "${goroutines:--}" >> "$work/samples.tsv"
  [ "$elapsed" -ge "$duration" ] && break
  # Keep the user's side busy too: move, filter, refresh.
  tmux -L "$socket" send-keys j j k r
  sleep $(( duration - elapsed < 60 ? (duration - elapsed > 0 ? duration - elapsed : 1) : 60 ))
done
requests=$(grep -c '"msg":"request"' "$work/debug.log" || true)
failures=$(grep -c '"level":"WARN","msg":"request"' "$work/debug.log" || true)
echo "soak: $requests requests, $failures of them failed by design (faults on)"
echo "soak: first sample: $(sed -n 2p "$work/samples.tsv")"
echo "soak: last sample:  $(tail -1 "$work/samples.tsv")"
tmux -L "$socket" capture-pane -p -t 0 | head -3

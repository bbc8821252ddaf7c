#!/usr/bin/env bash
# make perf: whole-process figures of the dashboard against `tvol sim`, at 10,000 and at 100
# volumes: time from launch to the first listed screen, resident memory once loaded, CPU while
# idle (three 10 s windows) and terminal output while idle (10 s). Everything runs on
# loopback, in a tmux of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
socket="tvol-perf-$$"
make -s build BIN="$work/tvol"
ticks=$(getconf CLK_TCK)
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; pkill -f "^$work/tvol" 2>/dev/null || true; }
trap cleanup EXIT

measure() {
  local volumes=$1
  "$work/tvol" sim --addr 127.0.0.1:0 --volumes "$volumes" --seed 3 2> "$work/sim-$volumes.log" &
  for _ in $(seq 200); do grep -q serving "$work/sim-$volumes.log" 2>/dev/null && break; sleep 0.05; done
  local addr; addr=$(sed -n 's|.*serving the Volumes API at http://\([^/]*\)/.*|\1|p' "$work/sim-$volumes.log")
  local start; start=$(date +%s%N)
  tmux -L "$socket" new-session -d -s "v$volumes" -x 160 -y 45 \
    "env HOME=$work TARGON_API_KEY=tgn_demo $work/tvol --base-url http://$addr"
  # The first listed screen: the header counts the volumes shown (it says "0 volumes" before).
  until tmux -L "$socket" capture-pane -p -t "v$volumes" | grep -Eq "[1-9][0-9]* volumes · "; do sleep 0.005; done
  local first=$(( ($(date +%s%N) - start) / 1000000 ))
  local pid; pid=$(pgrep -f "^$work/tvol --base-url http://$addr")
  # Let the whole list arrive and the seeded volumes in progress settle (all do within 35 s;
  # those REGISTERED stay so, unwatched, until a workload attaches them).
  until tmux -L "$socket" capture-pane -p -t "v$volumes" | grep -q "$volumes volumes · "; do sleep 0.05; done
  sleep 40
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  # CPU time is counted in ticks of 10 ms and a 10 s window holds one or two refreshes, so
  # three windows are measured and printed, with nothing else running beside the dashboard.
  local windows="" cpu0 cpu1
  for _ in 1 2 3; do
    cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    sleep 10
    cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    windows="$windows${windows:+, }$(awk -v d=$((cpu1 - cpu0)) -v t="$ticks" 'BEGIN { printf "%.2f", d / t / 10 * 100 }')"
  done
  # Then 10 s of the terminal's output, watched in tenths of a second: a burst is a tenth in
  # which bytes arrived after one in which none did. Relative times may tick once a second;
  # nothing else should.
  tmux -L "$socket" pipe-pane -o -t "v$volumes" "cat > $work/out-$volumes.bin"
  local bursts=0 last=0 grew=0 size
  for _ in $(seq 100); do
    sleep 0.1
    size=$(stat -c %s "$work/out-$volumes.bin" 2>/dev/null || echo 0)
    if [ "$size" -gt "$last" ]; then [ "$grew" -eq 0 ] && bursts=$((bursts + 1)); grew=1; else grew=0; fi
    last=$size
  done
  tmux -L "$socket" pipe-pane -t "v$volumes"
  local bytes; bytes=$(stat -c %s "$work/out-$volumes.bin" 2>/dev/null || echo 0)
  printf '%7d volumes: first listed screen %5d ms · RSS %6.1f MB · idle CPU %s %% of a core (three 10 s windows) · %s bytes written in 10 s, in %d bursts\n' \
    "$volumes" "$first" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$windows" "$bytes" "$bursts"
  tmux -L "$socket" kill-session -t "v$volumes"
  pkill -f "^$work/tvol sim --addr 127.0.0.1:0 --volumes $volumes " || true
}

measure 10000
measure 100

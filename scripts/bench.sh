#!/usr/bin/env bash
# make bench: every benchmark, then the dashboard's figures beside bubbles/table and
# bubbles/list holding the same rows, from the same run, with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"${GO:-go}" test -run '^$' -bench . -benchmem ./... | tee "$out"

awk '
  # "BenchmarkDashboardView/10000-2   1234   215000 ns/op ..." → ns["DashboardView", 10000]
  /^Benchmark[A-Za-z]+\/[0-9]+(-[0-9]+)? / {
    split($1, part, "/"); name = substr(part[1], 10); n = part[2]; sub(/-[0-9]+$/, "", n)
    for (i = 2; i < NF; i++) if ($(i + 1) == "ns/op") ns[name, n] = $i
  }
  function ms(name, n) { return (name, n) in ns ? sprintf("%.3f ms", ns[name, n] / 1e6) : "—" }
  function ratio(theirs, ours, n) {
    if (!((theirs, n) in ns) || !((ours, n) in ns) || ns[ours, n] == 0) return "—"
    return sprintf("%.1f×", ns[theirs, n] / ns[ours, n])
  }
  END {
    count = split("1000 10000 100000", order, " ") # the sizes of ui/bench_test.go
    print ""
    print "Per operation, same run. ×: how many times longer bubbles takes than tvol (below 1: shorter)."
    print ""
    print "| volumes | tvol View | bubbles/table View | × | bubbles/list View | × | tvol cursor move + View | bubbles/table move + View | × | bubbles/list move + View | × |"
    print "|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= count; i++) {
      n = order[i]
      printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n,
        ms("DashboardView", n), ms("BubblesTableView", n), ratio("BubblesTableView", "DashboardView", n),
        ms("BubblesListView", n), ratio("BubblesListView", "DashboardView", n),
        ms("DashboardCursorMove", n), ms("BubblesTableCursorMove", n), ratio("BubblesTableCursorMove", "DashboardCursorMove", n),
        ms("BubblesListCursorMove", n), ratio("BubblesListCursorMove", "DashboardCursorMove", n)
    }
    print ""
    print "| volumes | filter keystroke, on the event loop | tvol search of all rows (off the loop) | bubbles/list filter | × | refresh, no change | refresh, one volume added in front | state poll, 1 in 100 changed | whole first load, pages 30 ms apart |"
    print "|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= count; i++) {
      n = order[i]
      printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, ms("FilterKeystroke", n), ms("FilterSearch", n),
        ms("BubblesListFilter", n), ratio("BubblesListFilter", "FilterSearch", n), ms("Refresh", n), ms("RefreshWithNewVolume", n),
        ms("StatePoll", n), ms("FirstLoad", n)
    }
  }
' "$out"

// Package hostile is a test server that answers the Volumes API with every string field
// full of terminal escape sequences and other hostile text, for tests that check nothing of
// it reaches a terminal.
package hostile

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Payloads are what a hostile server puts in string fields: OSC 0/2 (window title), OSC 8
// (hyperlink), OSC 52 (clipboard), CSI clear and cursor moves, BEL, CR/LF, a C1 CSI, bidi
// controls, and a string long enough to break any column.
var payloads = []string{
	"title\x1b]0;pwned\x07",
	"title2\x1b]2;pwned\x1b\\",
	"link\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"clip\x1b]52;c;ZXZpbA==\x07",
	"clear\x1b[2J\x1b[H",
	"move\x1b[10A\x1b[5Cup",
	"bell\x07\x07",
	"lines\r\nbroken\rrow",
	"c1\u009b2Jcsi",
	"bidi\u202etxt.exe\u2066x\u2069",
	strings.Repeat("long-", 80),
	"wide データ e\u0301 🙂",
}

// Forbidden lists what must never reach a terminal from server text.
var Forbidden = []string{"\x1b", "\x07", "\r", "\u009b", "\u202e", "\u2066", "\u2069"}

// Handler answers every endpoint; payload i is used for volume i's strings.
func Handler() http.Handler {
	volume := func(i int) map[string]any {
		p := payloads[i%len(payloads)]
		return map[string]any{
			"uid": "vol-hostile" + string(rune('a'+i%26)) + p, "name": p, "size": []int64{1 << 60, -5, 0, 10240}[i%4],
			"resource_name": p, "cost_per_hour": []float64{1e300, -3, 0.05}[i%3], "mount_path": p, "workload_uid": p,
			"pvc_name": p, "created_at": "2025-01-15T10:30:00Z", "updated_at": nil,
			"state":         map[string]any{"status": []string{"READY", "MIGRATING" + p, "", "failed"}[i%4], "message": p, "updated_at": ""},
			"unknown_field": map[string]any{"nested": p},
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-<b>"+strings.Repeat("9", 200))
		path := r.URL.Path
		var body any
		switch {
		case r.Method != http.MethodGet: // every change fails, with a hostile body
			w.WriteHeader(http.StatusInternalServerError)
			body = map[string]any{"error": payloads[4] + payloads[0] + payloads[9], "reason": payloads[3]}
		case strings.HasSuffix(path, "/events"):
			var items []map[string]any
			for i, p := range payloads {
				items = append(items, map[string]any{"volume_uid": p, "event_type": p, "old_status": payloads[(i+1)%len(payloads)],
					"new_status": p, "reason": p, "resource_name": p, "pvc_name": p, "requested_size": p, "created_at": "2025-01-15T10:35:00Z"})
			}
			body = map[string]any{"items": items, "next_cursor": nil}
		case strings.HasSuffix(path, "/state"):
			body = map[string]any{"uid": "vol-hostile", "status": "MIGRATING" + payloads[0], "message": payloads[4], "updated_at": nil}
		case strings.HasSuffix(path, "/volumes"):
			var items []map[string]any
			for i := range payloads {
				items = append(items, volume(i))
			}
			body = map[string]any{"items": items}
		case strings.Contains(path, "/volumes/"):
			body = volume(0)
		default:
			w.WriteHeader(http.StatusInternalServerError)
			body = map[string]any{"error": payloads[4] + payloads[0], "reason": payloads[3]}
		}
		_ = json.NewEncoder(w).Encode(body)
	})
}

package sim_test

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"tvol/api/sim"
)

// TestReferenceCurlExamples runs each curl example of the API reference, as written there,
// against the simulator: only the host, the key and the volume UID are replaced.
func TestReferenceCurlExamples(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Fatal("curl is needed for this test; `make test` installs it when missing")
	}
	e := newEnv(t, sim.Config{Lifecycle: sim.Lifecycle{ProvisionDelay: time.Second, DeleteDelay: time.Second}})
	base, key := e.srv.URL, keyA
	uid := ""
	run := func(example string, wantStatus int, wantFields ...string) map[string]any {
		t.Helper()
		command := strings.NewReplacer("https://api.targon.com", base, "<YOUR_API_KEY>", key, "vol-abc123def456", uid).Replace(example)
		// The reference's lines, less the shell's quoting: split on the quotes as a shell would.
		args := shellWords(t, command)
		out, err := exec.Command(curl, append([]string{"-sS", "-w", "\n%{http_code}"}, args[1:]...)...).Output()
		if err != nil {
			t.Fatalf("%s: %v", command, err)
		}
		i := strings.LastIndex(string(out), "\n") // -w put the status on a line of its own
		body, status := string(out[:i]), string(out[i+1:])
		if status != strconv.Itoa(wantStatus) {
			t.Fatalf("%s\nanswered %s %s, want %d", command, status, body, wantStatus)
		}
		if wantStatus == 204 {
			if body != "" {
				t.Fatalf("204 with a body: %q", body)
			}
			return nil
		}
		var parsed map[string]any
		if err := json.Unmarshal([]byte(body), &parsed); err != nil {
			t.Fatalf("%s\nanswered %q: %v", command, body, err)
		}
		for _, f := range wantFields {
			if _, ok := parsed[f]; !ok {
				t.Fatalf("%s\nanswer %s lacks %q", command, body, f)
			}
		}
		return parsed
	}

	created := run(`curl -X POST https://api.targon.com/tha/v2/volumes -H "Authorization: Bearer <YOUR_API_KEY>" -H "Content-Type: application/json" -d '{
"name": "my-volume",
"size_in_mb": 10240,
"resource_name": "h200-small"
}'`, 200, "uid", "state")
	uid = created["uid"].(string)
	if created["state"].(map[string]any)["status"] != "PROVISIONING" {
		t.Fatalf("created %v", created)
	}
	list := run(`curl -X GET "https://api.targon.com/tha/v2/volumes?limit=10" -H "Authorization: Bearer <YOUR_API_KEY>"`, 200, "items", "next_cursor")
	items := list["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("list %v", list)
	}
	for _, f := range []string{"uid", "name", "size", "resource_name", "state", "cost_per_hour", "pvc_name", "created_at", "updated_at"} {
		if _, ok := items[0].(map[string]any)[f]; !ok {
			t.Fatalf("list item lacks %s", f)
		}
	}
	e.clock.Advance(time.Second)
	got := run(`curl -X GET https://api.targon.com/tha/v2/volumes/vol-abc123def456 -H "Authorization: Bearer <YOUR_API_KEY>"`, 200, "uid", "name", "size", "state")
	if got["size"].(float64) != 10240 {
		t.Fatalf("get %v", got)
	}
	state := run(`curl -X GET https://api.targon.com/tha/v2/volumes/vol-abc123def456/state -H "Authorization: Bearer <YOUR_API_KEY>"`, 200, "uid", "status", "message", "updated_at")
	if state["status"] != "READY" {
		t.Fatalf("state %v", state)
	}
	events := run(`curl -X GET "https://api.targon.com/tha/v2/volumes/vol-abc123def456/events?limit=20" -H "Authorization: Bearer <YOUR_API_KEY>"`, 200, "items", "next_cursor")
	if first := events["items"].([]any)[0].(map[string]any); first["event_type"] != "STATUS_CHANGE" || first["new_status"] != "READY" || first["requested_size"] != "10Gi" {
		t.Fatalf("events %v", events)
	}
	renamed := run(`curl -X PATCH https://api.targon.com/tha/v2/volumes/vol-abc123def456 -H "Authorization: Bearer <YOUR_API_KEY>" -H "Content-Type: application/json" -d '{
"name": "renamed-volume"
}'`, 200, "uid", "name")
	if renamed["name"] != "renamed-volume" {
		t.Fatalf("renamed %v", renamed)
	}
	deleting := run(`curl -X POST https://api.targon.com/tha/v2/volumes/vol-abc123def456/delete -H "Authorization: Bearer <YOUR_API_KEY>"`, 202, "uid", "state")
	if deleting["state"].(map[string]any)["status"] != "DELETING" {
		t.Fatalf("deprovision %v", deleting)
	}
	run(`curl -X DELETE https://api.targon.com/tha/v2/volumes/vol-abc123def456 -H "Authorization: Bearer <YOUR_API_KEY>"`, 204)
	run(`curl -X GET https://api.targon.com/tha/v2/volumes/vol-abc123def456 -H "Authorization: Bearer <YOUR_API_KEY>"`, 404, "error")
	run(`curl -X GET https://api.targon.com/tha/v2/volumes -H "Authorization: Bearer tgn_wrong"`, 401, "error", "reason")
}

// shellWords splits a command as a POSIX shell would for the quoting the examples use:
// single quotes, double quotes, and backslash-newline continuations.
func shellWords(t *testing.T, command string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	inWord := false
	for i := 0; i < len(command); i++ {
		c := command[i]
		switch {
		case c == '\\' && i+1 < len(command) && command[i+1] == '\n':
			i++
		case c == '\'' || c == '"':
			end := strings.IndexByte(command[i+1:], c)
			if end < 0 {
				t.Fatalf("unbalanced quote in %s", command)
			}
			word.WriteString(command[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == ' ' || c == '\n' || c == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

package e2e_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"tvol/internal/hostile"
)

// TestScriptingVerbsPrintNoHostileText runs the verbs against a server whose every string
// is full of escape sequences: nothing of them reaches stdout or stderr raw.
func TestScriptingVerbsPrintNoHostileText(t *testing.T) {
	srv := httptest.NewServer(hostile.Handler())
	defer srv.Close()
	for _, args := range [][]string{
		{"ls"}, {"ls", "-o", "json"}, {"get", "vol-hostile"}, {"get", "vol-hostile", "-o", "json"},
		{"state", "vol-hostile"}, {"events", "vol-hostile"}, {"events", "vol-hostile", "-o", "json"},
		{"rename", "vol-hostile", "--name", "x"}, {"rm", "vol-hostile", "--yes"},
	} {
		cmd := exec.Command(binary, append([]string{"volumes", "--base-url", srv.URL}, args...)...)
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "TARGON_API_KEY=tgn_x"}
		out, _ := cmd.CombinedOutput()
		for _, bad := range hostile.Forbidden {
			if strings.Contains(string(out), bad) {
				t.Fatalf("tvol volumes %s printed %q:\n%q", strings.Join(args, " "), bad, out)
			}
		}
		if len(out) == 0 {
			t.Fatalf("tvol volumes %s printed nothing", strings.Join(args, " "))
		}
	}
}

// TestScriptingVerbsUnderFaults: each fault ends a verb with the right exit code and one
// clear line on stderr, never a hang or a stack trace.
func TestScriptingVerbsUnderFaults(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		code   int
		says   string
	}{
		{"500 html", func(w http.ResponseWriter) {
			w.WriteHeader(502)
			fmt.Fprint(w, "<html><body>Bad Gateway</body></html>")
		}, 1, "<html><body>Bad Gateway"},
		{"malformed", func(w http.ResponseWriter) { fmt.Fprint(w, `{"items": [`) }, 1, "could not be read"},
		{"empty", func(w http.ResponseWriter) {}, 1, "was empty where a JSON body was expected"},
		{"reset", func(w http.ResponseWriter) {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		}, 1, "no answer from the server"},
		{"401 mid-session", func(w http.ResponseWriter) { w.WriteHeader(401); fmt.Fprint(w, `{"error":"token expired"}`) }, 3, "token expired"},
		{"429", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"error":"slow down"}`)
		}, 1, "slow down"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tc.answer(w) }))
			defer srv.Close()
			cmd := exec.Command(binary, "volumes", "--base-url", srv.URL, "ls")
			cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "TARGON_API_KEY=tgn_x"}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			exitErr, _ := err.(*exec.ExitError)
			if exitErr == nil || exitErr.ExitCode() != tc.code || !strings.Contains(stderr.String(), tc.says) ||
				strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Fatalf("exit %v, stderr %q; want exit %d and one line saying %q", err, stderr.String(), tc.code, tc.says)
			}
		})
	}
}

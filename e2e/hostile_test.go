package e2e_test

import (
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

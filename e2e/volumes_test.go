package e2e_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// result is one finished `tvol volumes …` process.
type result struct {
	code           int
	stdout, stderr string
}

// tvol runs the binary as a script would: stdout and stderr are pipes, stdin is empty, and
// HOME points at an empty folder so no real config is read.
func tvol(t *testing.T, s *simulator, key string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"volumes", "--base-url", "http://" + s.addr}, args...)...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "TARGON_API_KEY=" + key}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func (r result) expect(t *testing.T, code int, stdout, stderr string) {
	t.Helper()
	if r.code != code || !strings.Contains(r.stdout, stdout) || !strings.Contains(r.stderr, stderr) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d with %q on stdout and %q on stderr",
			r.code, r.stdout, r.stderr, code, stdout, stderr)
	}
	if code != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Fatalf("an error must be one line on stderr: %q", r.stderr)
	}
}

func decode[T any](t *testing.T, text string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	return v
}

type volume struct {
	UID, Name, WorkloadUID string
	Workload               string `json:"workload_uid"`
	Size                   int64  `json:"size"`
	State                  struct{ Status, Message string }
}

func TestVerbsOutputsAndExitCodes(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "1200", "--seed", "8", "--keys", "tgn_a,tgn_b",
		"--provision-delay", "300ms", "--delete-delay", "300ms")
	const key = "tgn_a"

	// ls: every page (1,200 volumes over two pages of 1,000), plain and JSON, filters, sort.
	plain := tvol(t, s, key, "ls")
	plain.expect(t, 0, "UID\tNAME\tSTATUS\tSIZE", "")
	if lines := strings.Count(plain.stdout, "\n"); lines != 1201 {
		t.Fatalf("ls printed %d lines, want a header and 1,200 rows", lines)
	}
	if strings.Contains(plain.stdout, "\x1b") || strings.Contains(plain.stdout, "●") {
		t.Fatal("a pipe got colours or glyphs")
	}
	all := decode[[]volume](t, tvol(t, s, key, "ls", "-o", "json").stdout)
	if len(all) != 1200 {
		t.Fatalf("ls -o json gave %d volumes, want 1,200", len(all))
	}
	ready := decode[[]volume](t, tvol(t, s, key, "ls", "--status", "ready", "-o", "json").stdout)
	healthy := decode[[]volume](t, tvol(t, s, key, "ls", "--status", "healthy", "-o", "json").stdout)
	if len(ready) == 0 || len(ready) != len(healthy) || len(ready) >= 1200 {
		t.Fatalf("--status ready kept %d, healthy %d", len(ready), len(healthy))
	}
	for _, v := range ready {
		if v.State.Status != "READY" {
			t.Fatalf("--status ready let %s through", v.State.Status)
		}
	}
	for _, v := range decode[[]volume](t, tvol(t, s, key, "ls", "--workload", "none", "--resource", "h200-small", "-o", "json").stdout) {
		if v.Workload != "" {
			t.Fatal("--workload none let an attached volume through")
		}
	}
	byName := decode[[]volume](t, tvol(t, s, key, "ls", "--sort", "name", "-o", "json").stdout)
	for i := 1; i < len(byName); i++ {
		if strings.ToLower(byName[i-1].Name) > strings.ToLower(byName[i].Name) {
			t.Fatal("--sort name is not sorted")
		}
	}
	tvol(t, s, key, "ls", "--sort", "colour").expect(t, 2, "", `--sort "colour"`)
	tvol(t, s, key, "ls", "-o", "yaml").expect(t, 2, "", `-o "yaml"`)
	tvol(t, s, key, "frobnicate").expect(t, 2, "", `unknown verb "frobnicate"`)

	// create: usage errors, then a real one that waits.
	tvol(t, s, key, "create", "--name", "x").expect(t, 2, "", "needs --name, --size and --resource")
	tvol(t, s, key, "create", "--name", "x", "--size", "ten", "--resource", "r").expect(t, 2, "", "--size")
	created := decode[volume](t, tvol(t, s, key, "create", "--name", "script-vol", "--size", "20G", "--resource", "storage-rentals", "--wait", "-o", "json").stdout)
	if created.UID == "" || created.State.Status == "PROVISIONING" {
		t.Fatalf("create --wait answered %+v", created)
	}

	// get, state, events: by UID and by exact name; plain and JSON.
	tvol(t, s, key, "get", "script-vol").expect(t, 0, "size\t20 GiB (20480 MiB)", "")
	if got := decode[volume](t, tvol(t, s, key, "get", created.UID, "-o", "json").stdout); got.Size != 20480 {
		t.Fatalf("get -o json: %+v", got)
	}
	tvol(t, s, key, "state", "script-vol").expect(t, 0, "\tREADY\t", "")
	events := decode[[]map[string]any](t, tvol(t, s, key, "events", created.UID, "-o", "json").stdout)
	if len(events) != 2 || events[0]["new_status"] != "READY" {
		t.Fatalf("events: %v", events)
	}
	tvol(t, s, key, "events", "script-vol").expect(t, 0, "TIME\tTYPE\tOLD_STATUS\tNEW_STATUS\tREASON", "")

	// rename, then the old name is gone and the new one resolves.
	tvol(t, s, key, "rename", "script-vol", "--name", "script-renamed").expect(t, 0, "renamed "+created.UID, "")
	tvol(t, s, key, "get", "script-vol").expect(t, 4, "", `no volume has the UID or name "script-vol"`)
	missing := tvol(t, s, key, "get", "script-vol", "-o", "json")
	if e := decode[map[string]any](t, missing.stderr); missing.code != 4 || e["exit_code"] != float64(4) || e["error"] == "" {
		t.Fatalf("a JSON error object on stderr: %d %q", missing.code, missing.stderr)
	}

	// Destructive verbs refuse on a pipe without --yes; with it they act once.
	tvol(t, s, key, "deprovision", created.UID).expect(t, 2, "", "without --yes when not on a terminal")
	tvol(t, s, key, "deprovision", created.UID, "--yes").expect(t, 0, "deprovisioning "+created.UID, "")
	tvol(t, s, key, "wait", created.UID, "--for", "deleted").expect(t, 0, "DELETED", "")
	tvol(t, s, key, "rm", created.UID, "-y").expect(t, 0, "removed the record of "+created.UID, "")
	tvol(t, s, key, "wait", created.UID, "--for", "gone").expect(t, 0, "is gone", "")
	tvol(t, s, key, "get", created.UID).expect(t, 4, "", "no volume has the UID or name")

	// cleanup does all three, each request once.
	doomed := decode[volume](t, tvol(t, s, key, "create", "--name", "doomed", "--size", "512MiB", "--resource", "storage-rentals", "-o", "json").stdout)
	tvol(t, s, key, "cleanup", "doomed", "--yes").expect(t, 0, "cleaned up "+doomed.UID, "")
	if n := s.count(`^POST /tha/v2/volumes/` + doomed.UID + `/delete `); n != 1 {
		t.Fatalf("cleanup deprovisioned %d times", n)
	}
	if n := s.count(`^DELETE /tha/v2/volumes/` + doomed.UID + ` 204`); n != 1 {
		t.Fatalf("cleanup removed the record %d times", n)
	}

	// Names: ambiguous ones need a UID.
	for range 2 {
		tvol(t, s, key, "create", "--name", "twin", "--size", "1", "--resource", "storage-rentals").expect(t, 0, "created", "")
	}
	tvol(t, s, key, "get", "twin").expect(t, 2, "", `2 volumes are named "twin"`)

	// 401 and 403 exit 3; wait with a timeout.
	tvol(t, s, "tgn_wrong", "ls").expect(t, 3, "", "401")
	tvol(t, s, "tgn_b", "get", all[0].UID).expect(t, 3, "", "403")
	tvol(t, s, key, "wait", all[0].UID, "--for", "deleted", "--timeout", "500ms").expect(t, 1, "", "timed out after 500ms")
	tvol(t, s, key, "wait", all[0].UID, "--for", "soon").expect(t, 2, "", "--for ready, deleted or gone")
}

func TestWaitFailsFastOnFailedVolumes(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--fail-ratio", "1", "--provision-delay", "200ms")
	r := tvol(t, s, "tgn_demo", "create", "--name", "bad", "--size", "1", "--resource", "h200-small", "--wait")
	r.expect(t, 1, "", "is FAILED: ")
	if !regexp.MustCompile(`(capacity|timed out|quota) .*h200-small`).MatchString(r.stderr) {
		t.Fatalf("the failure does not carry the state's message: %q", r.stderr)
	}
}

func TestRetiredServerAndRepeatingCursor(t *testing.T) {
	retired := startSim(t, "127.0.0.1:0", "--retired")
	tvol(t, retired, "tgn_demo", "ls").expect(t, 1, "", "this API version has been retired by the server")
	looping := startSim(t, "127.0.0.1:0", "--volumes", "2500", "--repeat-cursor")
	r := tvol(t, looping, "tgn_demo", "ls")
	r.expect(t, 1, "", "sent cursor")
	if !regexp.MustCompile(`cursor "[A-Za-z0-9_-]+" again`).MatchString(r.stderr) {
		t.Fatalf("the error does not name the cursor: %q", r.stderr)
	}
	if n := looping.count(`^GET /tha/v2/volumes `); n > 3 {
		t.Fatalf("%d list requests before stopping", n)
	}
}

func TestReadOnlyProfileRefusesChanges(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "3")
	cmd := exec.Command(binary, "volumes", "--read-only", "--base-url", "http://"+s.addr, "create", "--name", "x", "--size", "1", "--resource", "r")
	cmd.Env = []string{"HOME=" + t.TempDir(), "TARGON_API_KEY=tgn_demo"}
	out, err := cmd.CombinedOutput()
	if exitErr, ok := err.(*exec.ExitError); !ok || exitErr.ExitCode() != 2 || !strings.Contains(string(out), "read-only") {
		t.Fatalf("read-only create: %v %s", err, out)
	}
}

func TestInterruptedWaitExits130(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "3", "--seed", "1")
	first := decode[[]volume](t, tvol(t, s, "tgn_demo", "ls", "-o", "json").stdout)[0]
	cmd := exec.Command(binary, "volumes", "--base-url", "http://"+s.addr, "wait", first.UID, "--for", "gone")
	cmd.Env = []string{"HOME=" + t.TempDir(), "TARGON_API_KEY=tgn_demo"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pattern := `^GET /tha/v2/volumes/` + first.UID + `/state `
	for deadline := time.Now().Add(10 * time.Second); s.count(pattern) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the wait never asked for the state")
		}
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if exitErr, ok := err.(*exec.ExitError); !ok || exitErr.ExitCode() != 130 || !strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("an interrupted wait: %v, %q", err, stderr.String())
	}
}

func TestTerminalTableAndConfirmation(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "5", "--seed", "3")
	first := decode[[]volume](t, tvol(t, s, "tgn_demo", "ls", "-o", "json").stdout)[0]
	base := binary + " volumes --base-url http://" + s.addr
	term := openTerminal(t, 160, 30, []string{"TARGON_API_KEY=tgn_demo"}, base+" ls")
	screen := term.waitText("tvol-exited-0")
	if !strings.Contains(screen, "● READY") || strings.Contains(screen, "\t") {
		t.Fatalf("a terminal should get aligned columns with glyphs:\n%s", screen)
	}
	term = openTerminal(t, 160, 30, []string{"TARGON_API_KEY=tgn_demo"}, base+" rm "+first.UID)
	term.waitText("[y/N]")
	term.send("Enter") // the default is No
	term.waitText("tvol-exited-1")
	if n := s.count(`^DELETE `); n != 0 {
		t.Fatalf("%d deletes after answering No", n)
	}
	term = openTerminal(t, 160, 30, []string{"TARGON_API_KEY=tgn_demo"}, base+" rm "+first.UID)
	term.waitText("[y/N]")
	term.send("y", "Enter")
	term.waitText("tvol-exited-0")
	if n := s.count(`^DELETE /tha/v2/volumes/` + first.UID + ` 204`); n != 1 {
		t.Fatalf("%d deletes after answering y", n)
	}
}

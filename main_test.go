package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestVersionAndHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"--version"}, &out, &errOut); code != 0 {
		t.Fatalf("--version exited %d", code)
	}
	if !strings.HasPrefix(out.String(), "tvol ") || !strings.Contains(out.String(), runtime.Version()) || !strings.Contains(out.String(), "commit") {
		t.Fatalf("--version printed %q", out.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"--help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "tvol sim") {
		t.Fatalf("--help exited %d with %q", code, out.String())
	}
	if code := run(context.Background(), []string{"frobnicate"}, &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Fatalf("an unknown command exited %d with %q", code, errOut.String())
	}
}

func TestSimFlagErrors(t *testing.T) {
	for args, want := range map[string]string{
		"--addr 0.0.0.0:8080":        "not a loopback address",
		"--addr :8080":               "not a loopback address",
		"--addr 192.168.1.5:80":      "--allow-remote",
		"--addr nonsense":            "want host:port",
		"--volumes -1":               "zero or more",
		"--fail-ratio 2":             "fail ratio 2 is outside 0..1",
		"--error-rate -0.1":          "error rate -0.1 is outside 0..1",
		"--provision-delay -1s":      "must not be negative",
		"--latency soon":             "invalid value",
		"--keys ,":                   "", // falls back to the default key: not an error by itself
		"extra":                      "unexpected argument",
		"--keys a,b --rate-limit -1": "rate limit -1 is negative",
	} {
		if want == "" {
			continue
		}
		var errOut bytes.Buffer
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a run that got past the flags stops at once
		code := run(ctx, append([]string{"sim"}, strings.Fields(args)...), &bytes.Buffer{}, &errOut)
		if code != exitUsage || !strings.Contains(errOut.String(), want) {
			t.Errorf("tvol sim %s: exit %d, %q; want exit 2 saying %q", args, code, errOut.String(), want)
		}
	}
}

func TestSimStartsAndStopsCleanlyAndSavesState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	var errOut bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stop as soon as it is serving
	code := run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--volumes", "12", "--state", state}, &bytes.Buffer{}, &errOut)
	if code != 0 || !strings.Contains(errOut.String(), "serving the Volumes API at http://127.0.0.1:") || !strings.Contains(errOut.String(), "stopped") {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	info, err := os.Stat(state)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, %v", info, err)
	}
	errOut.Reset()
	code = run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--state", state}, &bytes.Buffer{}, &errOut)
	if code != 0 || !strings.Contains(errOut.String(), "state loaded from") {
		t.Fatalf("second run exit %d:\n%s", code, errOut.String())
	}
}

func TestConfigCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tvol", "config.toml")
	run1 := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, out, _ := run1("config", "path", "--config", path); code != 0 || !strings.Contains(out, "not created yet") {
		t.Fatalf("path: %d %q", code, out)
	}
	if code, out, _ := run1("config", "init", "--config", path); code != 0 || !strings.Contains(out, "wrote "+path) {
		t.Fatalf("init: %d %q", code, out)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("init wrote %v, %v; want mode 0600", info, err)
	}
	if code, _, errOut := run1("config", "init", "--config", path); code != exitUsage || !strings.Contains(errOut, "--force") {
		t.Fatalf("init over an existing file: %d %q", code, errOut)
	}
	code, out, _ := run1("config", "check", "--config", path)
	if code != 0 || !strings.Contains(out, path+": ok") || !strings.Contains(out, `profile "default": https://api.targon.com`) {
		t.Fatalf("check: %d %q", code, out)
	}
	_ = os.WriteFile(path, []byte("[profiles.default]\napi_key = \"tgn_in_file_SECRET\"\n[keys]\nrefresh = [\"j\"]\n"), 0o644)
	_ = os.Chmod(path, 0o644) // WriteFile keeps the mode of an existing file
	code, out, errOut := run1("config", "check", "--config", path)
	if code != exitUsage || !strings.Contains(errOut, `"j" is bound to both down and refresh`) || !strings.Contains(errOut, "readable by others") {
		t.Fatalf("check of a conflicting, world-readable config: %d %q %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, "SECRET") {
		t.Fatal("config check printed the key")
	}
	if code, _, errOut := run1("--config", filepath.Join(dir, "absent.toml")); code != exitUsage || !strings.Contains(errOut, "no config file at") {
		t.Fatalf("a missing --config: %d %q", code, errOut)
	}
}

func TestGlobalFlagsStandAnywhereInVolumes(t *testing.T) {
	g, rest, err := splitGlobalFlags([]string{"--profile", "team", "ls", "--status", "ready", "--read-only", "--base-url=http://127.0.0.1:1", "-o", "json"})
	if err != nil || g.profile != "team" || !g.readOnly || g.baseURL != "http://127.0.0.1:1" ||
		strings.Join(rest, " ") != "ls --status ready -o json" {
		t.Fatalf("got %+v %q %v", g, rest, err)
	}
	if _, _, err := splitGlobalFlags([]string{"ls", "--profile"}); err == nil {
		t.Fatal("a global flag without its value was accepted")
	}
}

func TestQueuedWriterNeverBlocksOrPanicsAfterClose(t *testing.T) {
	var out bytes.Buffer
	q := newQueuedWriter(&out)
	_, _ = q.Write([]byte("one\n"))
	q.Close()
	if _, err := q.Write([]byte("late\n")); err != nil {
		t.Fatal(err)
	}
	q.Close()
	if out.String() != "one\n" {
		t.Fatalf("wrote %q", out.String())
	}
}

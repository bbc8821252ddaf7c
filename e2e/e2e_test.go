// Package e2e drives the real tvol binary in a real terminal (tmux) against a real
// `tvol sim` process on loopback, and reads what a person would see.
package e2e_test

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the tvol built once for the whole run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tvol-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "tvol")
	build := exec.Command("go", "build", "-o", binary, "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building tvol:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// simulator is a `tvol sim` process and the request lines it logged.
type simulator struct {
	t       *testing.T
	addr    string
	args    []string
	cmd     *exec.Cmd
	mu      sync.Mutex
	lines   []string
	markers int
}

func startSim(t *testing.T, addr string, args ...string) *simulator {
	t.Helper()
	s := &simulator{t: t, args: args}
	s.start(addr)
	t.Cleanup(s.stop)
	return s
}

var servingLine = regexp.MustCompile(`serving the Volumes API at http://(\S+)/tha/v2`)

func (s *simulator) start(addr string) {
	s.t.Helper()
	s.cmd = exec.Command(binary, append([]string{"sim", "--addr", addr}, s.args...)...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			line := scanner.Text()
			if m := servingLine.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
			s.mu.Lock()
			s.lines = append(s.lines, line)
			s.mu.Unlock()
		}
	}()
	select {
	case s.addr = <-ready:
	case <-time.After(10 * time.Second):
		s.t.Fatal("tvol sim did not start")
	}
}

func (s *simulator) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// count is how many logged requests match pattern (e.g. `^POST /tha/v2/volumes 200 `),
// counting every request answered before the call.
func (s *simulator) count(pattern string) int {
	s.t.Helper()
	s.catchUp()
	re := regexp.MustCompile(pattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, l := range s.lines {
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

// catchUp waits until the log read so far holds every request answered before the call.
// The simulator writes a request's line before answering it, but this process reads the
// lines on a goroutine of its own: a marker request, logged after all earlier ones, is the
// barrier.
func (s *simulator) catchUp() {
	s.t.Helper()
	s.mu.Lock()
	s.markers++
	marker := fmt.Sprintf("/tha/v2/volumes/e2e-marker-%d", s.markers)
	s.mu.Unlock()
	resp, err := http.Get("http://" + s.addr + marker)
	if err != nil {
		s.t.Fatalf("the simulator did not answer a marker request: %v", err)
	}
	resp.Body.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		seen := slices.ContainsFunc(s.lines, func(l string) bool { return strings.HasPrefix(l, "GET "+marker+" ") })
		s.mu.Unlock()
		if seen {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the simulator's log never showed %s", marker)
		}
	}
}

// terminal is one tmux session on a server of its own, so no user session is touched.
type terminal struct {
	t       *testing.T
	socket  string
	session string
}

func tmuxPath(t *testing.T) string {
	path, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is needed for the end-to-end tests; `make test` installs it when missing")
	}
	return path
}

// openTerminal runs command in a w×h terminal. The command's environment is only what is
// given: a temporary HOME, so no real user config is read.
func openTerminal(t *testing.T, w, h int, env []string, command string) *terminal {
	t.Helper()
	home := t.TempDir()
	// The socket is named after the whole temporary directory (TestName123456/001), not its
	// last part alone: a name shared between tests met the previous server as it shut down.
	socket := "tvol-e2e-" + filepath.Base(filepath.Dir(home)) + "-" + filepath.Base(home)
	term := &terminal{t: t, socket: socket, session: "e2e"}
	full := append([]string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "TERM=xterm-256color",
		"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}, env...)
	// The command's exit status stays on screen, so the test can see it end.
	script := fmt.Sprintf("env -i %s %s; echo tvol-exited-$?; sleep 600", strings.Join(quoteAll(full), " "), command)
	term.tmux("new-session", "-d", "-s", term.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), script)
	t.Cleanup(func() { _ = exec.Command(tmuxPath(t), "-L", term.socket, "kill-server").Run() })
	return term
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return out
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command(tmuxPath(term.t), append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", term.session) }

// waitFor polls the screen until cond holds; it fails after a generous bound, showing the
// screen. This is a condition wait, not a sleep standing in for one.
func (term *terminal) waitFor(what string, cond func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		screen := term.screen()
		if cond(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("waited for %s; the screen shows:\n%s", what, screen)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func (term *terminal) waitText(text string) string {
	term.t.Helper()
	return term.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// send types keys as tmux names them ("Enter", "C-u", or literal text).
func (term *terminal) send(keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		term.tmux("send-keys", "-t", term.session, k)
	}
}

func (term *terminal) resize(w, h int) {
	term.t.Helper()
	term.tmux("resize-window", "-t", term.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// lineWith is the screen line that contains text.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// noTvolLeft checks that no dashboard process of the binary under test outlives its quit
// (the simulator is the test's own, stopped at cleanup).
func noTvolLeft(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := exec.Command("pgrep", "-f", "^"+regexp.QuoteMeta(binary)+" --").Output()
		if strings.TrimSpace(string(out)) == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("tvol processes left behind: %s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func dashboard(s *simulator, extra ...string) string {
	return strings.Join(append([]string{binary, "--base-url", "http://" + s.addr}, extra...), " ")
}

func TestCreateReadyRenameCleanUpQuit(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "20", "--seed", "4", "--provision-delay", "1s", "--delete-delay", "1s")
	term := openTerminal(t, 120, 36, []string{"TARGON_API_KEY=tgn_demo"}, dashboard(s))
	term.waitText("20 volumes")

	term.send("n")
	term.waitText("New volume")
	// Each field takes focus asynchronously: wait for it before typing into it.
	term.send("e2e-volume", "Enter")
	term.waitText("┃ Size")
	term.send("C-u", "20G", "Enter")
	term.waitText("┃ Resource")
	term.send("Enter")
	// The summary, with the MiB figure that will be sent, above the question. That both are
	// on the first screen showing the question is the ui package's test; a terminal may be
	// caught between two writes.
	term.waitFor("the summary with 20480 MiB and the question", func(screen string) bool {
		return strings.Contains(screen, "e2e-volume · 20 GiB (20480 MiB)") && strings.Contains(screen, "Create this volume?")
	})
	term.send("y")
	term.waitText("created e2e-volume")
	term.waitFor("e2e-volume READY", func(screen string) bool {
		return strings.Contains(lineWith(screen, "e2e-volume "), "READY")
	})

	term.send("e")
	term.waitText("Rename e2e-volume")
	term.send("C-u", "e2e-renamed", "Enter")
	term.waitText("renamed to e2e-renamed")

	term.send("d")
	term.waitText("Clean up: deprovision")
	term.send("Enter")
	term.waitText("Clean up e2e-renamed")
	term.send("y")
	term.waitText("cleaned up e2e-renamed")
	term.waitText("20 volumes")

	term.send("q")
	term.waitText("tvol-exited-0")
	for pattern, want := range map[string]int{
		`^POST /tha/v2/volumes 200 `:                1,
		`^PATCH /tha/v2/volumes/vol-\w+ 200 `:       1,
		`^POST /tha/v2/volumes/vol-\w+/delete 202 `: 1,
		`^DELETE /tha/v2/volumes/vol-\w+ 204 `:      1,
	} {
		if got := s.count(pattern); got != want {
			t.Errorf("%s: %d requests in the simulator's log, want exactly %d", pattern, got, want)
		}
	}
	noTvolLeft(t)
}

func TestNarrowWindowAndResizeStorm(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "50", "--seed", "9")
	term := openTerminal(t, 70, 20, []string{"TARGON_API_KEY=tgn_demo"}, dashboard(s))
	screen := term.waitText("50 volumes")
	for _, l := range strings.Split(screen, "\n") {
		if n := len([]rune(l)); n > 70 {
			t.Fatalf("a %d-cell line in a 70-cell window: %q", n, l)
		}
	}
	if strings.Contains(lineWith(screen, "NAME"), "WORKLOAD") {
		t.Fatal("the workload column should give way at 70 cells")
	}
	for i := range 30 {
		term.resize(60+i%5*25, 16+i%4*8)
	}
	term.resize(50, 12)
	term.waitText("tvol needs at least 60×16")
	term.resize(110, 30)
	screen = term.waitFor("a whole dashboard after the storm", func(s string) bool {
		return strings.Contains(s, "50 volumes") && strings.Contains(s, "q quit") && strings.Contains(s, "Detail")
	})
	if strings.Contains(screen, "tvol-exited") {
		t.Fatal("tvol ended during the resize storm")
	}
	term.send("q")
	term.waitText("tvol-exited-0")
	noTvolLeft(t)
}

func TestNoColor(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "10", "--seed", "2")
	term := openTerminal(t, 120, 30, []string{"TARGON_API_KEY=tgn_demo", "NO_COLOR=1"}, dashboard(s))
	term.waitText("10 volumes")
	coloured := term.tmux("capture-pane", "-p", "-e", "-t", term.session)
	if regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;5|4[0-9])[;m]`).MatchString(coloured) {
		t.Fatalf("NO_COLOR=1 still colours the screen:\n%q", coloured[:min(len(coloured), 600)])
	}
	if !strings.Contains(coloured, "●") {
		t.Fatal("statuses must still read without colour, by their glyphs")
	}
	term.send("q")
	term.waitText("tvol-exited-0")
}

// fastRefreshConfig is a config that refreshes the list at the shortest interval allowed.
func fastRefreshConfig(t *testing.T) string {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("[ui]\nrefresh_interval = \"2s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestServerStopsAnsweringThenComesBack(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "15", "--seed", "6")
	cfg := fastRefreshConfig(t)
	term := openTerminal(t, 120, 30, []string{"TARGON_API_KEY=tgn_demo"}, dashboard(s, "--config", cfg))
	term.waitText("15 volumes")
	addr := s.addr
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	_ = s.cmd.Wait()
	s.cmd = nil
	screen := term.waitText("stale · last updated")
	if !strings.Contains(screen, "15 volumes") || !strings.Contains(screen, "retrying in") {
		t.Fatalf("the last good data and the retry should stay on screen:\n%s", screen)
	}
	s.start(addr)
	term.waitText("reconnected")
	term.send("q")
	term.waitText("tvol-exited-0")
	noTvolLeft(t)
}

func TestServerHangsThenResumes(t *testing.T) {
	s := startSim(t, "127.0.0.1:0", "--volumes", "15", "--seed", "6")
	cfg := fastRefreshConfig(t)
	term := openTerminal(t, 120, 30, []string{"TARGON_API_KEY=tgn_demo"}, dashboard(s, "--config", cfg))
	term.waitText("15 volumes")
	_ = s.cmd.Process.Signal(syscall.SIGSTOP) // accepts connections, answers nothing
	term.waitText("stale · last updated")
	_ = s.cmd.Process.Signal(syscall.SIGCONT)
	term.waitFor("the stale marker to go", func(screen string) bool {
		return strings.Contains(screen, "updated just now") && !strings.Contains(screen, "stale")
	})
	term.send("q")
	term.waitText("tvol-exited-0")
	noTvolLeft(t)
}

func TestFirstRunOnboardingAndAWrongKey(t *testing.T) {
	s := startSim(t, "127.0.0.1:0")
	term := openTerminal(t, 110, 30, nil, dashboard(s))
	term.waitText("tvol needs a Targon API key")
	term.send("Enter")
	term.waitText("Input is hidden.")
	term.send("tgn_wrong_key", "Enter")
	screen := term.waitText("refused the key (401)")
	if strings.Contains(screen, "tgn_wrong_key") {
		t.Fatal("the hidden key input showed the key")
	}
	term.send("Down", "Down", "Down", "Enter") // Quit
	term.waitText("tvol-exited-0")
	noTvolLeft(t)
}

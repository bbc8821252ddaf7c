package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"

	"tvol/api"
	"tvol/api/sim"
	"tvol/config"
	"tvol/ui"
)

// globalFlags are the flags of product.md, shared by the dashboard and tvol config.
type globalFlags struct {
	demo       bool
	profile    string
	configPath string
	baseURL    string
	readOnly   bool
	theme      string
	debugLog   string
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.profile, "profile", "", "profile `name` from the config (default: active_profile)")
	fs.StringVar(&g.configPath, "config", "", "config file `path` (default: $XDG_CONFIG_HOME/tvol/config.toml)")
	fs.StringVar(&g.baseURL, "base-url", "", "API base `URL` (default: the profile's, else https://api.targon.com)")
	fs.BoolVar(&g.readOnly, "read-only", false, "hide every action that changes something")
	fs.StringVar(&g.theme, "theme", "", "auto, dark or light")
	fs.StringVar(&g.debugLog, "debug-log", "", "write a structured log of requests and UI events to `file`")
}

func parseDashboardFlags(args []string, stderr io.Writer) (globalFlags, error) {
	var g globalFlags
	fs := flag.NewFlagSet("tvol", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.BoolVar(&g.demo, "demo", false, "run on the embedded simulator, seeded and live; no key needed")
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		return g, err
	}
	if fs.NArg() > 0 {
		return g, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return g, nil
}

// loadConfig reads the config file. A missing default file means defaults; a missing file
// named with --config is an error.
func loadConfig(g globalFlags) (path string, cfg *config.Config, err error) {
	path = g.configPath
	if path == "" {
		if path, err = config.DefaultPath(os.Getenv); err != nil {
			return "", nil, err
		}
	}
	cfg, err = config.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		if g.configPath != "" {
			return path, nil, fmt.Errorf("no config file at %s (tvol config init --config %s writes one)", path, path)
		}
		return path, nil, nil
	}
	return path, cfg, err
}

func resolveSettings(ctx context.Context, g globalFlags, stderr io.Writer) (string, *config.Config, config.Settings, error) {
	path, cfg, err := loadConfig(g)
	if err != nil {
		return path, nil, config.Settings{}, err
	}
	if warning := config.KeyFileWarning(path, cfg); warning != "" {
		fmt.Fprintln(stderr, "tvol: "+warning)
	}
	s, err := config.Resolve(ctx, cfg, config.Flags{Profile: g.profile, BaseURL: g.baseURL, ReadOnly: g.readOnly, Theme: g.theme},
		os.Getenv, config.ShellRunner)
	return path, cfg, s, err
}

// themeFor decides dark or light before the program starts: querying the terminal once
// Bubble Tea owns it can stall, and inside tmux often goes unanswered.
func themeFor(setting string) ui.Theme {
	switch setting {
	case "light":
		return ui.ThemeLight
	case "dark":
		return ui.ThemeDark
	}
	// COLORFGBG is "fg;bg"; a background of 7 or 15 is a light terminal.
	if parts := strings.Split(os.Getenv("COLORFGBG"), ";"); len(parts) > 1 {
		if bg := parts[len(parts)-1]; bg == "7" || bg == "15" {
			return ui.ThemeLight
		}
	}
	return ui.ThemeDark
}

// openDebugLog opens --debug-log for appending, private to the user.
func openDebugLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return nil, func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("--debug-log: %w", err)
	}
	out := newQueuedWriter(f)
	logger := slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	logger.Info("tvol started", "version", version, "commit", commit)
	// A record of the process's own footprint each minute, for long sessions and soak runs.
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		ticker := time.NewTicker(time.Minute)
		defer ticker.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ticker.C:
				var mem runtime.MemStats
				runtime.ReadMemStats(&mem)
				logger.Info("runtime", "goroutines", runtime.NumGoroutine(), "heap_bytes", mem.HeapAlloc, "sys_bytes", mem.Sys)
			}
		}
	}()
	return logger, func() {
		close(stop)
		<-stopped // no record may come after the queue closes
		logger.Info("tvol stopped")
		out.Close()
		f.Close()
	}, nil
}

// queuedWriter hands records to a goroutine that writes them, so the dashboard's Update,
// which logs UI events, never waits on the disk.
type queuedWriter struct {
	mu      sync.Mutex
	closed  bool // requests cancelled at quit may still log: their records are dropped
	records chan []byte
	done    chan struct{}
}

func newQueuedWriter(w io.Writer) *queuedWriter {
	q := &queuedWriter{records: make(chan []byte, 1024), done: make(chan struct{})}
	go func() {
		defer close(q.done)
		for record := range q.records {
			_, _ = w.Write(record)
		}
	}()
	return q
}

// Write queues a copy of p; when the queue is full the record is dropped rather than block.
func (q *queuedWriter) Write(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		select {
		case q.records <- bytes.Clone(p):
		default:
		}
	}
	return len(p), nil
}

// Close writes what is queued and stops; later writes are dropped.
func (q *queuedWriter) Close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.records)
	}
	q.mu.Unlock()
	<-q.done
}

// framesPerSecond caps how often the dashboard redraws; see where it is used.
const framesPerSecond = 30

func runDashboard(ctx context.Context, args []string, stderr io.Writer) int {
	g, err := parseDashboardFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitUsage
	}
	path, _, settings, err := resolveSettings(ctx, g, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitUsage
	}
	keys, err := ui.DefaultKeyMap().Rebind(settings.Keys)
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %s: %v\n", path, err)
		return exitUsage
	}
	logger, closeLog, err := openDebugLog(g.debugLog)
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitUsage
	}
	defer closeLog()

	interactive := isatty.IsTerminal(os.Stdin.Fd()) && isatty.IsTerminal(os.Stdout.Fd())
	if !g.demo && settings.APIKey == "" {
		if !interactive {
			fmt.Fprintf(stderr, "tvol: no API key (%s): set TARGON_API_KEY, run tvol config init, or try tvol --demo\n", settings.KeySource)
			return exitUsage
		}
		outcome, err := onboard(ctx, path, &settings, logger)
		if err != nil {
			fmt.Fprintf(stderr, "tvol: %v\n", err)
			return exitError
		}
		switch outcome {
		case onboardQuit:
			return exitOK
		case onboardDemo:
			g.demo = true
		}
	}

	opts := ui.Options{
		Profile: settings.Profile, ReadOnly: settings.ReadOnly, Protected: settings.Protected,
		Theme: themeFor(settings.Theme), Keys: keys, Resources: settings.Resources,
		RefreshInterval: settings.RefreshInterval, StateInterval: settings.StateInterval, Logger: logger,
	}
	if g.demo {
		stop, baseURL, err := startDemoSimulator()
		if err != nil {
			fmt.Fprintf(stderr, "tvol: starting the demo: %v\n", err)
			return exitError
		}
		defer stop()
		settings.BaseURL, settings.APIKey = baseURL, sim.DefaultKey
		opts.Profile, opts.Host, opts.Protected, opts.ReadOnly = "demo", "embedded simulator", false, g.readOnly
	}
	// A dashboard would rather say "stale" and try again than wait 30 s on a silent server.
	opts.Client, err = api.New(api.Options{BaseURL: settings.BaseURL, APIKey: settings.APIKey, Version: version, Logger: logger,
		Timeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitUsage
	}
	if opts.Host == "" {
		opts.Host = opts.Client.Host()
	}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		opts.Clipboard, opts.InTmux = os.Stderr, os.Getenv("TMUX") != ""
	}
	if settings.NoColor {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	lipgloss.SetHasDarkBackground(opts.Theme == ui.ThemeDark) // no background query at first use
	// The renderer wakes at its frame rate even when nothing changed, and copies the whole
	// frame to compare it each time: at the default 60 fps that alone is over 1 % of a core
	// while idle. 30 fps still shows a keystroke within 33 ms.
	programOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(framesPerSecond)}
	if settings.Mouse {
		programOpts = append(programOpts, tea.WithMouseCellMotion())
	}
	if _, err := tea.NewProgram(ui.New(ctx, opts), programOpts...).Run(); err != nil &&
		!errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitError
	}
	return exitOK
}

// startDemoSimulator serves a seeded, live fleet on a loopback port of its own.
func startDemoSimulator() (stop func(), baseURL string, err error) {
	server, err := sim.New(sim.Config{
		Volumes:   240,
		Seed:      1,
		Lifecycle: sim.Lifecycle{ProvisionDelay: 6 * time.Second, DeleteDelay: 4 * time.Second, FailRatio: 0.15},
	})
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	httpServer := &http.Server{Handler: server, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = httpServer.Serve(ln) }()
	return func() { _ = httpServer.Close() }, "http://" + ln.Addr().String(), nil
}

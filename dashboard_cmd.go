package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"

	"tvol/api"
	"tvol/api/sim"
	"tvol/ui"
)

type dashboardFlags struct {
	demo     bool
	baseURL  string
	profile  string
	readOnly bool
	theme    string
}

func parseDashboardFlags(args []string, stderr io.Writer) (dashboardFlags, error) {
	var f dashboardFlags
	fs := flag.NewFlagSet("tvol", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.BoolVar(&f.demo, "demo", false, "run on the embedded simulator, seeded and live; no key needed")
	fs.StringVar(&f.baseURL, "base-url", api.DefaultBaseURL, "API base URL")
	fs.StringVar(&f.profile, "profile", "default", "profile name shown in the header")
	fs.BoolVar(&f.readOnly, "read-only", false, "hide every action that changes something")
	fs.StringVar(&f.theme, "theme", "auto", "auto, dark or light")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.theme != "auto" && f.theme != "dark" && f.theme != "light" {
		return f, fmt.Errorf("--theme %q: use auto, dark or light", f.theme)
	}
	return f, nil
}

// resolveTheme decides dark or light before the program starts: querying the terminal once
// Bubble Tea owns it can stall, and inside tmux often goes unanswered.
func resolveTheme(flagValue string) ui.Theme {
	switch flagValue {
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

func runDashboard(ctx context.Context, args []string, stderr io.Writer) int {
	f, err := parseDashboardFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitUsage
	}
	opts := ui.Options{Profile: f.profile, ReadOnly: f.readOnly, Theme: resolveTheme(f.theme)}
	if f.demo {
		stop, baseURL, err := startDemoSimulator(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "tvol: starting the demo: %v\n", err)
			return exitError
		}
		defer stop()
		f.baseURL, opts.Profile = baseURL, "demo"
		opts.Client, err = api.New(api.Options{BaseURL: baseURL, APIKey: sim.DefaultKey, Version: version})
		if err != nil {
			fmt.Fprintf(stderr, "tvol: %v\n", err)
			return exitError
		}
		opts.Host = "embedded simulator"
	} else {
		key := os.Getenv("TARGON_API_KEY")
		if key == "" {
			fmt.Fprint(stderr, "tvol: no API key: set TARGON_API_KEY, or try tvol --demo\n")
			return exitUsage
		}
		opts.Client, err = api.New(api.Options{BaseURL: f.baseURL, APIKey: key, Version: version})
		if err != nil {
			fmt.Fprintf(stderr, "tvol: %v\n", err)
			return exitUsage
		}
		opts.Host = opts.Client.Host()
	}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		opts.Clipboard, opts.InTmux = os.Stderr, os.Getenv("TMUX") != ""
	}
	lipgloss.SetHasDarkBackground(opts.Theme == ui.ThemeDark) // no background query at first use
	program := tea.NewProgram(ui.New(ctx, opts), tea.WithAltScreen(), tea.WithContext(ctx))
	if _, err := program.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return exitError
	}
	return exitOK
}

// startDemoSimulator serves a seeded, live fleet on a loopback port of its own.
func startDemoSimulator(ctx context.Context) (stop func(), baseURL string, err error) {
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

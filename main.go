// Command tvol is a terminal dashboard for Targon persistent volumes. This file parses the
// command line and wires the packages together; the work lives in api/ and below.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
)

// Set at link time by the Makefile (-ldflags -X); "dev" for a plain go build.
var (
	version = "dev"
	commit  = "unknown"
)

const usage = `tvol: a terminal dashboard for Targon persistent volumes

Usage:
  tvol [flags]                 the dashboard for the active profile (first run: onboarding)
  tvol --demo                  the dashboard on the embedded simulator, seeded and live; no key needed
  tvol sim [flags]             serve the simulated Volumes API on loopback, for curl and scripts
  tvol config path|init|check  where the config is, write a commented default, validate it
  tvol volumes <verb> [flags]  scripting: ls, get, state, events, create, rename, deprovision,
                               rm, cleanup, wait (-o table|json; --yes where destructive)
  tvol --version / --help

Flags:
  --profile NAME         a profile from the config (default: active_profile)
  --config PATH          config file (default: $XDG_CONFIG_HOME/tvol/config.toml)
  --base-url URL         API base URL (default: the profile's, else https://api.targon.com)
  --read-only            hide every action that changes something
  --theme auto|dark|light
  --debug-log FILE       log requests and UI events to FILE (the key is never logged)

Environment: TARGON_API_KEY (the key), NO_COLOR, XDG_CONFIG_HOME.
Run "tvol sim --help" for the simulator's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes, as the provider's own client uses them.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// run dispatches on the first word; it returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return runDashboard(ctx, args, stderr)
	}
	switch args[0] {
	case "sim":
		return runSim(ctx, args[1:], stderr)
	case "config":
		return runConfig(ctx, args[1:], stdout, stderr)
	case "volumes", "volume", "vol":
		return runVolumes(ctx, args[1:], stdout, stderr)
	case "--version", "-version", "version":
		fmt.Fprintf(stdout, "tvol %s (commit %s, %s)\n", version, commit, runtime.Version())
		return exitOK
	case "--help", "-help", "-h", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		if strings.HasPrefix(args[0], "-") {
			return runDashboard(ctx, args, stderr)
		}
		fmt.Fprintf(stderr, "tvol: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
}

// envLookup reads the process environment; only main touches it.
func envLookup(name string) string { return os.Getenv(name) }

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

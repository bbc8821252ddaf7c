package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"tvol/api"
	"tvol/api/sim"
)

// simFlags are the flags of `tvol sim`, as product.md lists them.
type simFlags struct {
	addr           string
	allowRemote    bool
	keys           string
	volumes        int
	seed           int64
	provisionDelay time.Duration
	deleteDelay    time.Duration
	failRatio      float64
	latency        time.Duration
	errorRate      float64
	rateLimit      float64
	stateFile      string
	retired        bool
	repeatCursor   bool
}

func parseSimFlags(args []string, stderr io.Writer) (simFlags, error) {
	var f simFlags
	fs := flag.NewFlagSet("tvol sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: tvol sim [flags]\n\nServe the simulated Targon Volumes API (v2) over HTTP.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on (loopback only unless --allow-remote)")
	fs.BoolVar(&f.allowRemote, "allow-remote", false, "allow listening on a non-loopback address")
	fs.StringVar(&f.keys, "keys", sim.DefaultKey, "accepted API `keys`, comma-separated; each is its own account")
	fs.IntVar(&f.volumes, "volumes", 0, "seed `N` volumes for the first key")
	fs.Int64Var(&f.seed, "seed", 1, "seed for deterministic data, UIDs and failures")
	fs.DurationVar(&f.provisionDelay, "provision-delay", 6*time.Second, "time from PROVISIONING to READY or FAILED")
	fs.DurationVar(&f.deleteDelay, "delete-delay", 4*time.Second, "time from DELETING to DELETED")
	fs.Float64Var(&f.failRatio, "fail-ratio", 0, "share of creates that end FAILED (0..1)")
	fs.DurationVar(&f.latency, "latency", 0, "delay added to every answer")
	fs.Float64Var(&f.errorRate, "error-rate", 0, "share of requests answered 500 (0..1)")
	fs.Float64Var(&f.rateLimit, "rate-limit", 0, "requests per second per key before 429 with Retry-After (0: no limit)")
	fs.StringVar(&f.stateFile, "state", "", "`file` to keep the simulator's state in between runs")
	fs.BoolVar(&f.retired, "retired", false, "answer every request 410 Gone, as a retired API version does")
	fs.BoolVar(&f.repeatCursor, "repeat-cursor", false, "hand back the same list cursor forever, as a broken server might")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case f.volumes < 0:
		return f, fmt.Errorf("--volumes %d: must be zero or more", f.volumes)
	case f.provisionDelay < 0 || f.deleteDelay < 0:
		return f, fmt.Errorf("--provision-delay and --delete-delay must not be negative")
	}
	host, _, err := net.SplitHostPort(f.addr)
	if err != nil {
		return f, fmt.Errorf("--addr %q: %v (want host:port, e.g. 127.0.0.1:8080)", f.addr, err)
	}
	if !f.allowRemote && !api.IsLoopbackHost(host) {
		return f, fmt.Errorf("--addr %q is not a loopback address: the simulator accepts keys in clear text, "+
			"so it listens on loopback only; pass --allow-remote to serve other machines", f.addr)
	}
	return f, nil
}

func runSim(ctx context.Context, args []string, stderr io.Writer) int {
	f, err := parseSimFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "tvol sim: %v\n", err)
		return exitUsage
	}
	cfg := sim.Config{
		Keys:      splitKeys(f.keys),
		Volumes:   f.volumes,
		Seed:      f.seed,
		Lifecycle: sim.Lifecycle{ProvisionDelay: f.provisionDelay, DeleteDelay: f.deleteDelay, FailRatio: f.failRatio},
		Faults: sim.Faults{Latency: f.latency, ErrorRate: f.errorRate, RateLimit: f.rateLimit,
			Retired: f.retired, RepeatCursor: f.repeatCursor},
		Log: stderr,
	}
	if f.stateFile != "" {
		if _, statErr := os.Stat(f.stateFile); statErr == nil {
			cfg.Volumes = 0 // the saved fleet replaces the seeded one
		}
	}
	server, err := sim.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "tvol sim: %v\n", err)
		return exitUsage
	}
	if f.stateFile != "" {
		loaded, err := server.Store().LoadFile(f.stateFile)
		if err != nil {
			fmt.Fprintf(stderr, "tvol sim: %v\n", err)
			return exitError
		}
		if loaded {
			fmt.Fprintf(stderr, "tvol sim: state loaded from %s\n", f.stateFile)
		}
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintf(stderr, "tvol sim: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stderr, "tvol sim: serving the Volumes API at http://%s%s (keys: %d, volumes seeded: %d); ctrl+c stops\n",
		ln.Addr(), api.DefaultPathPrefix, len(cfg.Keys), cfg.Volumes)
	if err := sim.Serve(ctx, ln, server, sim.ServeOptions{StateFile: f.stateFile}); err != nil {
		fmt.Fprintf(stderr, "tvol sim: %v\n", err)
		return exitError
	}
	fmt.Fprintln(stderr, "tvol sim: stopped")
	return exitOK
}

func splitKeys(list string) []string {
	var keys []string
	for _, k := range strings.Split(list, ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"

	"tvol/api"
	"tvol/cli"
)

// splitGlobalFlags takes the global flags out of args wherever they stand, so that
// `tvol volumes ls --profile team` and `tvol volumes --profile team ls` both work.
func splitGlobalFlags(args []string) (globalFlags, []string, error) {
	var g globalFlags
	fs := flag.NewFlagSet("tvol volumes", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	var rest []string
	for i := 0; i < len(args); i++ {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		f := fs.Lookup(name)
		if !strings.HasPrefix(args[i], "-") || f == nil {
			rest = append(rest, args[i])
			continue
		}
		pair := []string{args[i]}
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !isBool {
			if i+1 >= len(args) {
				return g, nil, fmt.Errorf("%s needs a value", args[i])
			}
			i++
			pair = append(pair, args[i])
		}
		if err := fs.Parse(pair); err != nil {
			return g, nil, err
		}
	}
	return g, rest, nil
}

// runVolumes is `tvol volumes <verb>`: the same profiles, flags and config as the dashboard.
func runVolumes(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, rest, err := splitGlobalFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return cli.ExitUsage
	}
	stdio := cli.IO{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr,
		StdinTTY:  isatty.IsTerminal(os.Stdin.Fd()),
		StdoutTTY: stdout == os.Stdout && isatty.IsTerminal(os.Stdout.Fd())}
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "--help" || rest[0] == "-h" {
		return cli.Run(ctx, nil, rest, stdio, cli.Options{})
	}
	_, _, settings, err := resolveSettings(ctx, g, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return cli.ExitUsage
	}
	if settings.APIKey == "" {
		fmt.Fprintf(stderr, "tvol: no API key (%s): set TARGON_API_KEY or run tvol config init\n", settings.KeySource)
		return cli.ExitUsage
	}
	logger, closeLog, err := openDebugLog(g.debugLog)
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return cli.ExitUsage
	}
	defer closeLog()
	client, err := api.New(api.Options{BaseURL: settings.BaseURL, APIKey: settings.APIKey, Version: version, Logger: logger})
	if err != nil {
		fmt.Fprintf(stderr, "tvol: %v\n", err)
		return cli.ExitUsage
	}
	stdio.NoColor = settings.NoColor
	return cli.Run(ctx, client, rest, stdio, cli.Options{ReadOnly: settings.ReadOnly})
}

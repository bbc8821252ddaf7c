package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"tvol/config"
	"tvol/ui"
)

// runConfig is `tvol config path|init|check`.
func runConfig(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "Usage: tvol config path|init|check [--config PATH] [--profile NAME] [--force]\n")
		return exitUsage
	}
	verb := args[0]
	var g globalFlags
	var force bool
	fs := flag.NewFlagSet("tvol config "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	g.register(fs)
	fs.BoolVar(&force, "force", false, "with init: overwrite an existing file")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	path := g.configPath
	if path == "" {
		var err error
		if path, err = config.DefaultPath(envLookup); err != nil {
			fmt.Fprintf(stderr, "tvol config: %v\n", err)
			return exitUsage
		}
	}
	switch verb {
	case "path":
		state := "exists"
		if _, err := config.Load(path); err != nil && isNotExist(err) {
			state = "not created yet: tvol config init writes it"
		}
		fmt.Fprintf(stdout, "config file: %s (%s)\n", path, state)
		return exitOK
	case "init":
		if err := config.WriteDefault(path, force); err != nil {
			fmt.Fprintf(stderr, "tvol config init: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "wrote %s (mode 0600): edit it, then run tvol config check\n", path)
		return exitOK
	case "check":
		return checkConfig(ctx, g, path, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "tvol config: unknown verb %q: use path, init or check\n", verb)
		return exitUsage
	}
}

// checkConfig validates the file and explains what tvol will do with it; never the key.
func checkConfig(ctx context.Context, g globalFlags, path string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(path)
	if isNotExist(err) {
		fmt.Fprintf(stdout, "no config file at %s: defaults apply (tvol config init writes one)\n", path)
		cfg, err = nil, nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "tvol config check: %v\n", err)
		return exitUsage
	}
	if warning := config.KeyFileWarning(path, cfg); warning != "" {
		fmt.Fprintln(stderr, "tvol config check: "+warning)
	}
	s, err := config.Resolve(ctx, cfg, config.Flags{Profile: g.profile, BaseURL: g.baseURL, ReadOnly: g.readOnly, Theme: g.theme},
		envLookup, config.ShellRunner)
	if err != nil {
		fmt.Fprintf(stderr, "tvol config check: %v\n", err)
		return exitUsage
	}
	if _, err := ui.DefaultKeyMap().Rebind(s.Keys); err != nil {
		fmt.Fprintf(stderr, "tvol config check: %s: %v\n", path, err)
		return exitUsage
	}
	if cfg != nil {
		fmt.Fprintf(stdout, "%s: ok\n", path)
		if names := cfg.ProfileNames(); len(names) > 0 {
			fmt.Fprintf(stdout, "profiles: %s\n", strings.Join(names, ", "))
		}
	}
	key := "no key: " + s.KeySource
	if s.APIKey != "" {
		key = "key from " + s.KeySource
	}
	fmt.Fprintf(stdout, "profile %q: %s; %s", s.Profile, s.BaseURL, key)
	if s.ReadOnly {
		fmt.Fprint(stdout, "; read-only")
	}
	if s.Protected {
		fmt.Fprint(stdout, "; protected")
	}
	fmt.Fprintf(stdout, "\nui: theme %s, list every %s, volumes in progress every %s, resources %s\n",
		s.Theme, s.RefreshInterval, s.StateInterval, strings.Join(s.Resources, ", "))
	if len(s.Keys) > 0 {
		fmt.Fprintf(stdout, "keys: %d rebound\n", len(s.Keys))
	}
	return exitOK
}

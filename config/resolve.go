package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"tvol/api"
	"tvol/internal/suggest"
)

// Env reads an environment variable; main passes os.Getenv, tests a map.
type Env func(string) string

// DefaultPath is $XDG_CONFIG_HOME/tvol/config.toml, else ~/.config/tvol/config.toml, on
// every OS.
func DefaultPath(getenv Env) (string, error) {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" {
		return filepath.Join(dir, "tvol", "config.toml"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("neither XDG_CONFIG_HOME nor HOME is set: pass --config PATH")
	}
	return filepath.Join(home, ".config", "tvol", "config.toml"), nil
}

// Flags are the command-line settings; the zero value of each means "not given".
type Flags struct {
	Profile  string
	BaseURL  string
	ReadOnly bool
	Theme    string
}

// Settings are what a run uses, every source applied: flag > environment > profile > default.
type Settings struct {
	Profile         string
	BaseURL         string
	APIKey          string // never printed
	KeySource       string // where the key came from (or why there is none), for messages
	ReadOnly        bool
	Protected       bool
	Theme           string // auto, dark or light
	NoColor         bool
	RefreshInterval time.Duration
	StateInterval   time.Duration
	Resources       []string
	Mouse           bool
	Keys            map[string][]string
}

// Runner runs a key command and returns its standard output and standard error.
type Runner func(ctx context.Context, command string) (stdout, stderr []byte, err error)

// ShellRunner runs a command with sh -c, as a user would type it.
func ShellRunner(ctx context.Context, command string) ([]byte, []byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.Bytes(), stderr.Bytes(), err
}

// keyCommandTimeout bounds api_key_command (a password manager may ask for a passphrase).
const keyCommandTimeout = 30 * time.Second

// Resolve applies flags, environment, the chosen profile and defaults. cfg may be nil (no
// file). A missing key is not an error here: Settings.APIKey is "" and KeySource says why.
func Resolve(ctx context.Context, cfg *Config, f Flags, getenv Env, run Runner) (Settings, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	s := Settings{
		Profile:         firstOf(f.Profile, cfg.ActiveProfile, "default"),
		Theme:           firstOf(f.Theme, cfg.UI.Theme, "auto"),
		NoColor:         getenv("NO_COLOR") != "",
		RefreshInterval: 10 * time.Second,
		StateInterval:   2 * time.Second,
		Resources:       []string{"storage-rentals", "h200-small"},
		Mouse:           cfg.UI.Mouse,
		Keys:            cfg.Keys,
	}
	switch s.Theme {
	case "auto", "dark", "light":
	default:
		return s, fmt.Errorf("--theme %q: use auto, dark or light", s.Theme)
	}
	if d := cfg.UI.RefreshInterval; d != nil {
		s.RefreshInterval = d.Duration
	}
	if d := cfg.UI.StateInterval; d != nil {
		s.StateInterval = d.Duration
	}
	if len(cfg.UI.Resources) > 0 {
		s.Resources = cfg.UI.Resources
	}
	profile, ok := cfg.Profiles[s.Profile]
	if !ok && (len(cfg.Profiles) > 0 || s.Profile != "default") {
		names := cfg.ProfileNames()
		if len(names) == 0 {
			return s, fmt.Errorf("no profile %q: the config has no profiles (tvol config init writes one)", s.Profile)
		}
		return s, fmt.Errorf("no profile %q%s (profiles: %s)", s.Profile, suggest.DidYouMean(s.Profile, names), strings.Join(names, ", "))
	}
	s.BaseURL = firstOf(f.BaseURL, profile.BaseURL, api.DefaultBaseURL)
	if _, err := api.ParseBaseURL(s.BaseURL); err != nil {
		return s, err
	}
	s.ReadOnly = f.ReadOnly || profile.ReadOnly
	s.Protected = profile.Protected

	if key := getenv("TARGON_API_KEY"); key != "" {
		s.APIKey, s.KeySource = key, "the environment variable TARGON_API_KEY"
		return s, nil
	}
	switch {
	case profile.APIKeyEnv != "":
		s.APIKey = getenv(profile.APIKeyEnv)
		s.KeySource = "the environment variable " + profile.APIKeyEnv
		if s.APIKey == "" {
			s.KeySource = "the profile reads the environment variable " + profile.APIKeyEnv + ", which is not set"
		}
	case profile.APIKeyCommand != "":
		key, err := runKeyCommand(ctx, profile.APIKeyCommand, run)
		if err != nil {
			return s, fmt.Errorf("profile %q: %w", s.Profile, err)
		}
		s.APIKey, s.KeySource = key, "api_key_command of profile "+s.Profile
	case profile.APIKey != "":
		s.APIKey, s.KeySource = profile.APIKey, "api_key in the config file"
	default:
		s.KeySource = "neither TARGON_API_KEY nor the profile gives one"
	}
	return s, nil
}

// runKeyCommand runs api_key_command. Its stdout is the key and is never shown; on failure
// its stderr is.
func runKeyCommand(ctx context.Context, command string, run Runner) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keyCommandTimeout)
	defer cancel()
	stdout, stderr, err := run(ctx, command)
	why := strings.TrimSpace(string(stderr))
	if len(why) > 300 {
		why = why[:300] + "…"
	}
	if err != nil {
		if why == "" {
			why = "it printed nothing on stderr"
		}
		return "", fmt.Errorf("api_key_command %q failed (%v): %s", command, err, why)
	}
	key := strings.TrimSpace(string(stdout))
	if key == "" {
		return "", fmt.Errorf("api_key_command %q printed no key on stdout", command)
	}
	if strings.ContainsAny(key, " \t\r\n") {
		return "", fmt.Errorf("api_key_command %q printed more than one word; it should print the key alone", command)
	}
	return key, nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

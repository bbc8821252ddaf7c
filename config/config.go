// Package config loads, validates and writes tvol's TOML configuration, and resolves the
// settings of a run from flags, environment, profile and defaults. It knows nothing of the UI.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"tvol/api"
	"tvol/internal/suggest"
)

// Config is the file's contents.
type Config struct {
	ActiveProfile string              `toml:"active_profile"`
	Profiles      map[string]Profile  `toml:"profiles"`
	UI            UI                  `toml:"ui"`
	Keys          map[string][]string `toml:"keys"`
}

// Profile is one account and endpoint.
type Profile struct {
	BaseURL       string `toml:"base_url,omitempty"`
	APIKeyEnv     string `toml:"api_key_env,omitempty"`
	APIKeyCommand string `toml:"api_key_command,omitempty"`
	APIKey        string `toml:"api_key,omitempty"`
	ReadOnly      bool   `toml:"read_only"`
	Protected     bool   `toml:"protected"`
}

// UI holds the dashboard's settings.
type UI struct {
	Theme           string    `toml:"theme"`
	RefreshInterval *Duration `toml:"refresh_interval"`
	StateInterval   *Duration `toml:"state_interval"`
	Resources       []string  `toml:"resources"`
	Mouse           bool      `toml:"mouse"`
}

// Duration is a TOML string such as "10s" or "1m30s".
type Duration struct{ time.Duration }

// UnmarshalText reads a Go duration.
func (d *Duration) UnmarshalText(text []byte) error {
	parsed, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("%q is not a duration (write it like \"10s\", \"500ms\" or \"2m\")", text)
	}
	d.Duration = parsed
	return nil
}

// MarshalText writes a Go duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Minimums keep a misconfigured dashboard from hammering the API.
const (
	MinRefreshInterval = 2 * time.Second
	MinStateInterval   = 500 * time.Millisecond
)

// Error is a problem with the config file, with where it is when that is known.
type Error struct {
	Path   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Load reads and validates the file at path. A missing file is reported with os.ErrNotExist
// in the chain, so callers can treat it as "no config".
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// Parse decodes and validates a config; path is only for messages.
func Parse(data []byte, path string) (*Config, error) {
	var cfg Config
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return nil, decodeError(path, err)
	}
	if err := cfg.validate(path); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// knownKeys lists every valid key by its table, for "did you mean" on an unknown one.
func knownKeys(table string) []string {
	switch table {
	case "":
		return []string{"active_profile", "profiles", "ui", "keys"}
	case "profiles":
		return []string{"base_url", "api_key_env", "api_key_command", "api_key", "read_only", "protected"}
	case "ui":
		return []string{"theme", "refresh_interval", "state_interval", "resources", "mouse"}
	}
	return nil
}

// decodeError turns go-toml's errors into one line each, with line and column, naming an
// unknown key and the nearest valid one.
func decodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var msgs []string
		first := &Error{Path: path}
		for i, e := range strict.Errors {
			key := e.Key()
			table := ""
			if len(key) > 1 {
				table = key[0]
			}
			name := key[len(key)-1]
			line, col := e.Position()
			if i == 0 {
				first.Line, first.Column = line, col
			}
			msgs = append(msgs, fmt.Sprintf("unknown key %q%s", strings.Join(key, "."), suggest.DidYouMean(name, knownKeys(table))))
		}
		first.Msg = strings.Join(msgs, "; ")
		return first
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		return &Error{Path: path, Line: line, Column: col, Msg: msg}
	}
	return &Error{Path: path, Msg: err.Error()}
}

func (c *Config) validate(path string) error {
	fail := func(format string, args ...any) error { return &Error{Path: path, Msg: fmt.Sprintf(format, args...)} }
	names := c.ProfileNames()
	if c.ActiveProfile != "" && len(c.Profiles) > 0 {
		if _, ok := c.Profiles[c.ActiveProfile]; !ok {
			return fail("active_profile %q is not a profile%s (profiles: %s)", c.ActiveProfile,
				suggest.DidYouMean(c.ActiveProfile, names), strings.Join(names, ", "))
		}
	}
	for _, name := range names {
		p := c.Profiles[name]
		if p.BaseURL != "" {
			if _, err := api.ParseBaseURL(p.BaseURL); err != nil {
				return fail("profiles.%s.base_url: %v", name, err)
			}
		}
		sources := 0
		for _, s := range []string{p.APIKeyEnv, p.APIKeyCommand, p.APIKey} {
			if s != "" {
				sources++
			}
		}
		if sources > 1 {
			return fail("profiles.%s: give one of api_key_env, api_key_command and api_key, not %d", name, sources)
		}
		if p.APIKeyEnv != "" && strings.ContainsAny(p.APIKeyEnv, "= \t$") {
			return fail("profiles.%s.api_key_env: %q is not the name of an environment variable", name, p.APIKeyEnv)
		}
	}
	switch c.UI.Theme {
	case "", "auto", "dark", "light":
	default:
		return fail("ui.theme %q: use auto, dark or light%s", c.UI.Theme, suggest.DidYouMean(c.UI.Theme, []string{"auto", "dark", "light"}))
	}
	if d := c.UI.RefreshInterval; d != nil && d.Duration < MinRefreshInterval {
		return fail("ui.refresh_interval %s is shorter than the minimum %s", d.Duration, MinRefreshInterval)
	}
	if d := c.UI.StateInterval; d != nil && d.Duration < MinStateInterval {
		return fail("ui.state_interval %s is shorter than the minimum %s", d.Duration, MinStateInterval)
	}
	for _, r := range c.UI.Resources {
		if err := api.ValidateResource(r); err != nil {
			return fail("ui.resources: %v", err)
		}
	}
	return nil
}

// ProfileNames lists the profiles, sorted.
func (c *Config) ProfileNames() []string {
	names := make([]string, 0, len(c.Profiles))
	for n := range c.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tvol/assets"
)

func env(vars map[string]string) Env { return func(k string) string { return vars[k] } }

// noCommands fails any test that would run a command it did not expect.
func noCommands(t *testing.T) Runner {
	return func(context.Context, string) ([]byte, []byte, error) {
		t.Fatal("a key command ran")
		return nil, nil, nil
	}
}

func TestEmbeddedDefaultIsValidAndMatchesTheDefaults(t *testing.T) {
	cfg, err := Parse(assets.DefaultConfig(), "default")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Resolve(context.Background(), cfg, Flags{}, env(map[string]string{"TARGON_API_KEY": "tgn_x"}), noCommands(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile != "default" || s.BaseURL != "https://api.targon.com" || s.RefreshInterval != 10*time.Second ||
		s.StateInterval != 2*time.Second || s.Theme != "auto" || len(s.Resources) != 2 || s.APIKey != "tgn_x" {
		t.Fatalf("settings from the default config: %+v", s)
	}
}

func TestPrecedenceFlagEnvironmentProfileDefault(t *testing.T) {
	cfg, err := Parse([]byte(`
active_profile = "team"
[profiles.team]
base_url = "https://team.example.com"
api_key = "tgn_from_file"
read_only = true
protected = true
[profiles.other]
api_key_env = "OTHER_KEY"
[ui]
theme = "light"
refresh_interval = "30s"
`), "cfg")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Profile over default.
	s, _ := Resolve(ctx, cfg, Flags{}, env(nil), noCommands(t))
	if s.Profile != "team" || s.BaseURL != "https://team.example.com" || s.APIKey != "tgn_from_file" || !s.ReadOnly ||
		!s.Protected || s.Theme != "light" || s.RefreshInterval != 30*time.Second || s.StateInterval != 2*time.Second {
		t.Fatalf("profile: %+v", s)
	}
	// Environment over profile.
	s, _ = Resolve(ctx, cfg, Flags{}, env(map[string]string{"TARGON_API_KEY": "tgn_env", "NO_COLOR": "1"}), noCommands(t))
	if s.APIKey != "tgn_env" || !strings.Contains(s.KeySource, "TARGON_API_KEY") || !s.NoColor {
		t.Fatalf("environment: %+v", s)
	}
	// Flags over everything.
	s, _ = Resolve(ctx, cfg, Flags{Profile: "other", BaseURL: "http://127.0.0.1:9999", Theme: "dark", ReadOnly: true},
		env(map[string]string{"OTHER_KEY": "tgn_other"}), noCommands(t))
	if s.Profile != "other" || s.BaseURL != "http://127.0.0.1:9999" || s.Theme != "dark" || !s.ReadOnly || s.APIKey != "tgn_other" {
		t.Fatalf("flags: %+v", s)
	}
	// No file at all: defaults.
	s, _ = Resolve(ctx, nil, Flags{}, env(nil), noCommands(t))
	if s.Profile != "default" || s.BaseURL != "https://api.targon.com" || s.APIKey != "" || !strings.Contains(s.KeySource, "neither") {
		t.Fatalf("defaults: %+v", s)
	}
}

func TestKeyCommand(t *testing.T) {
	cfg, _ := Parse([]byte("[profiles.default]\napi_key_command = \"pass show targon\"\n"), "cfg")
	ok := func(context.Context, string) ([]byte, []byte, error) { return []byte("tgn_from_command\n"), nil, nil }
	s, err := Resolve(context.Background(), cfg, Flags{}, env(nil), ok)
	if err != nil || s.APIKey != "tgn_from_command" {
		t.Fatalf("%+v, %v", s, err)
	}
	failing := func(context.Context, string) ([]byte, []byte, error) {
		return []byte("tgn_partial_SECRET"), []byte("gpg: decryption failed: No secret key\n"), errors.New("exit status 2")
	}
	_, err = Resolve(context.Background(), cfg, Flags{}, env(nil), failing)
	if err == nil || !strings.Contains(err.Error(), "gpg: decryption failed: No secret key") || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("a failing key command: %v (must show stderr, never stdout)", err)
	}
	empty := func(context.Context, string) ([]byte, []byte, error) { return nil, nil, nil }
	if _, err := Resolve(context.Background(), cfg, Flags{}, env(nil), empty); err == nil || !strings.Contains(err.Error(), "printed no key") {
		t.Fatalf("an empty key command: %v", err)
	}
	// The real shell runner, on a real command.
	key, err := runKeyCommand(context.Background(), "echo tgn_echoed; echo note >&2", ShellRunner)
	if err != nil || key != "tgn_echoed" {
		t.Fatalf("shell runner: %q, %v", key, err)
	}
	if _, err := runKeyCommand(context.Background(), "k=tgn; echo ${k}_LEAK; echo 'vault sealed' >&2; exit 3", ShellRunner); err == nil ||
		!strings.Contains(err.Error(), "vault sealed") || strings.Contains(err.Error(), "tgn_LEAK") {
		t.Fatalf("shell runner failure: %v", err)
	}
}

func TestErrorsArePrecise(t *testing.T) {
	for name, tc := range map[string]struct{ file, want string }{
		"syntax":           {"active_profile = \"a\"\n[ui\ntheme = \"dark\"\n", "cfg:2:"},
		"unknown key":      {"[ui]\nrefresh_intervall = \"10s\"\n", `cfg:2:1: unknown key "ui.refresh_intervall" (did you mean "refresh_interval"?)`},
		"unknown top key":  {"activ_profile = \"x\"\n", `unknown key "activ_profile" (did you mean "active_profile"?)`},
		"unknown prof key": {"[profiles.a]\napi_kee = \"x\"\n", `unknown key "profiles.a.api_kee" (did you mean "api_key"?)`},
		"bad duration":     {"[ui]\nstate_interval = \"soon\"\n", `"soon" is not a duration`},
		"short interval":   {"[ui]\nrefresh_interval = \"100ms\"\n", "shorter than the minimum 2s"},
		"bad url":          {"[profiles.a]\nbase_url = \"http://api.example.com\"\n", "profiles.a.base_url"},
		"two key sources":  {"[profiles.a]\napi_key = \"x\"\napi_key_env = \"Y\"\n", "give one of api_key_env, api_key_command and api_key"},
		"bad theme":        {"[ui]\ntheme = \"drak\"\n", `ui.theme "drak": use auto, dark or light (did you mean "dark"?)`},
		"bad active":       {"active_profile = \"tema\"\n[profiles.team]\n", `active_profile "tema" is not a profile (did you mean "team"?)`},
		"wrong type":       {"[ui]\nmouse = \"yes\"\n", "cfg:2:"},
		"bad resource":     {"[ui]\nresources = [\"H200 small\"]\n", "ui.resources"},
		"bad env var name": {"[profiles.a]\napi_key_env = \"$KEY\"\n", "not the name of an environment variable"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.file), "cfg")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want it to contain %q", err, tc.want)
			}
		})
	}
	cfg, _ := Parse([]byte("[profiles.alpha]\n[profiles.beta]\n"), "cfg")
	if _, err := Resolve(context.Background(), cfg, Flags{Profile: "alpah"}, env(nil), noCommands(t)); err == nil ||
		!strings.Contains(err.Error(), `no profile "alpah" (did you mean "alpha"?) (profiles: alpha, beta)`) {
		t.Fatalf("unknown --profile: %v", err)
	}
}

func TestPathsAndFilesWrittenPrivately(t *testing.T) {
	dir := t.TempDir()
	if p, _ := DefaultPath(env(map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"})); p != "/x/tvol/config.toml" {
		t.Fatalf("XDG path %s", p)
	}
	if p, _ := DefaultPath(env(map[string]string{"HOME": "/h"})); p != "/h/.config/tvol/config.toml" {
		t.Fatalf("home path %s", p)
	}
	if _, err := DefaultPath(env(nil)); err == nil {
		t.Fatal("no HOME and no XDG_CONFIG_HOME should be an error")
	}
	path := filepath.Join(dir, "tvol", "config.toml")
	if err := WriteDefault(path, false); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	dirInfo, _ := os.Stat(filepath.Dir(path))
	if info.Mode().Perm() != 0o600 || dirInfo.Mode().Perm() != 0o700 {
		t.Fatalf("modes %v and %v, want 0600 and 0700", info.Mode().Perm(), dirInfo.Mode().Perm())
	}
	if err := WriteDefault(path, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("overwrote without --force: %v", err)
	}
	if err := WriteDefault(path, true); err != nil {
		t.Fatal(err)
	}
	if err := SaveKeySource(path, "default", "tgn_saved", ""); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil || cfg.Profiles["default"].APIKey != "tgn_saved" || cfg.Profiles["default"].APIKeyEnv != "" {
		t.Fatalf("saved key: %+v, %v", cfg, err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatal("a file holding a key was written readable by others")
	}
	if w := KeyFileWarning(path, cfg); w != "" {
		t.Fatalf("a 0600 file was warned about: %s", w)
	}
	_ = os.Chmod(path, 0o644)
	if w := KeyFileWarning(path, cfg); !strings.Contains(w, "readable by others") || !strings.Contains(w, "chmod 600") {
		t.Fatalf("no warning for a 0644 file holding a key: %q", w)
	}
	fresh := filepath.Join(dir, "fresh", "config.toml")
	if err := SaveKeySource(fresh, "default", "", "MY_KEY"); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := Load(fresh); cfg.Profiles["default"].APIKeyEnv != "MY_KEY" || cfg.UI.RefreshInterval == nil {
		t.Fatalf("saved env name into a fresh config: %+v", cfg)
	}
}

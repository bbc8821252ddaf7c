package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"

	"tvol/assets"
)

// WriteDefault writes the commented default config to path, at 0600 in a 0700 folder. An
// existing file is kept unless force is set.
func WriteDefault(path string, force bool) error {
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s already exists; --force overwrites it", path)
	}
	return writePrivate(path, assets.DefaultConfig())
}

// SaveKeySource sets where a profile's key comes from: the key itself (key != "") or an
// environment variable (envName != ""). An existing file is rewritten with that profile
// changed (its comments are not kept); without one, the commented default is used.
func SaveKeySource(path, profile, key, envName string) error {
	cfg, err := Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		cfg, err = Parse(assets.DefaultConfig(), "the default config")
	}
	if err != nil {
		return err
	}
	if cfg.Profiles == nil {
		cfg.Profiles = map[string]Profile{}
	}
	p := cfg.Profiles[profile]
	p.APIKey, p.APIKeyEnv, p.APIKeyCommand = key, envName, ""
	cfg.Profiles[profile] = p
	if cfg.ActiveProfile == "" {
		cfg.ActiveProfile = profile
	}
	data, err := toml.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("encoding the config: %w", err)
	}
	header := []byte("# tvol configuration, written by tvol. `tvol config check` validates it.\n\n")
	return writePrivate(path, append(header, data...))
}

// writePrivate writes data atomically, readable by the owner alone.
func writePrivate(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// KeyFileWarning says when a config that holds a key is readable by group or others.
func KeyFileWarning(path string, cfg *Config) string {
	if cfg == nil {
		return ""
	}
	holdsKey := false
	for _, p := range cfg.Profiles {
		holdsKey = holdsKey || p.APIKey != ""
	}
	info, err := os.Stat(path)
	if !holdsKey || err != nil || info.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("warning: %s holds an API key and is readable by others (mode %04o); run: chmod 600 %s",
		path, info.Mode().Perm(), path)
}

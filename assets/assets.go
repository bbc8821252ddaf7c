// Package assets holds what tvol embeds: the commented default configuration.
package assets

import (
	"bytes"
	_ "embed"
)

//go:embed config.toml
var defaultConfig []byte

// DefaultConfig returns the commented default configuration, a fresh copy each call.
func DefaultConfig() []byte { return bytes.Clone(defaultConfig) }

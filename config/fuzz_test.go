package config

import (
	"errors"
	"testing"

	"tvol/assets"
)

// FuzzParse: any file either parses into a config that validates, or fails with an *Error
// naming the file; it never panics.
func FuzzParse(f *testing.F) {
	f.Add(assets.DefaultConfig())
	for _, s := range []string{"[ui\n", "active_profile = 1", "[keys]\ndelete = [\"x\"]", "[profiles.a]\nbase_url = \"http://x\"", "\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, "fuzz.toml")
		if err != nil {
			var cfgErr *Error
			if !errors.As(err, &cfgErr) || cfgErr.Path != "fuzz.toml" {
				t.Fatalf("error %v (%T) does not name the file", err, err)
			}
			return
		}
		if cfg == nil {
			t.Fatal("no error and no config")
		}
	})
}

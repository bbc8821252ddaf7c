package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"tvol/api"
)

// roundTripFunc answers requests in memory: fuzzing never opens a socket.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

const fuzzKey = "tgn_fuzz_key_123"

// FuzzDecodeResponses feeds arbitrary answers to every read endpoint: the client must never
// panic, and what it reports must be one clean line without the key.
func FuzzDecodeResponses(f *testing.F) {
	files, _ := filepath.Glob("testdata/reference/*-response.json")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(uint16(200), data, byte(0))
	}
	f.Add(uint16(404), []byte(`{"error":"volume not found","reason":"NOT_FOUND"}`), byte(2))
	f.Add(uint16(502), []byte("<html><body>Bad Gateway</body></html>"), byte(1))
	f.Add(uint16(410), []byte{}, byte(3))
	f.Add(uint16(200), []byte(`{"items":[null,{"size":1e400}],"next_cursor":null}`), byte(0))
	f.Add(uint16(200), []byte(`{"uid":"\u001b]0;x\u0007","state":null,"created_at":"2025-13-45T99:00:00Z"}`), byte(1))
	f.Fuzz(func(t *testing.T, status uint16, body []byte, endpoint byte) {
		code := int(status%500) + 100
		client, err := api.New(api.Options{
			BaseURL: "https://api.example.test",
			APIKey:  fuzzKey,
			Retry:   api.RetryPolicy{MaxAttempts: 1},
			HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: code, Header: http.Header{"Retry-After": {string(body[:min(len(body), 8)])}},
					Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
			})},
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		switch endpoint % 5 {
		case 0:
			_, err = client.ListVolumes(ctx, api.ListOptions{})
		case 1:
			_, err = client.GetVolume(ctx, "vol-abc123def456")
		case 2:
			_, err = client.GetVolumeState(ctx, "vol-abc123def456")
		case 3:
			_, err = client.ListVolumeEvents(ctx, "vol-abc123def456", api.ListOptions{})
		case 4:
			_, err = client.RenameVolume(ctx, "vol-abc123def456", "n")
		}
		if err == nil {
			return
		}
		msg := err.Error()
		if strings.Contains(msg, fuzzKey) {
			t.Fatalf("the key appears in %q", msg)
		}
		for _, r := range msg {
			if r != ' ' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
				t.Fatalf("error %q carries control character %U", msg, r)
			}
		}
		if len(msg) > 2000 {
			t.Fatalf("error is %d bytes long", len(msg))
		}
	})
}

// FuzzParseSize: never a panic; whatever is accepted is a positive whole MiB count within
// bounds that reads back the same when written in MiB, and formats to something.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"10", "10G", "1.5 TiB", "512MiB", "0", "-1", "1e9", "9999999999999T", ".5G", "1..2", "  7 gb "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		mib, err := api.ParseSize(in)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if mib < 1 || mib > api.MaxSizeMiB {
			t.Fatalf("ParseSize(%q) = %d, out of bounds", in, mib)
		}
		if back, err := api.ParseSize(fmt.Sprintf("%d MiB", mib)); err != nil || back != mib {
			t.Fatalf("%d MiB reads back as %d, %v", mib, back, err)
		}
		if api.FormatSize(mib) == "" {
			t.Fatalf("FormatSize(%d) is empty", mib)
		}
	})
}

// FuzzPrintable: whatever a server sends, the sanitized text has no control or formatting
// character, and sanitizing it again changes nothing.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b]0;t\x07b", "\x1b[2J", "l\r\ni", "\u009b2J", "\u202eabc", "データ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := api.Printable(in)
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Printable(%q) = %q keeps %U", in, out, r)
			}
		}
		if again := api.Printable(out); again != out {
			t.Fatalf("Printable is not idempotent: %q then %q", out, again)
		}
	})
}

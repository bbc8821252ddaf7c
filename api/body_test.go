package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"tvol/api"
)

// TestAnswersAreReadUpToALimit sends answers a little over the 32 MiB the client reads,
// with their length declared and chunked, and one just under it: the first two stop with a
// clear error, whatever the server said of their length; the last is read whole.
func TestAnswersAreReadUpToALimit(t *testing.T) {
	page := func(size int) []byte {
		prefix, suffix := `{"items":[],"next_cursor":"`, `"}`
		return []byte(prefix + strings.Repeat("c", size-len(prefix)-len(suffix)) + suffix)
	}
	for name, tc := range map[string]struct {
		body     []byte
		declared bool
		wantErr  bool
	}{
		"over the limit, length declared":  {page(32<<20 + 10), true, true},
		"over the limit, chunked":          {page(32<<20 + 10), false, true},
		"under the limit, length declared": {page(32<<20 - 10), true, false},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if tc.declared {
					w.Header().Set("Content-Length", strconv.Itoa(len(tc.body)))
				}
				_, _ = w.Write(tc.body)
			}))
			defer srv.Close()
			client, err := api.New(api.Options{BaseURL: srv.URL, APIKey: keyA, HTTPClient: srv.Client(),
				Retry: api.RetryPolicy{MaxAttempts: 1}})
			if err != nil {
				t.Fatal(err)
			}
			got, err := client.ListVolumes(context.Background(), api.ListOptions{})
			var decodeErr *api.DecodeError
			switch {
			case tc.wantErr && (!errors.As(err, &decodeErr) || !strings.Contains(err.Error(), "larger than 32 MiB")):
				t.Fatalf("an answer over the limit: %v; want a DecodeError saying it is larger than 32 MiB", err)
			case !tc.wantErr && (err != nil || !strings.Contains(string(tc.body), `"`+got.NextCursor+`"`) || len(got.NextCursor) < 32<<20-64):
				t.Fatalf("an answer under the limit: %v (cursor of %d bytes)", err, len(got.NextCursor))
			}
		})
	}
}

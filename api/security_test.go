package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"tvol/api"
	"tvol/api/sim"
)

func TestPlainHTTPOnlyForLoopback(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.8.9.10",
		"https://api.targon.com", "https://10.0.0.5:8443/prefix/"} {
		if _, err := api.New(api.Options{BaseURL: base}); err != nil {
			t.Errorf("%s refused: %v", base, err)
		}
	}
	for base, why := range map[string]string{
		"http://api.targon.com":      "not loopback",
		"http://10.0.0.5:8080":       "not loopback",
		"http://localhost.evil.com":  "not loopback",
		"ftp://example.com":          "https://host",
		"api.targon.com":             "https://host",
		"https://u:p@api.targon.com": "credentials",
		"https://api.targon.com?x=1": "query",
	} {
		_, err := api.New(api.Options{BaseURL: base})
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%s: got %v, want an error saying %q", base, err, why)
		}
	}
}

// TestKeyNeverLeaks drives every kind of failure and looks for the key in what a user or a
// log could see.
func TestKeyNeverLeaks(t *testing.T) {
	const key = "tgn_SECRET_never_show_me"
	echoKey := func(next http.Handler) http.Handler {
		// A hostile server that repeats the Authorization header back in its error body.
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("limit") == "7" {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"error":"bad key %s"}`, r.Header.Get("Authorization"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f := newFixture(t, sim.Config{Keys: []string{"tgn_other"}}, echoKey)
	c := f.newClient(t, key)
	ctx := context.Background()
	var errs []error
	_, err := c.ListVolumes(ctx, api.ListOptions{})
	errs = append(errs, err) // 401
	_, err = c.GetVolume(ctx, "vol-missing00000")
	errs = append(errs, err)
	dead, _ := api.New(api.Options{BaseURL: "http://127.0.0.1:1", APIKey: key, Retry: api.RetryPolicy{MaxAttempts: 1}})
	_, err = dead.ListVolumes(ctx, api.ListOptions{})
	errs = append(errs, err) // connection refused
	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d succeeded", i)
		}
		for _, shown := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(shown, key) {
				t.Errorf("call %d: the key appears in %q", i, shown)
			}
		}
	}
	for _, shown := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", *c)} {
		if strings.Contains(shown, key) {
			t.Errorf("printing the client shows the key: %s", shown)
		}
	}
	// A server that echoes the key back: its text is shown, the key in it is not.
	_, err = c.ListVolumes(ctx, api.ListOptions{Limit: 7})
	if err == nil || strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "bad key Bearer [redacted]") {
		t.Fatalf("echoed key: got %v", err)
	}
}

func TestRedirectsNeverCarryTheKeyToAnotherHost(t *testing.T) {
	var stolen atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			stolen.Add(1)
		}
		fmt.Fprint(w, `{"items":[]}`)
	}))
	defer elsewhere.Close()
	f := newFixture(t, sim.Config{}, func(http.Handler) http.Handler {
		return http.RedirectHandler(elsewhere.URL+"/tha/v2/volumes", http.StatusTemporaryRedirect)
	})
	_, err := f.client.ListVolumes(context.Background(), api.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Fatalf("got %v, want the redirect refused", err)
	}
	if stolen.Load() != 0 {
		t.Fatal("the key reached the other host")
	}
}

func TestDebugLogRecordsRequestsWithoutTheKey(t *testing.T) {
	const key = "tgn_LOGGED_never"
	var buf strings.Builder
	f := newFixture(t, sim.Config{Keys: []string{key}, Faults: sim.Faults{ErrorRate: 0}})
	c, _ := api.New(api.Options{BaseURL: f.http.URL, APIKey: key, HTTPClient: f.http.Client(),
		Logger: slog.New(slog.NewJSONHandler(&buf, nil)), Retry: api.RetryPolicy{Sleep: f.sleeps.sleep}})
	ctx := context.Background()
	op, _ := c.CreateVolume(ctx, api.CreateVolumeRequest{Name: "logged", SizeMiB: 1, ResourceName: "r"})
	_ = c.DeleteVolume(ctx, op.UID)
	_, _ = c.GetVolume(ctx, op.UID)
	log := buf.String()
	for _, want := range []string{`"method":"POST","path":"/tha/v2/volumes","status":200`, `"method":"DELETE"`, `"status":204`, `"status":404`, `"attempt":1`, `"duration"`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, key) {
		t.Fatal("the key reached the log")
	}
}

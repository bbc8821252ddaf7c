package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tvol/api"
	"tvol/api/sim"
)

// failFirst answers the first n requests with status (and Retry-After when given), then lets
// the rest through to the simulator.
func failFirst(n int32, status int, retryAfter string) func(http.Handler) http.Handler {
	var seen atomic.Int32
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if seen.Add(1) <= n {
				if retryAfter != "" {
					w.Header().Set("Retry-After", retryAfter)
				}
				w.WriteHeader(status)
				fmt.Fprint(w, `{"error":"try later"}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// dropFirst closes the connection without an answer for the first n requests.
func dropFirst(n int32) func(http.Handler) http.Handler {
	var seen atomic.Int32
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if seen.Add(1) <= n {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func TestGetRetriesTransientFailuresWithGrowingBackoff(t *testing.T) {
	f := newFixture(t, sim.Config{Volumes: 3}, failFirst(3, http.StatusServiceUnavailable, ""))
	page, err := f.client.ListVolumes(context.Background(), api.ListOptions{})
	if err != nil || len(page.Items) != 3 {
		t.Fatalf("list after three 503s: %d items, %v", len(page.Items), err)
	}
	waits := f.sleeps.recorded()
	if len(waits) != 3 {
		t.Fatalf("waited %d times, want 3", len(waits))
	}
	// Full jitter over an exponential ceiling: retry n waits within [ceiling/2, ceiling].
	for i, w := range waits {
		ceiling := 250 * time.Millisecond << i
		if w < ceiling/2 || w > ceiling {
			t.Errorf("wait %d = %v, want within [%v, %v]", i+1, w, ceiling/2, ceiling)
		}
	}
}

func TestGetHonoursRetryAfter(t *testing.T) {
	f := newFixture(t, sim.Config{}, failFirst(1, http.StatusTooManyRequests, "3"))
	if _, err := f.client.ListVolumes(context.Background(), api.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if waits := f.sleeps.recorded(); len(waits) != 1 || waits[0] < 3*time.Second {
		t.Fatalf("waits %v, want one of at least the 3s the server asked for", waits)
	}
}

func TestRetriesAreBoundedInCountAndTime(t *testing.T) {
	t.Run("count", func(t *testing.T) {
		f := newFixture(t, sim.Config{Faults: sim.Faults{ErrorRate: 1}})
		_, err := f.client.ListVolumes(context.Background(), api.ListOptions{})
		if !api.IsRetryable(err) || f.sim.Count("GET /volumes") != 4 {
			t.Fatalf("got %v after %d requests, want a 500 after 4", err, f.sim.Count("GET /volumes"))
		}
	})
	t.Run("time", func(t *testing.T) {
		// Waiting 60s as asked would pass the 30s budget: give up at once, with the 429.
		f := newFixture(t, sim.Config{}, failFirst(10, http.StatusTooManyRequests, "60"))
		_, err := f.client.ListVolumes(context.Background(), api.ListOptions{})
		var apiErr *api.APIError
		if !api.IsRateLimited(err) || !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Minute {
			t.Fatalf("got %v, want the 429 with its Retry-After", err)
		}
		if n := len(f.sleeps.recorded()); n != 0 {
			t.Fatalf("waited %d times past the budget", n)
		}
	})
}

func TestGetRetriesDroppedConnections(t *testing.T) {
	f := newFixture(t, sim.Config{Volumes: 1}, dropFirst(2))
	if _, err := f.client.ListVolumes(context.Background(), api.ListOptions{}); err != nil {
		t.Fatalf("list after two dropped connections: %v", err)
	}
	if n := len(f.sleeps.recorded()); n != 2 {
		t.Fatalf("retried %d times, want 2", n)
	}
}

func TestMutationsAreNeverRetried(t *testing.T) {
	ctx := context.Background()
	for _, fault := range []struct {
		name string
		wrap func(http.Handler) http.Handler
	}{
		{"500", failFirst(1000, http.StatusInternalServerError, "")},
		{"503 with Retry-After", failFirst(1000, http.StatusServiceUnavailable, "1")},
		{"dropped connection", dropFirst(1000)},
	} {
		t.Run(fault.name, func(t *testing.T) {
			var posts, patches, deletes atomic.Int32
			count := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					switch r.Method {
					case http.MethodPost:
						posts.Add(1)
					case http.MethodPatch:
						patches.Add(1)
					case http.MethodDelete:
						deletes.Add(1)
					}
					next.ServeHTTP(w, r)
				})
			}
			f := newFixture(t, sim.Config{}, fault.wrap, count)
			if _, err := f.client.CreateVolume(ctx, api.CreateVolumeRequest{Name: "once", SizeMiB: 1, ResourceName: "r"}); err == nil {
				t.Fatal("create succeeded through the fault")
			}
			if _, err := f.client.DeprovisionVolume(ctx, "vol-aaaaaaaaaaaa"); err == nil {
				t.Fatal("deprovision succeeded through the fault")
			}
			if _, err := f.client.RenameVolume(ctx, "vol-aaaaaaaaaaaa", "n"); err == nil {
				t.Fatal("rename succeeded through the fault")
			}
			if err := f.client.DeleteVolume(ctx, "vol-aaaaaaaaaaaa"); err == nil {
				t.Fatal("delete succeeded through the fault")
			}
			if posts.Load() != 2 || patches.Load() != 1 || deletes.Load() != 1 {
				t.Fatalf("sent %d POST, %d PATCH, %d DELETE; want 2, 1, 1", posts.Load(), patches.Load(), deletes.Load())
			}
			if n := len(f.sleeps.recorded()); n != 0 {
				t.Fatalf("waited to retry %d times", n)
			}
		})
	}
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	f := newFixture(t, sim.Config{Faults: sim.Faults{ErrorRate: 1}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.client.ListVolumes(ctx, api.ListOptions{})
	if !errors.Is(err, context.Canceled) || api.IsRetryable(err) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := f.sim.Count("GET /volumes"); n > 1 {
		t.Fatalf("%d requests after the context was cancelled", n)
	}
}

// endlessPages serves volume pages whose next cursor is chosen by next(page number).
func endlessPages(next func(page int) string) func(http.Handler) http.Handler {
	var pages atomic.Int32
	return func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := int(pages.Add(1))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"items":[{"uid":"vol-%012d","name":"v","size":1,"resource_name":"r","state":{"status":"READY"}}],"next_cursor":%q}`, n, next(n))
		})
	}
}

func TestWalkStopsOnARepeatedCursor(t *testing.T) {
	for name, next := range map[string]func(int) string{
		"same cursor every page": func(int) string { return "c1" },
		"cursor cycles back":     func(n int) string { return []string{"a", "b", "c"}[(n-1)%3] },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, sim.Config{}, endlessPages(next))
			all, err := f.client.AllVolumes(context.Background(), api.WalkOptions{})
			var repeat *api.CursorRepeatError
			if !errors.As(err, &repeat) || !strings.Contains(err.Error(), repeat.Cursor) {
				t.Fatalf("got %v, want a CursorRepeatError naming the cursor", err)
			}
			if len(all) > 4 {
				t.Fatalf("collected %d volumes before stopping", len(all))
			}
		})
	}
}

func TestWalkStopsAtThePageLimit(t *testing.T) {
	f := newFixture(t, sim.Config{}, endlessPages(func(n int) string { return fmt.Sprint("c", n) }))
	all, err := f.client.AllVolumes(context.Background(), api.WalkOptions{MaxPages: 5})
	var limit *api.PageLimitError
	if !errors.As(err, &limit) || len(all) != 5 {
		t.Fatalf("got %d volumes and %v, want 5 and a PageLimitError", len(all), err)
	}
}

func TestWalkYieldsTheFirstPageBeforeFetchingTheNext(t *testing.T) {
	f := newFixture(t, sim.Config{Volumes: 30})
	for page, err := range f.client.VolumePages(context.Background(), api.WalkOptions{Limit: 10}) {
		if err != nil || len(page.Items) != 10 {
			t.Fatalf("first page: %d items, %v", len(page.Items), err)
		}
		break
	}
	if n := f.sim.Count("GET /volumes"); n != 1 {
		t.Fatalf("%d list requests for one page", n)
	}
}

package api_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"tvol/api"
	"tvol/api/sim"
)

// limitRecorder notes the limit of every list request and refuses those above most with 400.
type limitRecorder struct {
	mu     sync.Mutex
	limits []string
}

func (l *limitRecorder) wrap(most int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			limit := r.URL.Query().Get("limit")
			l.mu.Lock()
			l.limits = append(l.limits, limit)
			l.mu.Unlock()
			if n, _ := strconv.Atoi(limit); n > most {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"error":"limit must be at most ` + strconv.Itoa(most) + `","reason":"INVALID_LIMIT"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func (l *limitRecorder) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.limits
	l.limits = nil
	return out
}

func TestWalksAskForTheLargestPageTheServerTakes(t *testing.T) {
	t.Run("a server that takes 1,000", func(t *testing.T) {
		rec := &limitRecorder{}
		f := newFixture(t, sim.Config{Volumes: 2500, Seed: 4}, rec.wrap(1000))
		all, err := f.client.AllVolumes(context.Background(), api.WalkOptions{})
		if err != nil || len(all) != 2500 {
			t.Fatalf("walk: %d volumes, %v", len(all), err)
		}
		if got := rec.take(); len(got) != 3 || got[0] != "1000" || got[1] != "1000" || got[2] != "1000" {
			t.Fatalf("limits asked for: %v; want 1000 three times", got)
		}
	})
	t.Run("a server that takes at most 150", func(t *testing.T) {
		rec := &limitRecorder{}
		f := newFixture(t, sim.Config{Volumes: 250, Seed: 4}, rec.wrap(150))
		all, err := f.client.AllVolumes(context.Background(), api.WalkOptions{})
		if err != nil || len(all) != 250 {
			t.Fatalf("walk: %d volumes, %v", len(all), err)
		}
		want := []string{"1000", "500", "200", "100", "100", "100"}
		if got := rec.take(); !slices.Equal(got, want) {
			t.Fatalf("limits asked for: %v; want %v", got, want)
		}
		// The size it took is remembered: the next walk asks for it at once.
		if _, err := f.client.AllVolumes(context.Background(), api.WalkOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := rec.take(); !slices.Equal(got, []string{"100", "100", "100"}) {
			t.Fatalf("second walk asked for %v; want 100 three times", got)
		}
	})
	t.Run("a refused later page is not asked for again", func(t *testing.T) {
		rec := &limitRecorder{}
		f := newFixture(t, sim.Config{Volumes: 30, Seed: 4}, rec.wrap(1000))
		_, err := f.client.ListVolumes(context.Background(), api.ListOptions{Limit: api.LargestPage, Cursor: "bm90LWEtY3Vyc29y"})
		if !api.IsBadRequest(err) {
			t.Fatalf("a bad cursor: %v; want the server's 400", err)
		}
		if got := rec.take(); len(got) != 1 {
			t.Fatalf("%d requests for a page with a bad cursor; want 1", len(got))
		}
	})
	t.Run("an explicit limit is left alone", func(t *testing.T) {
		rec := &limitRecorder{}
		f := newFixture(t, sim.Config{Volumes: 30, Seed: 4}, rec.wrap(5))
		if _, err := f.client.ListVolumes(context.Background(), api.ListOptions{Limit: 10}); !api.IsBadRequest(err) {
			t.Fatalf("limit 10 on a server taking 5: %v; want its 400", err)
		}
		if got := rec.take(); len(got) != 1 {
			t.Fatalf("%d requests; want 1", len(got))
		}
	})
}

// TestWalksReuseOneConnection counts the connections a walk of 25 pages opens with the
// client's own transport: one.
func TestWalksReuseOneConnection(t *testing.T) {
	server, err := sim.New(sim.Config{Keys: []string{keyA}, Volumes: 2500, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(server)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	client, err := api.New(api.Options{BaseURL: srv.URL, APIKey: keyA}) // its own transport
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		all, err := client.AllVolumes(context.Background(), api.WalkOptions{Limit: 100})
		if err != nil || len(all) != 2500 {
			t.Fatalf("walk: %d volumes, %v", len(all), err)
		}
	}
	if n := opened.Load(); n != 1 {
		t.Fatalf("two walks of 25 pages opened %d connections; want 1", n)
	}
}

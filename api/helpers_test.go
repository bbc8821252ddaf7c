package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"tvol/api"
	"tvol/api/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	keyA = "tgn_test_alpha_0123456789"
	keyB = "tgn_test_bravo_9876543210"
)

// epoch is where every fake clock starts, so answers are the same on every run.
var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// sleepRecorder stands in for the retry policy's timer: it records each wait and returns at
// once, so retry tests neither sleep nor depend on timing.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// fixture is a simulator on loopback with a client for account A.
type fixture struct {
	sim    *sim.Server
	clock  *sim.FakeClock
	http   *httptest.Server
	client *api.Client
	sleeps *sleepRecorder
}

func newFixture(t *testing.T, cfg sim.Config, wrap ...func(http.Handler) http.Handler) *fixture {
	t.Helper()
	clock := sim.NewFakeClock(epoch)
	if cfg.Keys == nil {
		cfg.Keys = []string{keyA, keyB}
	}
	if cfg.Lifecycle == (sim.Lifecycle{}) {
		cfg.Lifecycle = sim.Lifecycle{ProvisionDelay: 10 * time.Second, DeleteDelay: 5 * time.Second}
	}
	cfg.Clock = clock
	server, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler = server
	for _, w := range wrap {
		handler = w(handler)
	}
	f := &fixture{sim: server, clock: clock, http: httptest.NewServer(handler), sleeps: &sleepRecorder{}}
	t.Cleanup(f.http.Close)
	f.client = f.newClient(t, keyA)
	return f
}

func (f *fixture) newClient(t *testing.T, key string) *api.Client {
	t.Helper()
	c, err := api.New(api.Options{
		BaseURL:    f.http.URL,
		APIKey:     key,
		Version:    "test",
		HTTPClient: f.http.Client(),
		Retry:      api.RetryPolicy{Sleep: f.sleeps.sleep},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// create makes a volume for account A and returns its UID.
func (f *fixture) create(t *testing.T, name string) string {
	t.Helper()
	op, err := f.client.CreateVolume(context.Background(), api.CreateVolumeRequest{Name: name, SizeMiB: 10240, ResourceName: "h200-small"})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return op.UID
}

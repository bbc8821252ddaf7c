package sim

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Faults are failures the simulator injects on demand.
type Faults struct {
	Latency   time.Duration // added before every answer
	ErrorRate float64       // share of requests answered 500
	RateLimit float64       // requests per second per key; past it, 429 with Retry-After; 0: none
	Retired   bool          // answer every request 410 Gone with an empty body, as retired v2 paths do
	// RepeatCursor makes the list hand back the cursor it was given as the next one, as a
	// broken server might: a client that trusts it loops forever.
	RepeatCursor bool
}

func (f Faults) validate() error {
	switch {
	case f.Latency < 0:
		return fmt.Errorf("latency %v is negative", f.Latency)
	case f.ErrorRate < 0 || f.ErrorRate > 1:
		return fmt.Errorf("error rate %v is outside 0..1", f.ErrorRate)
	case f.RateLimit < 0:
		return fmt.Errorf("rate limit %v is negative", f.RateLimit)
	}
	return nil
}

type faultInjector struct {
	mu       sync.Mutex
	faults   Faults
	rng      *rand.Rand
	clock    Clock
	limiters map[string]*rate.Limiter // per account
}

func newFaultInjector(f Faults, seed int64, clock Clock) *faultInjector {
	return &faultInjector{faults: f, rng: rand.New(rand.NewPCG(uint64(seed), 0xfa17)), clock: clock, limiters: map[string]*rate.Limiter{}}
}

func (fi *faultInjector) get() Faults {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.faults = f
	clear(fi.limiters)
}

// injectError draws whether this request is answered 500.
func (fi *faultInjector) injectError() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults.ErrorRate > 0 && fi.rng.Float64() < fi.faults.ErrorRate
}

// rateLimited takes a token for the account; when none is left it says how long until one is.
func (fi *faultInjector) rateLimited(accountID string) (time.Duration, bool) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if fi.faults.RateLimit <= 0 {
		return 0, false
	}
	lim := fi.limiters[accountID]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(fi.faults.RateLimit), max(1, int(fi.faults.RateLimit)))
		fi.limiters[accountID] = lim
	}
	now := fi.clock.Now()
	res := lim.ReserveN(now, 1)
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return wait, true
	}
	return 0, false
}

package sim

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// Request is what the simulator remembers of one request. It holds no header, so no key.
type Request struct {
	Method   string
	Path     string
	Query    string
	Route    string // method and pattern below the prefix, e.g. "GET /volumes/{uid}"
	Status   int
	Duration time.Duration
	At       time.Time // on the simulator's clock
}

// keptRequests bounds the in-memory request history of a long-running simulator.
const keptRequests = 10000

type requestLog struct {
	mu     sync.Mutex
	out    io.Writer
	ring   []Request
	next   int // where the next request goes in ring once it is full
	counts map[string]int
	ids    uint64
}

func newRequestLog(out io.Writer) *requestLog {
	return &requestLog{out: out, counts: map[string]int{}}
}

func (l *requestLog) nextID() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids++
	return "req-" + strconv.FormatUint(l.ids, 16)
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts[r.Route]++
	if len(l.ring) < keptRequests {
		l.ring = append(l.ring, r)
	} else {
		l.ring[l.next] = r
		l.next = (l.next + 1) % keptRequests
	}
	if l.out != nil {
		fmt.Fprintf(l.out, "%s %s %d %s\n", r.Method, r.Path, r.Status, formatDuration(r.Duration))
	}
}

func (l *requestLog) recent() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	return append(out, l.ring[:l.next]...)
}

func (l *requestLog) count(route string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[route]
}

// formatDuration writes 1.2ms or 350µs: short, and precise enough to read.
func formatDuration(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(100 * time.Microsecond).String()
}

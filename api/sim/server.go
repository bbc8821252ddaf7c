// Package sim is a faithful stand-in for the Targon Volumes API (v2): an http.Handler over an
// in-memory store, with accounts, a lifecycle on an injectable clock, realistic seeded data,
// validation as a real server answers it, and faults on demand. It is the embedded demo, the
// test double of every test, and what `tvol sim` serves.
package sim

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tvol/api"
)

// DefaultKey is the key the simulator accepts when given none.
const DefaultKey = "tgn_demo"

// Config sets up a Server. Zero delays mean volumes settle at once.
type Config struct {
	Keys       []string // accepted API keys, each its own account; empty: DefaultKey
	Volumes    int      // volumes seeded for the first key
	Seed       int64    // makes seeded data, UIDs and failures repeatable
	Lifecycle  Lifecycle
	Faults     Faults
	Clock      Clock     // nil: the wall clock
	Log        io.Writer // one line per request; nil: none
	PathPrefix string    // "": /tha/v2
}

// Server is the simulated API. It is an http.Handler, safe for concurrent use.
type Server struct {
	store  *Store
	prefix string
	keys   map[string]string // key → account ID
	mux    *http.ServeMux
	clock  Clock
	faults *faultInjector
	log    *requestLog
}

// New builds a server and seeds its fleet.
func New(cfg Config) (*Server, error) {
	keys := cfg.Keys
	if len(keys) == 0 {
		keys = []string{DefaultKey}
	}
	accounts := map[string]string{}
	for _, k := range keys {
		if strings.TrimSpace(k) == "" || strings.ContainsAny(k, " \t\r\n") {
			return nil, fmt.Errorf("an API key must be a non-empty word without spaces")
		}
		accounts[k] = AccountID(k)
	}
	if cfg.Lifecycle.FailRatio < 0 || cfg.Lifecycle.FailRatio > 1 {
		return nil, fmt.Errorf("fail ratio %v is outside 0..1", cfg.Lifecycle.FailRatio)
	}
	if err := cfg.Faults.validate(); err != nil {
		return nil, err
	}
	clock := cfg.Clock
	if clock == nil {
		clock = RealClock{}
	}
	prefix := "/" + strings.Trim(cmp.Or(cfg.PathPrefix, api.DefaultPathPrefix), "/")
	s := &Server{
		store:  NewStore(clock, cfg.Lifecycle, cfg.Seed),
		prefix: prefix,
		keys:   accounts,
		clock:  clock,
		faults: newFaultInjector(cfg.Faults, cfg.Seed, clock),
		log:    newRequestLog(cfg.Log),
	}
	if cfg.Volumes > 0 {
		s.store.Seed(AccountID(keys[0]), cfg.Volumes, cfg.Seed)
	}
	s.routes()
	return s, nil
}

// Store is the server's state, for tests that want to look behind the API.
func (s *Server) Store() *Store { return s.store }

// SetFaults changes the injected faults while the server runs.
func (s *Server) SetFaults(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.faults.set(f)
	return nil
}

// Requests returns the most recent requests, oldest first.
func (s *Server) Requests() []Request { return s.log.recent() }

// Count returns how many requests matched route since start, e.g. "POST /volumes" or
// "GET /volumes/{uid}/state"; it counts every answer, faults included.
func (s *Server) Count(route string) int { return s.log.count(route) }

// route is a path below the prefix and the handler of each method on it.
type route struct {
	pattern string
	methods map[string]func(w http.ResponseWriter, r *http.Request, accountID string)
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	for _, rt := range []route{
		{"/volumes", map[string]func(http.ResponseWriter, *http.Request, string){
			http.MethodGet: s.listVolumes, http.MethodPost: s.createVolume}},
		{"/volumes/{uid}", map[string]func(http.ResponseWriter, *http.Request, string){
			http.MethodGet: s.getVolume, http.MethodPatch: s.renameVolume, http.MethodDelete: s.removeVolume}},
		{"/volumes/{uid}/state", map[string]func(http.ResponseWriter, *http.Request, string){
			http.MethodGet: s.volumeState}},
		{"/volumes/{uid}/events", map[string]func(http.ResponseWriter, *http.Request, string){
			http.MethodGet: s.volumeEvents}},
		{"/volumes/{uid}/delete", map[string]func(http.ResponseWriter, *http.Request, string){
			http.MethodPost: s.deprovisionVolume}},
	} {
		s.mux.Handle(s.prefix+rt.pattern, s.endpoint(rt))
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, fail(http.StatusNotFound, "NOT_FOUND", "no such endpoint: "+r.URL.Path))
	})
}

// ServeHTTP answers the request and logs it. The entry is added as the answer's header is
// written, before the client can read any of it: whoever counts requests after an answer
// arrives finds that request counted.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	rec.log = func(status int) {
		route := strings.TrimPrefix(r.Pattern, s.prefix)
		if r.Pattern == "/" || r.Pattern == "" {
			route = "unknown"
		}
		s.log.add(Request{
			Method:   r.Method,
			Path:     r.URL.EscapedPath(), // escaped: a log line never carries control characters
			Query:    r.URL.RawQuery,
			Route:    r.Method + " " + route,
			Status:   status,
			Duration: time.Since(started),
			At:       s.clock.Now(),
		})
	}
	rec.Header().Set("X-Request-Id", s.log.nextID())
	s.mux.ServeHTTP(rec, r)
	if !rec.logged { // answered with no header written: an empty 200
		rec.logged = true
		rec.log(http.StatusOK)
	}
}

// endpoint wraps one path's handlers with what every request meets, in the order a real
// service applies it: latency, retirement (410), authentication (401), method (405), rate
// limit (429), then injected 500s.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		faults := s.faults.get()
		if faults.Latency > 0 {
			select {
			case <-time.After(faults.Latency):
			case <-r.Context().Done():
				return
			}
		}
		if faults.Retired {
			w.WriteHeader(http.StatusGone)
			return
		}
		key, hasKey := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		accountID, known := s.keys[strings.TrimSpace(key)]
		if !hasKey || strings.TrimSpace(key) == "" {
			writeError(w, fail(http.StatusUnauthorized, "UNAUTHORIZED", "missing API key: send Authorization: Bearer <key>"))
			return
		}
		if !known {
			writeError(w, fail(http.StatusUnauthorized, "UNAUTHORIZED", "invalid API key"))
			return
		}
		handle, ok := rt.methods[r.Method]
		if !ok {
			w.Header().Set("Allow", strings.Join(slices.Sorted(maps.Keys(rt.methods)), ", "))
			writeError(w, fail(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", r.Method+" is not allowed here"))
			return
		}
		if wait, limited := s.faults.rateLimited(accountID); limited {
			w.Header().Set("Retry-After", fmt.Sprint(int((wait+time.Second-1)/time.Second)))
			writeError(w, fail(http.StatusTooManyRequests, "RATE_LIMITED", "too many requests"))
			return
		}
		if s.faults.injectError() {
			writeError(w, fail(http.StatusInternalServerError, "INTERNAL", "internal server error"))
			return
		}
		handle(w, r, accountID)
	})
}

// statusRecorder logs a request once, with its status, when the header is written.
type statusRecorder struct {
	http.ResponseWriter
	logged bool
	log    func(status int)
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.logged {
		r.logged = true
		r.log(code)
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if !r.logged {
		r.WriteHeader(http.StatusOK)
	}
	return r.ResponseWriter.Write(b)
}

// writeJSON encodes before writing, so a failure can still become a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false) // "<key>" reads better than "\u003ckey\u003e" in curl
	if err := enc.Encode(v); err != nil {
		status, body = http.StatusInternalServerError, bytes.Buffer{}
		_ = enc.Encode(api.ErrorBody{Error: "encoding the answer failed", Reason: "INTERNAL"})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(body.Len())) // not chunked, as API servers answer
	w.WriteHeader(status)
	_, _ = w.Write(body.Bytes())
}

func writeError(w http.ResponseWriter, f *failure) { writeJSON(w, f.status, f.body) }

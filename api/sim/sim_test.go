package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"tvol/api"
	"tvol/api/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	keyA = "tgn_sim_alpha"
	keyB = "tgn_sim_bravo"
)

var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// syncBuffer is a log sink that is safe to write from handlers and read from the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type env struct {
	t     *testing.T
	sim   *sim.Server
	clock *sim.FakeClock
	srv   *httptest.Server
	log   *syncBuffer
}

func newEnv(t *testing.T, cfg sim.Config) *env {
	t.Helper()
	e := &env{t: t, clock: sim.NewFakeClock(epoch), log: &syncBuffer{}}
	if cfg.Keys == nil {
		cfg.Keys = []string{keyA, keyB}
	}
	if cfg.Lifecycle == (sim.Lifecycle{}) {
		cfg.Lifecycle = sim.Lifecycle{ProvisionDelay: 10 * time.Second, DeleteDelay: 5 * time.Second}
	}
	cfg.Clock, cfg.Log = e.clock, e.log
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.sim, e.srv = s, httptest.NewServer(s)
	t.Cleanup(e.srv.Close)
	return e
}

// call sends a raw request and returns the status, the body and the headers.
func (e *env) call(method, path, key, body string) (int, []byte, http.Header) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+"/tha/v2"+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data, resp.Header
}

// must sends a request that has to answer want, and decodes its body into out.
func (e *env) must(want int, method, path, key, body string, out any) {
	e.t.Helper()
	status, data, _ := e.call(method, path, key, body)
	if status != want {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, status, data, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}

func (e *env) create(key, name string) string {
	e.t.Helper()
	var op api.OperationResponse
	e.must(200, "POST", "/volumes", key, fmt.Sprintf(`{"name":%q,"size_in_mb":10240,"resource_name":"h200-small"}`, name), &op)
	return op.UID
}

func (e *env) status(uid string) api.VolumeState {
	e.t.Helper()
	var st api.VolumeState
	e.must(200, "GET", "/volumes/"+uid+"/state", keyA, "", &st)
	return st
}

func TestProvisioningSettlesOnTheClock(t *testing.T) {
	e := newEnv(t, sim.Config{})
	uid := e.create(keyA, "vol")
	if !regexp.MustCompile(`^vol-[a-z0-9]{12}$`).MatchString(uid) {
		t.Fatalf("UID %q is not vol- and 12 lower-case alphanumerics", uid)
	}
	e.clock.Advance(9 * time.Second)
	if st := e.status(uid); st.Status != "PROVISIONING" {
		t.Fatalf("at +9s: %s", st.Status)
	}
	e.clock.Advance(time.Second)
	if st := e.status(uid); st.Status != "READY" || !st.UpdatedAt.Equal(epoch.Add(10*time.Second)) {
		t.Fatalf("at +10s: %+v", st)
	}
	var vol api.Volume
	e.must(200, "GET", "/volumes/"+uid, keyA, "", &vol)
	if vol.PVCName != "pvc-"+uid[:10] || vol.CostPerHour != 0.05 || !vol.UpdatedAt.Equal(epoch.Add(10*time.Second)) {
		t.Fatalf("volume %+v", vol)
	}
}

func TestFailRatioEndsProvisioningFailed(t *testing.T) {
	e := newEnv(t, sim.Config{Lifecycle: sim.Lifecycle{ProvisionDelay: time.Second, FailRatio: 1}})
	uid := e.create(keyA, "doomed")
	e.clock.Advance(time.Second)
	st := e.status(uid)
	if st.Status != "FAILED" || !strings.Contains(st.Message, "h200-small") {
		t.Fatalf("state %+v, want FAILED with a message naming the resource", st)
	}
	var events api.EventPage
	e.must(200, "GET", "/volumes/"+uid+"/events", keyA, "", &events)
	if first := events.Items[0]; first.NewStatus != "FAILED" || first.Reason != st.Message {
		t.Fatalf("newest event %+v, want the failure with its message", first)
	}
}

func TestDeprovisionThenRemoveRecord(t *testing.T) {
	e := newEnv(t, sim.Config{})
	uid := e.create(keyA, "short-lived")
	e.clock.Advance(time.Minute)
	var op api.OperationResponse
	e.must(202, "POST", "/volumes/"+uid+"/delete", keyA, "", &op)
	if op.State.Status != "DELETING" {
		t.Fatalf("deprovision answered %+v", op)
	}
	e.must(202, "POST", "/volumes/"+uid+"/delete", keyA, "", &op) // again: no change, no new event
	e.clock.Advance(5 * time.Second)
	if st := e.status(uid); st.Status != "DELETED" {
		t.Fatalf("after the delete delay: %s", st.Status)
	}
	var events api.EventPage
	e.must(200, "GET", "/volumes/"+uid+"/events", keyA, "", &events)
	if len(events.Items) != 4 {
		t.Fatalf("%d events, want 4 (created, ready, deleting, deleted): %+v", len(events.Items), events.Items)
	}
	e.must(204, "DELETE", "/volumes/"+uid, keyA, "", nil)
	for _, path := range []string{"", "/state", "/events", "/delete"} {
		method := "GET"
		if path == "/delete" {
			method = "POST"
		}
		e.must(404, method, "/volumes/"+uid+path, keyA, "", nil)
	}
	e.must(404, "DELETE", "/volumes/"+uid, keyA, "", nil)
}

func TestAccountsAndAuthentication(t *testing.T) {
	e := newEnv(t, sim.Config{})
	mine := e.create(keyA, "mine")
	theirs := e.create(keyB, "theirs")
	var page api.VolumePage
	e.must(200, "GET", "/volumes", keyA, "", &page)
	if len(page.Items) != 1 || page.Items[0].UID != mine {
		t.Fatalf("account A lists %+v", page.Items)
	}
	var body api.ErrorBody
	e.must(403, "GET", "/volumes/"+theirs, keyA, "", &body)
	if body.Error == "" || body.Reason != "FORBIDDEN" {
		t.Fatalf("403 body %+v", body)
	}
	for _, key := range []string{"", "tgn_unknown"} {
		e.must(401, "GET", "/volumes", key, "", &body)
		if body.Error == "" || body.Reason != "UNAUTHORIZED" {
			t.Fatalf("401 body %+v", body)
		}
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/tha/v2/volumes", nil)
	req.Header.Set("Authorization", "Basic "+keyA)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("a non-bearer Authorization answered %d", resp.StatusCode)
	}
}

func TestValidationAnswersAsARealServer(t *testing.T) {
	e := newEnv(t, sim.Config{Volumes: 5})
	uid := e.create(keyA, "target")
	for _, tc := range []struct {
		method, path, body, reason string
		status                     int
	}{
		{"POST", "/volumes", ``, "INVALID_BODY", 400},
		{"POST", "/volumes", `{"name":`, "INVALID_JSON", 400},
		{"POST", "/volumes", `["a"]`, "INVALID_JSON", 400},
		{"POST", "/volumes", `{"size_in_mb":1,"resource_name":"r"}`, "MISSING_FIELD", 400},
		{"POST", "/volumes", `{"name":"","size_in_mb":1,"resource_name":"r"}`, "INVALID_NAME", 400},
		{"POST", "/volumes", `{"name":"   ","size_in_mb":1,"resource_name":"r"}`, "INVALID_NAME", 400},
		{"POST", "/volumes", `{"name":7,"size_in_mb":1,"resource_name":"r"}`, "INVALID_FIELD", 400},
		{"POST", "/volumes", `{"name":"a","resource_name":"r"}`, "MISSING_FIELD", 400},
		{"POST", "/volumes", `{"name":"a","size_in_mb":0,"resource_name":"r"}`, "INVALID_SIZE", 400},
		{"POST", "/volumes", `{"name":"a","size_in_mb":-5,"resource_name":"r"}`, "INVALID_SIZE", 400},
		{"POST", "/volumes", `{"name":"a","size_in_mb":1.5,"resource_name":"r"}`, "INVALID_SIZE", 400},
		{"POST", "/volumes", `{"name":"a","size_in_mb":"10","resource_name":"r"}`, "INVALID_SIZE", 400},
		{"POST", "/volumes", `{"name":"a","size_in_mb":1}`, "MISSING_FIELD", 400},
		{"POST", "/volumes", `{"name":"a","size_in_mb":1,"resource_name":""}`, "INVALID_RESOURCE", 400},
		{"PATCH", "/volumes/" + uid, `{}`, "MISSING_FIELD", 400},
		{"PATCH", "/volumes/" + uid, `{"name":null}`, "MISSING_FIELD", 400},
		{"PATCH", "/volumes/" + uid, `{"name":"a\u001b[2Jb"}`, "INVALID_NAME", 400},
		{"GET", "/volumes?limit=0", ``, "INVALID_LIMIT", 400},
		{"GET", "/volumes?limit=1001", ``, "INVALID_LIMIT", 400},
		{"GET", "/volumes?limit=ten", ``, "INVALID_LIMIT", 400},
		{"GET", "/volumes?cursor=nope", ``, "INVALID_CURSOR", 400},
		{"GET", "/volumes?cursor=" + "djo5OTk5", ``, "INVALID_CURSOR", 400}, // "v:9999": never handed out
		{"GET", "/volumes/" + uid + "/events?cursor=djox", ``, "INVALID_CURSOR", 400},
		{"GET", "/volumes/" + uid + "/events?limit=-1", ``, "INVALID_LIMIT", 400},
		{"GET", "/volumes/vol-nosuchvolume", ``, "NOT_FOUND", 404},
		{"PUT", "/volumes/" + uid, ``, "METHOD_NOT_ALLOWED", 405},
		{"GET", "/nothing-here", ``, "NOT_FOUND", 404},
	} {
		t.Run(tc.method+" "+tc.path+" "+tc.body, func(t *testing.T) {
			status, data, _ := e.call(tc.method, tc.path, keyA, tc.body)
			var body api.ErrorBody
			if err := json.Unmarshal(data, &body); err != nil || status != tc.status || body.Reason != tc.reason || body.Error == "" {
				t.Fatalf("got %d %s, want %d with reason %s", status, data, tc.status, tc.reason)
			}
		})
	}
	var page api.VolumePage
	e.must(200, "GET", "/volumes?limit=2", keyA, "", &page)
	if len(page.Items) != 2 || page.NextCursor == "" {
		t.Fatalf("limit=2 gave %d items, cursor %q", len(page.Items), page.NextCursor)
	}
	e.must(200, "GET", "/volumes?limit=1000", keyA, "", &page)
	if len(page.Items) != 6 || page.NextCursor != "" {
		t.Fatalf("the last page has %d items and cursor %q", len(page.Items), page.NextCursor)
	}
}

func TestSeededFleetIsDeterministicAndRealistic(t *testing.T) {
	list := func(seed int64) []byte {
		e := newEnv(t, sim.Config{Volumes: 400, Seed: seed})
		_, data, _ := e.call("GET", "/volumes?limit=1000", keyA, "")
		return data
	}
	first, again, other := list(42), list(42), list(43)
	if !bytes.Equal(first, again) {
		t.Fatal("the same seed gave different fleets")
	}
	if bytes.Equal(first, other) {
		t.Fatal("different seeds gave the same fleet")
	}
	var page api.VolumePage
	if err := json.Unmarshal(first, &page); err != nil || len(page.Items) != 400 {
		t.Fatalf("%d volumes, %v", len(page.Items), err)
	}
	classes := map[api.StatusClass]int{}
	attached := 0
	for _, v := range page.Items {
		classes[api.ClassOf(v.State.Status)]++
		if v.Attached() {
			attached++
			if !strings.HasPrefix(v.WorkloadUID, "wrk-") || !strings.HasPrefix(v.MountPath, "/") {
				t.Fatalf("attachment %q at %q", v.WorkloadUID, v.MountPath)
			}
		}
		if v.PVCName == "" || v.CreatedAt.IsZero() || v.ResourceName == "" || v.SizeMiB <= 0 {
			t.Fatalf("incomplete volume %+v", v)
		}
		if api.ClassOf(v.State.Status) != api.ClassGone && v.CostPerHour <= 0 {
			t.Fatalf("volume %s costs nothing", v.UID)
		}
	}
	if classes[api.ClassHealthy] < 250 || classes[api.ClassFailed] == 0 || classes[api.ClassInProgress] < 3 || classes[api.ClassGone] == 0 {
		t.Fatalf("status mix %v lacks life", classes)
	}
	if attached < 80 || attached > 200 {
		t.Fatalf("%d of 400 attached, want about a third", attached)
	}
	for i := 0; i < 3; i++ {
		if page.Items[i].State.Status != "PROVISIONING" {
			t.Fatalf("the newest volumes should be provisioning; #%d is %s", i, page.Items[i].State.Status)
		}
	}
}

func TestFaultsOnDemand(t *testing.T) {
	t.Run("rate limit", func(t *testing.T) {
		e := newEnv(t, sim.Config{Faults: sim.Faults{RateLimit: 2}})
		e.must(200, "GET", "/volumes", keyA, "", nil)
		e.must(200, "GET", "/volumes", keyA, "", nil)
		status, _, header := e.call("GET", "/volumes", keyA, "")
		if status != 429 || header.Get("Retry-After") != "1" {
			t.Fatalf("third request in the same second: %d, Retry-After %q", status, header.Get("Retry-After"))
		}
		e.must(200, "GET", "/volumes", keyB, "", nil) // per key
		e.clock.Advance(time.Second)
		e.must(200, "GET", "/volumes", keyA, "", nil)
	})
	t.Run("error rate", func(t *testing.T) {
		e := newEnv(t, sim.Config{Faults: sim.Faults{ErrorRate: 0.5}})
		failed := 0
		for range 200 {
			if status, _, _ := e.call("GET", "/volumes", keyA, ""); status == 500 {
				failed++
			}
		}
		if failed < 60 || failed > 140 {
			t.Fatalf("%d of 200 answered 500 at a rate of 0.5", failed)
		}
	})
	t.Run("latency", func(t *testing.T) {
		e := newEnv(t, sim.Config{Faults: sim.Faults{Latency: 30 * time.Millisecond}})
		e.must(200, "GET", "/volumes", keyA, "", nil)
		if d := e.sim.Requests()[0].Duration; d < 30*time.Millisecond {
			t.Fatalf("answered in %v despite 30ms of latency", d)
		}
	})
	t.Run("retired", func(t *testing.T) {
		e := newEnv(t, sim.Config{Faults: sim.Faults{Retired: true}})
		status, data, _ := e.call("GET", "/volumes", keyA, "")
		if status != 410 || len(data) != 0 {
			t.Fatalf("retired: %d %q, want 410 with an empty body", status, data)
		}
	})
	t.Run("repeat cursor", func(t *testing.T) {
		e := newEnv(t, sim.Config{Volumes: 5, Faults: sim.Faults{RepeatCursor: true}})
		var first, second api.VolumePage
		e.must(200, "GET", "/volumes?limit=2", keyA, "", &first)
		e.must(200, "GET", "/volumes?limit=2&cursor="+first.NextCursor, keyA, "", &second)
		if second.NextCursor != first.NextCursor {
			t.Fatalf("the second page's cursor %q should repeat %q", second.NextCursor, first.NextCursor)
		}
	})
	t.Run("bad settings", func(t *testing.T) {
		for _, f := range []sim.Faults{{ErrorRate: 1.5}, {RateLimit: -1}, {Latency: -time.Second}} {
			if _, err := sim.New(sim.Config{Faults: f}); err == nil {
				t.Errorf("%+v accepted", f)
			}
		}
	})
}

func TestRequestLog(t *testing.T) {
	e := newEnv(t, sim.Config{})
	uid := e.create(keyA, "logged")
	e.must(200, "GET", "/volumes/"+uid+"/state", keyA, "", nil)
	e.must(401, "GET", "/volumes", "tgn_wrong", "", nil)
	lines := strings.Split(strings.TrimSpace(e.log.String()), "\n")
	pattern := regexp.MustCompile(`^(POST|GET) /tha/v2/volumes(/vol-[a-z0-9]{12}/state)? (200|401) [0-9.]+(µs|ms|s)$`)
	if len(lines) != 3 {
		t.Fatalf("log:\n%s", e.log)
	}
	for _, line := range lines {
		if !pattern.MatchString(line) {
			t.Errorf("log line %q is not 'METHOD path status duration'", line)
		}
	}
	if strings.Contains(e.log.String(), "tgn_") {
		t.Fatal("a key reached the log")
	}
	if e.sim.Count("POST /volumes") != 1 || e.sim.Count("GET /volumes/{uid}/state") != 1 || e.sim.Count("GET /volumes") != 1 {
		t.Fatalf("counts: %+v", e.sim.Requests())
	}
}

func TestStatePersistsBetweenRuns(t *testing.T) {
	e := newEnv(t, sim.Config{Volumes: 20, Seed: 9})
	uid := e.create(keyA, "kept")
	e.must(200, "PATCH", "/volumes/"+uid, keyA, `{"name":"kept-renamed"}`, nil)
	e.clock.Advance(time.Minute)
	e.must(202, "POST", "/volumes/"+uid+"/delete", keyA, "", nil) // pending: DELETED in 5s
	path := filepath.Join(t.TempDir(), "sim.json")
	if err := e.sim.Store().SaveFile(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
	data, _ := os.ReadFile(path)
	if bytes.Contains(data, []byte(keyA)) {
		t.Fatal("the state file holds a key")
	}
	_, before, _ := e.call("GET", "/volumes?limit=1000", keyA, "")

	restored := newEnv(t, sim.Config{})
	restored.clock.Advance(time.Minute)
	if loaded, err := restored.sim.Store().LoadFile(path); err != nil || !loaded {
		t.Fatalf("load: %v, %v", loaded, err)
	}
	_, after, _ := restored.call("GET", "/volumes?limit=1000", keyA, "")
	if !bytes.Equal(before, after) {
		t.Fatal("the restored fleet differs")
	}
	restored.clock.Advance(5 * time.Second)
	if st := restored.status(uid); st.Status != "DELETED" {
		t.Fatalf("the pending deprovision did not survive: %s", st.Status)
	}
	if loaded, err := restored.sim.Store().LoadFile(filepath.Join(t.TempDir(), "absent.json")); loaded || err != nil {
		t.Fatalf("a missing state file is a first run: %v, %v", loaded, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"format":99}`), 0o600)
	if _, err := restored.sim.Store().LoadFile(bad); err == nil || !strings.Contains(err.Error(), "format 99") {
		t.Fatalf("a state file of another format: %v", err)
	}
}

func TestConcurrentClients(t *testing.T) {
	e := newEnv(t, sim.Config{Volumes: 50})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				req, _ := http.NewRequest("POST", e.srv.URL+"/tha/v2/volumes",
					strings.NewReader(fmt.Sprintf(`{"name":"w%d-%d","size_in_mb":512,"resource_name":"storage-rentals"}`, w, i)))
				req.Header.Set("Authorization", "Bearer "+keyA)
				if resp, err := e.srv.Client().Do(req); err == nil {
					resp.Body.Close()
				}
				req, _ = http.NewRequest("GET", e.srv.URL+"/tha/v2/volumes?limit=25", nil)
				req.Header.Set("Authorization", "Bearer "+keyA)
				if resp, err := e.srv.Client().Do(req); err == nil {
					resp.Body.Close()
				}
				e.clock.Advance(time.Second)
			}
		}()
	}
	wg.Wait()
	var page api.VolumePage
	e.must(200, "GET", "/volumes?limit=1000", keyA, "", &page)
	if len(page.Items) != 210 {
		t.Fatalf("%d volumes after 160 concurrent creates on 50", len(page.Items))
	}
}

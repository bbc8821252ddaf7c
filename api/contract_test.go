package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"tvol/api"
	"tvol/api/sim"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPISpec())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the embedded OpenAPI description is invalid: %v", err)
	}
	return doc
}

func TestSpecHasTheEightEndpoints(t *testing.T) {
	doc := loadSpec(t)
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	sort.Strings(ops)
	want := []string{
		"DELETE /tha/v2/volumes/{volume_uid}", "GET /tha/v2/volumes", "GET /tha/v2/volumes/{volume_uid}",
		"GET /tha/v2/volumes/{volume_uid}/events", "GET /tha/v2/volumes/{volume_uid}/state",
		"PATCH /tha/v2/volumes/{volume_uid}", "POST /tha/v2/volumes", "POST /tha/v2/volumes/{volume_uid}/delete",
	}
	if strings.Join(ops, "\n") != strings.Join(want, "\n") {
		t.Fatalf("operations:\n%s\nwant:\n%s", strings.Join(ops, "\n"), strings.Join(want, "\n"))
	}
}

// strictDecode decodes refusing unknown fields, so a documented field missing from a wire
// type fails the test.
func strictDecode(t *testing.T, data []byte, into any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		t.Fatalf("decoding into %T: %v", into, err)
	}
}

func TestReferenceExamplesDecodeAndMatchTheSpec(t *testing.T) {
	doc := loadSpec(t)
	examples := map[string]struct {
		schema string
		into   any
	}{
		"create-request.json":       {"CreateVolumeRequest", &api.CreateVolumeRequest{}},
		"update-request.json":       {"UpdateVolumeRequest", &api.UpdateVolumeRequest{}},
		"create-response.json":      {"OperationResponse", &api.OperationResponse{}},
		"deprovision-response.json": {"OperationResponse", &api.OperationResponse{}},
		"list-response.json":        {"VolumePage", &api.VolumePage{}},
		"get-response.json":         {"Volume", &api.Volume{}},
		"update-response.json":      {"Volume", &api.Volume{}},
		"state-response.json":       {"VolumeState", &api.VolumeState{}},
		"events-response.json":      {"EventPage", &api.EventPage{}},
	}
	files, _ := filepath.Glob("testdata/reference/*.json")
	if len(files) != len(examples) {
		t.Fatalf("%d example files, %d expected", len(files), len(examples))
	}
	for name, ex := range examples {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/reference", name))
			if err != nil {
				t.Fatal(err)
			}
			strictDecode(t, data, ex.into)
			var generic any
			_ = json.Unmarshal(data, &generic)
			if err := doc.Components.Schemas[ex.schema].Value.VisitJSON(generic, openapi3.EnableFormatValidation()); err != nil {
				t.Fatalf("the reference's example does not match schema %s: %v", ex.schema, err)
			}
		})
	}
	var page api.VolumePage
	data, _ := os.ReadFile("testdata/reference/list-response.json")
	strictDecode(t, data, &page)
	v := page.Items[0]
	if v.UID != "vol-abc123def456" || v.SizeMiB != 10240 || v.CostPerHour != 0.05 || v.WorkloadUID != "wrk-xyz789abc123" ||
		v.MountPath != "/data" || v.PVCName != "pvc-vol-abc123" || v.State.Status != "READY" || v.CreatedAt.Format("15:04") != "10:30" ||
		page.NextCursor != "" {
		t.Fatalf("list example decoded as %+v", page)
	}
	var events api.EventPage
	data, _ = os.ReadFile("testdata/reference/events-response.json")
	strictDecode(t, data, &events)
	if e := events.Items[0]; e.OldStatus != "PROVISIONING" || e.NewStatus != "READY" || e.RequestedSize != "10Gi" || e.Reason != "Volume bound" {
		t.Fatalf("events example decoded as %+v", e)
	}
}

// contractChecker validates traffic against the spec as it passes: requests (when asked) and
// every response, recording which operations were seen answering which statuses.
type contractChecker struct {
	router           routers.Router
	validateRequests bool
	mu               sync.Mutex
	failures         []string
	seen             map[string]bool // "operationId status"
}

func newContractChecker(t *testing.T, serverURL string) *contractChecker {
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contractChecker{router: router, validateRequests: true, seen: map[string]bool{}}
}

func (c *contractChecker) fail(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

func (c *contractChecker) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		body, _ := io.ReadAll(r.Body)
		check := r.Clone(ctx)
		check.Body = io.NopCloser(bytes.NewReader(body))
		route, params, err := c.router.FindRoute(check)
		if err != nil {
			c.fail("%s %s: no such operation in the spec: %v", r.Method, r.URL.Path, err)
			next.ServeHTTP(w, r)
			return
		}
		opts := &openapi3filter.Options{
			IncludeResponseStatus:   true,
			MultiError:              true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
			AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
				if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
					return fmt.Errorf("no bearer token")
				}
				return nil
			},
		}
		input := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route, Options: opts}
		if c.validateRequests {
			if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
				c.fail("request %s %s: %v", r.Method, r.URL, err)
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		answer := rec.Result()
		respBody := rec.Body.Bytes()
		if err := openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: input, Status: answer.StatusCode, Header: answer.Header,
			Body: io.NopCloser(bytes.NewReader(respBody)), Options: opts,
		}); err != nil {
			c.fail("response to %s %s (%d): %v\n%s", r.Method, r.URL, answer.StatusCode, err, respBody)
		}
		c.mu.Lock()
		c.seen[fmt.Sprintf("%s %d", route.Operation.OperationID, answer.StatusCode)] = true
		c.mu.Unlock()
		for k, vs := range answer.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(answer.StatusCode)
		_, _ = w.Write(respBody)
	})
}

func (c *contractChecker) report(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.failures {
		t.Error(f)
	}
}

// TestContractOfClientAndSimulator sends every operation through the client, in success and
// in each documented error, validating each request the client sends and each answer the
// simulator gives.
func TestContractOfClientAndSimulator(t *testing.T) {
	var checker *contractChecker
	f := newFixture(t, sim.Config{Volumes: 30, Seed: 3}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { checker.wrap(next).ServeHTTP(w, r) })
	})
	checker = newContractChecker(t, f.http.URL)
	ctx := context.Background()
	other, _ := f.newClient(t, keyB).CreateVolume(ctx, api.CreateVolumeRequest{Name: "other", SizeMiB: 512, ResourceName: "h200-small"})
	stranger := f.newClient(t, "tgn_stranger")

	uid := f.create(t, "contract")
	if _, err := f.client.AllVolumes(ctx, api.WalkOptions{Limit: 7}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	mustOK := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.client.GetVolume(ctx, uid)
	mustOK(err)
	_, err = f.client.GetVolumeState(ctx, uid)
	mustOK(err)
	_, err = f.client.RenameVolume(ctx, uid, "contract-renamed")
	mustOK(err)
	_, err = f.client.DeprovisionVolume(ctx, uid)
	mustOK(err)
	f.clock.Advance(time.Minute)
	_, err = f.client.AllEvents(ctx, uid, api.WalkOptions{Limit: 2})
	mustOK(err)
	mustOK(f.client.DeleteVolume(ctx, uid))

	for _, c := range []*api.Client{f.client, stranger} {
		for _, target := range []string{uid, other.UID} {
			_, _ = c.GetVolume(ctx, target)
			_, _ = c.GetVolumeState(ctx, target)
			_, _ = c.ListVolumeEvents(ctx, target, api.ListOptions{Limit: 5})
			_, _ = c.RenameVolume(ctx, target, "x")
			_, _ = c.DeprovisionVolume(ctx, target)
			_ = c.DeleteVolume(ctx, target)
		}
		_, _ = c.ListVolumes(ctx, api.ListOptions{Cursor: "bm9wZQ"})
		_, _ = c.CreateVolume(ctx, api.CreateVolumeRequest{Name: "s", SizeMiB: 1, ResourceName: "h200-small"})
	}
	mustOK(f.sim.SetFaults(sim.Faults{RateLimit: 0.001}))
	_, _ = f.client.ListVolumes(ctx, api.ListOptions{})
	_, _ = f.client.ListVolumes(ctx, api.ListOptions{})
	mustOK(f.sim.SetFaults(sim.Faults{ErrorRate: 1}))
	_, _ = f.client.CreateVolume(ctx, api.CreateVolumeRequest{Name: "s", SizeMiB: 1, ResourceName: "h200-small"})
	mustOK(f.sim.SetFaults(sim.Faults{Retired: true}))
	_, _ = f.client.GetVolume(ctx, uid)

	// Requests no client of ours would send: only the answers are checked.
	checker.validateRequests = false
	raw := func(method, path, key, body string) {
		req, _ := http.NewRequest(method, f.http.URL+"/tha/v2"+path, strings.NewReader(body))
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := f.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	mustOK(f.sim.SetFaults(sim.Faults{}))
	for _, body := range []string{``, `{`, `[]`, `{"name":""}`, `{"name":"a","size_in_mb":0,"resource_name":"r"}`,
		`{"name":"a","size_in_mb":1.5,"resource_name":"r"}`, `{"name":"a","size_in_mb":"10","resource_name":"r"}`, `{"name":"a","size_in_mb":1}`} {
		raw(http.MethodPost, "/volumes", keyA, body)
	}
	raw(http.MethodGet, "/volumes?limit=0", keyA, "")
	raw(http.MethodGet, "/volumes?limit=abc", keyA, "")
	raw(http.MethodGet, "/volumes", "", "")

	checker.report(t)
	for _, want := range []string{
		"createVolume 200", "createVolume 400", "createVolume 401", "createVolume 500",
		"listVolumes 200", "listVolumes 400", "listVolumes 401", "listVolumes 429",
		"getVolume 200", "getVolume 401", "getVolume 403", "getVolume 404", "getVolume 410",
		"getVolumeState 200", "getVolumeState 401", "getVolumeState 403", "getVolumeState 404",
		"listVolumeEvents 200", "listVolumeEvents 401", "listVolumeEvents 403", "listVolumeEvents 404",
		"updateVolume 200", "updateVolume 401", "updateVolume 403", "updateVolume 404",
		"deleteVolume 204", "deleteVolume 401", "deleteVolume 403", "deleteVolume 404",
		"deleteVolumeDeployment 202", "deleteVolumeDeployment 401", "deleteVolumeDeployment 403", "deleteVolumeDeployment 404",
	} {
		if !checker.seen[want] {
			t.Errorf("the contract test never saw %s", want)
		}
	}
}

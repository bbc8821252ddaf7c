package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"tvol/api"
	"tvol/api/sim"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"10": 10240, "10G": 10240, "10gb": 10240, "10 GiB": 10240, "10Gi": 10240,
		"512MiB": 512, "512m": 512, "512 MB": 512, "1.5T": 1572864, "1TiB": 1048576, "2tb": 2097152,
		"0.5G": 512, " 3 ": 3072, "1024M": 1024,
	} {
		got, err := api.ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, why := range map[string]string{
		"": "empty", "   ": "empty", "GiB": "does not start with a number", "-5G": "does not start with a number",
		"0": "greater than zero", "0.0001G": "whole number of MiB", "10 PB": "unknown unit", "10 kb": "unknown unit",
		"1.2.3G": "not a number", "2048T": "larger than", "1e3G": "unknown unit", "10 G B": "unknown unit",
	} {
		if got, err := api.ParseSize(in); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseSize(%q) = %d, %v; want an error saying %q", in, got, err, why)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for mib, want := range map[int64]string{
		512: "512 MiB", 1024: "1 GiB", 1536: "1.5 GiB", 10240: "10 GiB", 1572864: "1.5 TiB",
		1048576: "1 TiB", 0: "0 B", 1: "1 MiB", -2048: "-2 GiB", 1 << 50: "1 ZiB",
	} {
		if got := api.FormatSize(mib); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", mib, got, want)
		}
	}
	for mib, want := range map[int64]string{10240: "10Gi", 1536: "1536Mi", 1048576: "1Ti", 0: "0Mi"} {
		if got := api.FormatQuantity(mib); got != want {
			t.Errorf("FormatQuantity(%d) = %q, want %q", mib, got, want)
		}
	}
}

func TestStatusClasses(t *testing.T) {
	for status, want := range map[string]api.StatusClass{
		"PROVISIONING": api.ClassInProgress, "registered": api.ClassInProgress, "Pending": api.ClassInProgress,
		"creating": api.ClassInProgress, "DELETING": api.ClassInProgress,
		"READY": api.ClassHealthy, "active": api.ClassHealthy, "Running": api.ClassHealthy,
		"FAILED": api.ClassFailed, "error": api.ClassFailed,
		"DELETED": api.ClassGone, "suspended": api.ClassIdle, "STOPPED": api.ClassIdle,
		"MIGRATING": api.ClassUnknown, "": api.ClassUnknown, " ready ": api.ClassHealthy,
	} {
		if got := api.ClassOf(status); got != want {
			t.Errorf("ClassOf(%q) = %v, want %v", status, got, want)
		}
	}
	if api.ClassInProgress.Settled() || !api.ClassHealthy.Settled() || !api.ClassUnknown.Settled() {
		t.Error("only the in-progress class is unsettled")
	}
	if len(api.StatusClasses()) != 6 {
		t.Error("StatusClasses must list all six classes")
	}
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"my-volume", "a", "llama 3 weights", "データ", strings.Repeat("x", 63)} {
		if err := api.ValidateName(ok); err != nil {
			t.Errorf("ValidateName(%q): %v", ok, err)
		}
	}
	for name, why := range map[string]string{
		"": "required", "  ": "required", " lead": "start or end", strings.Repeat("x", 64): "limit is 63",
		"a\x1b]0;pwn\x07": "control", "a\u202eb": "control or formatting", "a\nb": "control", "\xff": "UTF-8",
	} {
		if err := api.ValidateName(name); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ValidateName(%q) = %v, want an error saying %q", name, err, why)
		}
	}
}

func TestTimestampsAreTolerant(t *testing.T) {
	var v api.Volume
	body := `{"uid":"vol-1","created_at":null,"updated_at":"","state":{"status":"READY","updated_at":"2025-01-15T10:35:00.123456+02:00"},"unknown_field":{"x":1},"workload_uid":null}`
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if !v.CreatedAt.IsZero() || !v.UpdatedAt.IsZero() || v.WorkloadUID != "" {
		t.Fatalf("null and empty fields should read as zero: %+v", v)
	}
	if want := time.Date(2025, 1, 15, 8, 35, 0, 123456000, time.UTC); !v.State.UpdatedAt.Equal(want) {
		t.Fatalf("updated_at = %v, want %v", v.State.UpdatedAt, want)
	}
	if err := json.Unmarshal([]byte(`{"created_at":"yesterday"}`), &v); err == nil || !strings.Contains(err.Error(), "ISO 8601") {
		t.Fatalf("a bad timestamp should say so: %v", err)
	}
	out, _ := json.Marshal(api.Volume{UID: "vol-1", CreatedAt: api.At(time.Date(2025, 1, 15, 10, 30, 0, 5, time.UTC))})
	if !strings.Contains(string(out), `"created_at":"2025-01-15T10:30:00Z"`) || strings.Contains(string(out), "updated_at") {
		t.Fatalf("encoded %s", out)
	}
}

func TestAPIErrorReadsWhatTheServerSent(t *testing.T) {
	cases := []struct {
		name, body, header string
		status             int
		want               []string
	}{
		{"json", `{"error":"volume not found","reason":"NOT_FOUND"}`, "", 404, []string{"volume not found [NOT_FOUND]", "404 Not Found", "request req-9"}},
		{"json without reason", `{"error":"bad size"}`, "", 400, []string{"bad size (400 Bad Request"}},
		{"html page", "<html>\n<body>Bad Gateway</body>\n</html>", "", 502, []string{"<html> <body>Bad Gateway</body> </html>"}},
		{"empty", "", "", 503, []string{"service unavailable (503"}},
		{"410 empty", "", "", 410, []string{"this API version has been retired by the server (410 Gone"}},
		{"escapes", "\x1b]52;c;AAAA\x07oops\x1b[2J", "", 500, []string{"]52;c;AAAAoops[2J"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, sim.Config{}, func(http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("X-Request-Id", "req-9")
					w.WriteHeader(tc.status)
					_, _ = w.Write([]byte(tc.body))
				})
			})
			err := f.client.DeleteVolume(t.Context(), "vol-abc")
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q lacks %q", err, want)
				}
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07\n") {
				t.Errorf("%q carries control characters", err)
			}
		})
	}
}

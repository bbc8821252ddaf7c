package api_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	gojson "github.com/goccy/go-json"

	"tvol/api"
)

// FuzzDecodeAgreesWithTheStandardLibrary holds the decoder the client uses (go-json, for
// speed) to encoding/json: for any body, into every answer type, both accept or both refuse,
// and what they accept decodes to the same values.
func FuzzDecodeAgreesWithTheStandardLibrary(f *testing.F) {
	files, _ := filepath.Glob("testdata/reference/*-response.json")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	for _, seed := range []string{
		`{"items":[null,{"size":1e400}],"next_cursor":null}`,
		`{"uid":"\u001b]0;x\u0007","state":null,"created_at":"2025-13-45T99:00:00Z"}`,
		`{"UID":"upper","Size":"12","state":{"STATUS":"READY"},"extra":[1,{"a":2}]}`,
		"{\"name\":\"\xff\xfe bad utf-8\",\"uid\":\"\\ud800\"}",
		`{"items":[{"uid":"a","size":1.5}],"items":[]}`,
		`{"created_at":"","updated_at":null,"size":-0,"cost_per_hour":1e-400}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		agree[api.VolumePage](t, body)
		agree[api.Volume](t, body)
		agree[api.VolumeState](t, body)
		agree[api.EventPage](t, body)
		agree[api.OperationResponse](t, body)
	})
}

func agree[T any](t *testing.T, body []byte) {
	t.Helper()
	var std, fast T
	stdErr := json.Unmarshal(body, &std)
	fastErr := gojson.Unmarshal(body, &fast)
	if (stdErr == nil) != (fastErr == nil) {
		t.Fatalf("%T from %q: encoding/json says %v, go-json says %v", std, body, stdErr, fastErr)
	}
	if stdErr == nil && !reflect.DeepEqual(std, fast) {
		t.Fatalf("%T from %q:\nencoding/json %+v\ngo-json       %+v", std, body, std, fast)
	}
}

// TestDecodedStringsOwnTheirBytes decodes a page, then many other bodies of the same size,
// and checks the first page's strings are untouched: a decoder that made strings over its
// reused input buffer would show it here, and would also pin whole bodies in memory.
func TestDecodedStringsOwnTheirBytes(t *testing.T) {
	body := func(fill byte) []byte {
		name := strings.Repeat(string(rune(fill)), 40)
		return []byte(`{"items":[{"uid":"vol-` + strings.Repeat(string(rune(fill)), 12) + `","name":"` + name +
			`","resource_name":"` + name + `","state":{"status":"READY","message":"` + name + `"}}],"next_cursor":""}`)
	}
	var first api.VolumePage
	if err := gojson.Unmarshal(body('a'), &first); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%+v", first)
	for fill := byte('b'); fill <= 'z'; fill++ {
		var other api.VolumePage
		if err := gojson.Unmarshal(body(fill), &other); err != nil {
			t.Fatal(err)
		}
	}
	if got := fmt.Sprintf("%+v", first); got != want || strings.ContainsAny(first.Items[0].Name, "bcdefghijklmnopqrstuvwxyz") {
		t.Fatalf("a later decode changed an earlier result:\n%s\nwas\n%s", got, want)
	}
}

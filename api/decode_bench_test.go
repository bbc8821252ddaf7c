package api_test

import (
	"encoding/json"
	"testing"

	gojson "github.com/goccy/go-json"

	"tvol/api"
	"tvol/api/sim"
)

// BenchmarkDecodeVolumePage is the client's share of an idle refresh: one page of 1,000
// volumes, as the simulator writes them, decoded into the wire types by the decoder the
// client uses (go-json) and by encoding/json.
func BenchmarkDecodeVolumePage(b *testing.B) {
	body := volumePageBody(b, 1000)
	for name, unmarshal := range map[string]func([]byte, any) error{"go-json": gojson.Unmarshal, "encoding_json": json.Unmarshal} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var page api.VolumePage
				if err := unmarshal(body, &page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func volumePageBody(b *testing.B, n int) []byte {
	b.Helper()
	store := sim.NewStore(sim.RealClock{}, sim.Lifecycle{}, 3)
	store.Seed("bench", n, 3)
	page, failure := store.List("bench", n, "")
	if failure != nil {
		b.Fatal(failure)
	}
	body, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

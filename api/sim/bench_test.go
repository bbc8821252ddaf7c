package sim_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"tvol/api"
	"tvol/api/sim"
)

// BenchmarkFullWalk10000 walks the whole list of a 10,000-volume simulator in pages of 100,
// over loopback HTTP with tvol's own client: what `tvol sim --volumes 10000` answers.
func BenchmarkFullWalk10000(b *testing.B) {
	for _, limit := range []int{100, 1000} {
		b.Run(map[int]string{100: "pages_of_100", 1000: "pages_of_1000"}[limit], func(b *testing.B) {
			s, err := sim.New(sim.Config{Keys: []string{keyA}, Volumes: 10000, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(s)
			defer srv.Close()
			client, err := api.New(api.Options{BaseURL: srv.URL, APIKey: keyA, HTTPClient: srv.Client()})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				all, err := client.AllVolumes(context.Background(), api.WalkOptions{Limit: limit})
				if err != nil || len(all) != 10000 {
					b.Fatalf("walk: %d volumes, %v", len(all), err)
				}
			}
		})
	}
}

// BenchmarkSeed100000 is the start-up cost of a large seeded fleet.
func BenchmarkSeed100000(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.New(sim.Config{Keys: []string{keyA}, Volumes: 100000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

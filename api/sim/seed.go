package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"tvol/api"
)

// fleetTables are what a team renting GPUs keeps on volumes, and where they mount them.
type fleetTables struct {
	names, suffixes, resources, mounts []string
	sizesMiB                           []int64
}

func newFleetTables() fleetTables {
	return fleetTables{
		names: []string{"llama3-70b", "qwen2-72b", "mixtral-8x7b", "sdxl", "whisper-large", "flux-dev", "deepseek-v3",
			"dataset", "hf-cache", "vllm-cache", "ckpt", "eval", "embeddings", "train-logs", "scratch"},
		suffixes:  []string{"weights", "cache", "ckpt", "shards", "data", "tmp"},
		resources: []string{"storage-rentals", "storage-rentals", "storage-rentals", "h200-small", "h100-small", "a100-small", "rtx4090-small"},
		mounts:    []string{"/data", "/models", "/mnt/cache", "/workspace", "/checkpoints"},
		sizesMiB:  []int64{512, 1536, 10240, 20480, 51200, 102400, 204800, 512000, 1048576, 2097152},
	}
}

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

// Seed gives the account n volumes drawn from seed: the same seed gives the same fleet. It is
// a live fleet: most volumes READY (about a third attached), some FAILED, DELETING, DELETED or
// REGISTERED, and the newest few (at least three, one in 200 of a large fleet) still
// PROVISIONING, so that they settle a few seconds after start.
func (s *Store) Seed(accountID string, n int, seed int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := rand.New(rand.NewPCG(uint64(seed), 0xf1ee7))
	tables := newFleetTables()
	now := s.clock.Now()
	const history = 60 * 24 * time.Hour
	for i := range n {
		// Spread creation times over the past 60 days, oldest first, so Seq order is age order.
		fromNewest := n - i
		created := now.Add(-history + time.Duration(float64(history)*float64(i+1)/float64(n+1)))
		created = created.Add(-time.Duration(r.IntN(3600)) * time.Second).Truncate(time.Second)
		provisioning := fromNewest <= max(3, n/200)
		if provisioning { // just created: they settle a few seconds after start
			created = now.Add(-time.Duration(fromNewest*7) * time.Second).Truncate(time.Second)
		}
		s.lastSeq++
		uid := s.newUID(r, "vol-")
		resource := pick(r, tables.resources)
		size := pick(r, tables.sizesMiB)
		v := &volume{Seq: s.lastSeq, Record: api.Volume{
			UID:          uid,
			Name:         fmt.Sprintf("%s-%s-%d", pick(r, tables.names), pick(r, tables.suffixes), i+1),
			SizeMiB:      size,
			ResourceName: resource,
			CostPerHour:  costPerHour(resource, size),
			PVCName:      "pvc-" + uid[:10],
			CreatedAt:    api.At(created),
		}}
		s.setStatus(v, created, "CREATED", "PROVISIONING", "", "Volume requested")
		s.seedHistory(v, r, tables, created, now, provisioning)
		s.insert(accountID, v)
	}
}

// seedHistory plays a seeded volume's life up to now; a provisioning one is left to settle.
func (s *Store) seedHistory(v *volume, r *rand.Rand, tables fleetTables, created, now time.Time, provisioning bool) {
	// Young volumes would get histories in the future: keep every step at or before now.
	past := func(t time.Time) time.Time {
		if t.After(now) {
			return now
		}
		return t
	}
	bound := past(created.Add(time.Duration(10+r.IntN(80)) * time.Second))
	roll := r.Float64()
	switch {
	case provisioning:
		next := transition{At: now.Add(time.Duration(4+r.IntN(20)) * time.Second), Status: "READY", Reason: "Volume bound"}
		if r.Float64() < 0.25 {
			msg := failureMessage(r, v.Record.ResourceName)
			next = transition{At: next.At, Status: "FAILED", Message: msg, Reason: msg}
		}
		v.Next = &next
		return
	case roll < 0.03:
		msg := failureMessage(r, v.Record.ResourceName)
		s.setStatus(v, bound, "STATUS_CHANGE", "FAILED", msg, msg)
		return
	case roll < 0.04:
		s.setStatus(v, bound, "STATUS_CHANGE", "REGISTERED", "waiting for a workload to attach", "Volume registered")
		return
	}
	s.setStatus(v, bound, "STATUS_CHANGE", "READY", "", "Volume bound")
	if r.Float64() < 0.08 {
		old := v.Record.Name
		v.Record.Name = old + "-old"
		s.record(v, past(bound.Add(time.Hour)), "RENAMED", "READY", "READY", fmt.Sprintf("renamed from %q to %q", old, v.Record.Name))
	}
	switch {
	case roll < 0.07:
		s.setStatus(v, now.Add(-time.Duration(5+r.IntN(60))*time.Second), "STATUS_CHANGE", "DELETING", "", "Deprovision requested")
		v.Next = &transition{At: now.Add(time.Duration(5+r.IntN(30)) * time.Second), Status: "DELETED", Reason: "Storage released"}
	case roll < 0.09:
		gone := past(bound.Add(time.Duration(1+r.IntN(48)) * time.Hour))
		s.setStatus(v, gone, "STATUS_CHANGE", "DELETING", "", "Deprovision requested")
		s.setStatus(v, past(gone.Add(30*time.Second)), "STATUS_CHANGE", "DELETED", "", "Storage released")
		v.Record.CostPerHour = 0
	case roll < 0.42:
		v.Record.WorkloadUID = "wrk-" + randomID(r, 12)
		v.Record.MountPath = pick(r, tables.mounts)
		s.record(v, past(bound.Add(2*time.Minute)), "ATTACHED", "READY", "READY", "mounted by "+v.Record.WorkloadUID+" at "+v.Record.MountPath)
	}
}

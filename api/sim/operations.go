package sim

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"tvol/api"
)

// failureMessage is what a FAILED provisioning says, picked at random.
func failureMessage(r *rand.Rand, resource string) string {
	messages := [...]string{
		"insufficient storage capacity on %s",
		"PVC bind timed out on %s",
		"storage class quota exceeded on %s",
	}
	return fmt.Sprintf(messages[r.IntN(len(messages))], resource)
}

// Create adds a PROVISIONING volume that settles after the provision delay.
func (s *Store) Create(accountID string, req api.CreateVolumeRequest) api.OperationResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.lastSeq++
	uid := s.newUID(s.rng, "vol-")
	v := &volume{Seq: s.lastSeq, Record: api.Volume{
		UID:          uid,
		Name:         req.Name,
		SizeMiB:      req.SizeMiB,
		ResourceName: req.ResourceName,
		CostPerHour:  costPerHour(req.ResourceName, req.SizeMiB),
		PVCName:      "pvc-" + uid[:10],
		CreatedAt:    api.At(now),
	}}
	s.setStatus(v, now, "CREATED", "PROVISIONING", "", "Volume requested")
	next := transition{At: now.Add(s.life.ProvisionDelay), Status: "READY", Reason: "Volume bound"}
	if s.rng.Float64() < s.life.FailRatio {
		msg := failureMessage(s.rng, req.ResourceName)
		next = transition{At: next.At, Status: "FAILED", Message: msg, Reason: msg}
	}
	v.Next = &next
	s.insert(accountID, v)
	return api.OperationResponse{UID: uid, State: v.Record.State}
}

// Paging: a cursor is the Seq of the last item handed out, so a page is stable while volumes
// come and go around it. It is wrapped so that clients treat it as opaque.
const (
	DefaultLimit   = 100
	volumeCursorNS = "v"
)

func encodeCursor(namespace string, seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(namespace + ":" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(namespace, cursor string, lastSeq int64) (int64, *failure) {
	bad := fail(http.StatusBadRequest, "INVALID_CURSOR", "unknown cursor")
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, bad
	}
	rest, ok := strings.CutPrefix(string(raw), namespace+":")
	if !ok {
		return 0, bad
	}
	seq, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || seq <= 0 || seq > lastSeq {
		return 0, bad
	}
	return seq, nil
}

// ParseLimit reads the limit query parameter: absent means DefaultLimit.
func ParseLimit(raw string) (int, *failure) {
	if raw == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > api.MaxPageLimit {
		return 0, fail(http.StatusBadRequest, "INVALID_LIMIT", "limit must be an integer from 1 to "+strconv.Itoa(api.MaxPageLimit))
	}
	return n, nil
}

// List returns a page of the account's volumes, newest first.
func (s *Store) List(accountID string, limit int, cursor string) (api.VolumePage, *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(accountID)
	s.settleAll(a)
	items, next, f := newestFirst(a.volumes, func(v *volume) int64 { return v.Seq }, func(v *volume) api.Volume { return v.Record },
		volumeCursorNS, cursor, s.lastSeq, limit)
	return api.VolumePage{Items: items, NextCursor: next}, f
}

// newestFirst pages backwards through items (ascending by seq): up to limit of those older
// than the cursor, newest first, and the cursor of the next page ("" on the last).
func newestFirst[S, T any](items []S, seq func(S) int64, out func(S) T, namespace, cursor string, lastSeq int64, limit int) ([]T, string, *failure) {
	end := len(items) // exclusive
	if cursor != "" {
		before, f := decodeCursor(namespace, cursor, lastSeq)
		if f != nil {
			return nil, "", f
		}
		end = sort.Search(len(items), func(i int) bool { return seq(items[i]) >= before })
	}
	start := max(0, end-limit)
	page := make([]T, 0, end-start)
	for i := end - 1; i >= start; i-- {
		page = append(page, out(items[i]))
	}
	next := ""
	if start > 0 {
		next = encodeCursor(namespace, seq(items[start]))
	}
	return page, next, nil
}

// Get returns one volume.
func (s *Store) Get(accountID, uid string) (api.Volume, *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, v, f := s.lookup(accountID, uid)
	if f != nil {
		return api.Volume{}, f
	}
	return v.Record, nil
}

// State returns a volume's state flattened, as the state endpoint answers.
func (s *Store) State(accountID, uid string) (api.VolumeState, *failure) {
	vol, f := s.Get(accountID, uid)
	if f != nil {
		return api.VolumeState{}, f
	}
	st := vol.State
	return api.VolumeState{UID: vol.UID, Status: st.Status, Message: st.Message, UpdatedAt: st.UpdatedAt}, nil
}

// Events returns a page of a volume's events, newest first.
func (s *Store) Events(accountID, uid string, limit int, cursor string) (api.EventPage, *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, v, f := s.lookup(accountID, uid)
	if f != nil {
		return api.EventPage{}, f
	}
	items, next, f := newestFirst(v.Events, func(e event) int64 { return e.Seq }, func(e event) api.Event { return e.Event },
		"e"+uid, cursor, s.lastEvt, limit)
	return api.EventPage{Items: items, NextCursor: next}, f
}

// Rename sets a volume's name and records it.
func (s *Store) Rename(accountID, uid, name string) (api.Volume, *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, v, f := s.lookup(accountID, uid)
	if f != nil {
		return api.Volume{}, f
	}
	now := s.clock.Now()
	old := v.Record.Name
	v.Record.Name = name
	v.Record.UpdatedAt = api.At(now)
	status := v.Record.State.Status
	s.record(v, now, "RENAMED", status, status, "renamed from "+strconv.Quote(old)+" to "+strconv.Quote(name))
	return v.Record, nil
}

// Deprovision tears down a volume's storage: DELETING now, DELETED after the delete delay.
// Asking again while it is DELETING or DELETED changes nothing.
func (s *Store) Deprovision(accountID, uid string) (api.OperationResponse, *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, v, f := s.lookup(accountID, uid)
	if f != nil {
		return api.OperationResponse{}, f
	}
	if st := v.Record.State.Status; !api.StatusIs(st, "DELETING") && !api.StatusIs(st, "DELETED") {
		now := s.clock.Now()
		v.Next = nil
		s.setStatus(v, now, "STATUS_CHANGE", "DELETING", "", "Deprovision requested")
		s.schedule(a, v, transition{At: now.Add(s.life.DeleteDelay), Status: "DELETED", Reason: "Storage released"})
	}
	return api.OperationResponse{UID: v.Record.UID, State: v.Record.State}, nil
}

// Remove forgets a volume's record; it answers 404 from then on.
func (s *Store) Remove(accountID, uid string) *failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, v, f := s.lookup(accountID, uid)
	if f != nil {
		return f
	}
	i := sort.Search(len(a.volumes), func(i int) bool { return a.volumes[i].Seq >= v.Seq })
	a.volumes = slices.Delete(a.volumes, i, i+1)
	delete(a.byUID, uid)
	delete(a.pending, v)
	delete(s.owners, uid)
	s.changes++
	return nil
}

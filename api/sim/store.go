package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"tvol/api"
)

// Lifecycle sets how volumes move on their own.
type Lifecycle struct {
	ProvisionDelay time.Duration // PROVISIONING → READY (or FAILED)
	DeleteDelay    time.Duration // DELETING → DELETED
	FailRatio      float64       // share of creates that end FAILED
}

// Store is the simulator's in-memory state: accounts, their volumes and events. It is safe
// for concurrent use; every method takes the account the request's key belongs to.
type Store struct {
	mu       sync.Mutex
	clock    Clock
	life     Lifecycle
	rng      *rand.Rand
	accounts map[string]*account
	owners   map[string]string // volume UID → account ID, to tell 403 from 404
	lastSeq  int64             // last volume sequence number given out
	lastEvt  int64             // last event sequence number given out
	changes  uint64            // bumped by every mutation, so a saver knows when to write
}

type account struct {
	volumes []*volume // ascending Seq: oldest first
	byUID   map[string]*volume
	pending map[*volume]struct{} // volumes with a transition still to come
}

// volume is a record plus what the simulator knows beyond it. Exported fields are persisted.
type volume struct {
	Seq    int64       `json:"seq"`
	Record api.Volume  `json:"record"`
	Events []event     `json:"events"` // ascending Seq: oldest first
	Next   *transition `json:"next,omitempty"`
}

type event struct {
	Seq int64 `json:"seq"`
	api.Event
}

// transition is a status change due at a time, applied when the volume is next looked at.
type transition struct {
	At      time.Time `json:"at"`
	Status  string    `json:"status"`
	Message string    `json:"message"`
	Reason  string    `json:"reason"`
}

// AccountID names the account of an API key without keeping the key itself, so neither the
// state file nor anything else the simulator writes holds a key.
func AccountID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "acct-" + hex.EncodeToString(sum[:6])
}

// NewStore returns an empty store. seed makes UIDs and failures repeatable.
func NewStore(clock Clock, life Lifecycle, seed int64) *Store {
	if clock == nil {
		clock = RealClock{}
	}
	return &Store{
		clock:    clock,
		life:     life,
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x5eed_7701)),
		accounts: map[string]*account{},
		owners:   map[string]string{},
	}
}

// Changes counts mutations so far.
func (s *Store) Changes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes
}

func (s *Store) account(id string) *account {
	a := s.accounts[id]
	if a == nil {
		a = &account{byUID: map[string]*volume{}, pending: map[*volume]struct{}{}}
		s.accounts[id] = a
	}
	return a
}

// failure is an answer other than success, with the JSON body the server sends.
type failure struct {
	status int
	body   api.ErrorBody
}

func (f *failure) Error() string { return f.body.Error }

func fail(status int, reason, message string) *failure {
	return &failure{status: status, body: api.ErrorBody{Error: message, Reason: reason}}
}

func notFound(uid string) *failure {
	return fail(http.StatusNotFound, "NOT_FOUND", "volume "+uid+" not found")
}

// lookup finds a volume of the account, settled to now: 404 when nobody has it, 403 when
// another account does.
func (s *Store) lookup(accountID, uid string) (*account, *volume, *failure) {
	owner, ok := s.owners[uid]
	if !ok {
		return nil, nil, notFound(uid)
	}
	if owner != accountID {
		return nil, nil, fail(http.StatusForbidden, "FORBIDDEN", "not allowed to access volume "+uid)
	}
	a := s.accounts[owner]
	v := a.byUID[uid]
	s.settle(a, v, s.clock.Now())
	return a, v, nil
}

// settle applies every transition of v that is due by now, recording an event for each.
func (s *Store) settle(a *account, v *volume, now time.Time) {
	for v.Next != nil && !now.Before(v.Next.At) {
		t := *v.Next
		v.Next = nil
		delete(a.pending, v)
		s.setStatus(v, t.At, "STATUS_CHANGE", t.Status, t.Message, t.Reason)
		if api.StatusIs(t.Status, "DELETED") {
			v.Record.WorkloadUID, v.Record.MountPath, v.Record.CostPerHour = "", "", 0
		}
	}
}

func (s *Store) settleAll(a *account) {
	now := s.clock.Now()
	for v := range a.pending {
		s.settle(a, v, now)
	}
}

func (s *Store) schedule(a *account, v *volume, t transition) {
	v.Next = &t
	a.pending[v] = struct{}{}
}

// setStatus changes the status and records the event that says so.
func (s *Store) setStatus(v *volume, at time.Time, eventType, status, message, reason string) {
	old := v.Record.State.Status
	v.Record.State = api.State{Status: status, Message: message, UpdatedAt: api.At(at)}
	v.Record.UpdatedAt = api.At(at)
	s.record(v, at, eventType, old, status, reason)
}

func (s *Store) record(v *volume, at time.Time, eventType, oldStatus, newStatus, reason string) {
	s.lastEvt++
	v.Events = append(v.Events, event{Seq: s.lastEvt, Event: api.Event{
		VolumeUID:     v.Record.UID,
		EventType:     eventType,
		OldStatus:     oldStatus,
		NewStatus:     newStatus,
		Reason:        reason,
		ResourceName:  v.Record.ResourceName,
		PVCName:       v.Record.PVCName,
		RequestedSize: api.FormatQuantity(v.Record.SizeMiB),
		CreatedAt:     api.At(at),
	}})
	s.changes++
}

// newUID returns an unused "vol-" + 12 lower-case alphanumerics.
func (s *Store) newUID(r *rand.Rand, prefix string) string {
	for {
		uid := prefix + randomID(r, 12)
		if _, taken := s.owners[uid]; !taken {
			return uid
		}
	}
}

func randomID(r *rand.Rand, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// pricePerGiBHour is the simulator's price table; a resource not in it costs the default.
func pricePerGiBHour(resource string) float64 {
	switch strings.ToLower(resource) {
	case "storage-rentals":
		return 0.00014
	case "h200-small":
		return 0.005 // the reference's example: 10 GiB at 0.05 an hour
	case "h100-small":
		return 0.004
	case "a100-small":
		return 0.003
	case "rtx4090-small":
		return 0.002
	default:
		return 0.0002
	}
}

// costPerHour prices a volume from the table, rounded to a millionth as a bill would be.
func costPerHour(resource string, mib int64) float64 {
	return math.Round(pricePerGiBHour(resource)*float64(mib)/1024*1e6) / 1e6
}

// insert adds v to the account at its place by Seq (seeding adds in order, so this appends).
func (s *Store) insert(accountID string, v *volume) {
	a := s.account(accountID)
	i := sort.Search(len(a.volumes), func(i int) bool { return a.volumes[i].Seq > v.Seq })
	a.volumes = append(a.volumes, nil)
	copy(a.volumes[i+1:], a.volumes[i:])
	a.volumes[i] = v
	a.byUID[v.Record.UID] = v
	s.owners[v.Record.UID] = accountID
	if v.Next != nil {
		a.pending[v] = struct{}{}
	}
}

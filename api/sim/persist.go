package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// snapshot is the persisted form of a Store. Accounts are named by AccountID, never by key.
type snapshot struct {
	Format   int                  `json:"format"`
	LastSeq  int64                `json:"last_seq"`
	LastEvt  int64                `json:"last_event"`
	Accounts map[string][]*volume `json:"accounts"`
}

const snapshotFormat = 1

// Save writes the whole store as JSON.
func (s *Store) Save(w io.Writer) error {
	// Encoded under the lock: the volumes are shared with the live store.
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := snapshot{Format: snapshotFormat, LastSeq: s.lastSeq, LastEvt: s.lastEvt, Accounts: map[string][]*volume{}}
	for id, a := range s.accounts {
		snap.Accounts[id] = a.volumes
	}
	return json.NewEncoder(w).Encode(snap)
}

// Load replaces the store's contents with what Save wrote.
func (s *Store) Load(r io.Reader) error {
	var snap snapshot
	if err := json.NewDecoder(r).Decode(&snap); err != nil {
		return fmt.Errorf("reading simulator state: %w", err)
	}
	if snap.Format != snapshotFormat {
		return fmt.Errorf("simulator state has format %d; this tvol reads format %d", snap.Format, snapshotFormat)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts, s.owners = map[string]*account{}, map[string]string{}
	s.lastSeq, s.lastEvt = snap.LastSeq, snap.LastEvt
	for id, vols := range snap.Accounts {
		for _, v := range vols {
			if v == nil || v.Record.UID == "" {
				return fmt.Errorf("simulator state has a volume without a UID in account %s", id)
			}
			if _, dup := s.owners[v.Record.UID]; dup {
				return fmt.Errorf("simulator state lists volume %s twice", v.Record.UID)
			}
			s.insert(id, v)
		}
	}
	s.changes++
	return nil
}

// SaveFile writes the store to path atomically (a temporary file renamed over it), mode 0600.
func (s *Store) SaveFile(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("saving simulator state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("saving simulator state: %w", err)
	}
	if err := s.Save(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("saving simulator state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving simulator state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving simulator state: %w", err)
	}
	return nil
}

// LoadFile reads a store saved by SaveFile. A missing file is not an error: it is a first run.
func (s *Store) LoadFile(path string) (loaded bool, err error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading simulator state: %w", err)
	}
	defer f.Close()
	if err := s.Load(f); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	return true, nil
}

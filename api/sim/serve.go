package sim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ServeOptions shape Serve.
type ServeOptions struct {
	StateFile string        // "": nothing is persisted
	SaveEvery time.Duration // how often changed state is written; 0: every 2s
}

// Serve answers on ln until ctx ends, then shuts down gracefully (in-flight requests get a few
// seconds) and writes the state file a last time.
func Serve(ctx context.Context, ln net.Listener, s *Server, opts ServeOptions) error {
	httpServer := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()

	save := func() error { return nil }
	if opts.StateFile != "" {
		saved := ^uint64(0) // nothing saved yet: the first save writes, seeded fleet included
		save = func() error {
			if now := s.store.Changes(); now != saved {
				if err := s.store.SaveFile(opts.StateFile); err != nil {
					return err
				}
				saved = now
			}
			return nil
		}
	}
	every := opts.SaveEvery
	if every <= 0 {
		every = 2 * time.Second
	}
	ticker := time.NewTicker(every)
	defer ticker.Stop()

	var serveErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case serveErr = <-served:
			break loop
		case <-ticker.C:
			if err := save(); err != nil {
				return err
			}
		}
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		_ = httpServer.Close()
	}
	if serveErr == nil {
		serveErr = <-served
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	if err := save(); err != nil {
		return errors.Join(serveErr, err)
	}
	if serveErr != nil {
		return fmt.Errorf("serving: %w", serveErr)
	}
	return nil
}

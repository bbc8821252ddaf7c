package cli

import (
	"fmt"
	"time"

	"tvol/api"
)

// waitFor polls the state until the volume is ready (healthy), deleted (DELETED, or its record
// gone) or gone (its record removed: 404). It fails at once on FAILED or ERROR, with the
// state's message, and after timeout. On a terminal it keeps one progress line on stderr.
func (r *runner) waitFor(uid, name, target string, timeout time.Duration) (api.VolumeState, error) {
	started := time.Now()
	deadline := started.Add(timeout)
	defer r.progress("")
	for {
		st, err := r.client.GetVolumeState(r.ctx, uid)
		switch {
		case api.IsNotFound(err) && (target == "gone" || target == "deleted"):
			return api.VolumeState{UID: uid, Status: "DELETED"}, nil
		case err != nil:
			return st, err
		}
		class := api.ClassOf(st.Status)
		switch {
		case target == "ready" && class == api.ClassHealthy,
			target == "deleted" && class == api.ClassGone:
			return st, nil
		case class == api.ClassFailed:
			msg := st.Message
			if msg == "" {
				msg = "no message"
			}
			return st, fmt.Errorf("%s (%s) is %s: %s", uid, name, st.Status, msg)
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("timed out after %s waiting for %s (%s) to be %s; it is %s", timeout, uid, name, target, st.Status)
		}
		r.progress(fmt.Sprintf("%s %s (%s): %s, waiting to be %s · %s", class.Glyph(), uid, name, st.Status, target,
			time.Since(started).Round(time.Second)))
		select {
		case <-r.ctx.Done():
			return st, r.ctx.Err()
		case <-time.After(r.poll):
		}
	}
}

// progress rewrites one status line on a terminal; on a pipe it says nothing.
func (r *runner) progress(line string) {
	if !r.io.StdoutTTY {
		return
	}
	fmt.Fprintf(r.io.Stderr, "\r\x1b[K%s", line)
}
